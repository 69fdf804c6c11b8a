package dev.idaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.idaudit.drift.EntityType;
import dev.idaudit.drift.FindingsDelta;
import dev.idaudit.drift.SnapshotDiff;
import dev.idaudit.rules.Finding;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.util.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the console and the chat message say about the last run, from the findings delta and the entity diff. */
class SinceLastRunTest {
    private static final String PREVIOUS = "2026-11-30T03-00-00Z";

    /** A finding as findings.json holds it (read, so that fields added to Finding later keep this test whole). */
    private static Finding finding(String rule, String status, String type, String id, String name, String account) {
        try {
            return Json.json().readValue("""
                    {"ruleId": "%s", "title": "t", "status": "%s", "severity": "HIGH",
                     "resource": {"type": "%s", "id": "%s", "name": "%s", "accountId": %s}, "reason": "r"}
                    """.formatted(rule, status, type, id, name, account == null ? "null" : "\"" + account + "\""), Finding.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static SnapshotDiff diff(List<Finding> before, List<Finding> now, List<SnapshotDiff.TypeDiff> types) {
        return new SnapshotDiff(new SnapshotDiff.Side(null, null), new SnapshotDiff.Side(null, null), types, List.of(),
                FindingsDelta.compare(before, now));
    }

    private static SnapshotDiff.TypeDiff assignmentsAdded(String... names) {
        List<SnapshotDiff.EntityChange> added = new ArrayList<>();
        for (String n : names) {
            added.add(new SnapshotDiff.EntityChange(SnapshotDiff.ChangeKind.ADDED, EntityType.IDC_ASSIGNMENT, n, n, List.of(), List.of(), List.of()));
        }
        return new SnapshotDiff.TypeDiff(EntityType.IDC_ASSIGNMENT, EntityType.IDC_ASSIGNMENT.title, added, List.of(), List.of(), List.of());
    }

    @Test
    void namesNewFailuresFixedOnesAndNewAccessWithTheLastRunsId() {
        Finding suspended = finding("okta_suspended_user_no_aws_access", "FAIL", "okta_user", "00u1", "dave@acme.example", null);
        Finding admin = finding("idc_admin_permission_sets_restricted", "FAIL", "assignment", "a1", "USER eve → Admin", "111111111111");
        Finding mfa = finding("okta_user_mfa_enforced", "FAIL", "okta_user", "00u2", "bob@acme.example", null);
        Finding mfaNow = finding("okta_user_mfa_enforced", "PASS", "okta_user", "00u2", "bob@acme.example", null);

        SinceLastRun since = SinceLastRun.of(PREVIOUS,
                diff(List.of(mfa), List.of(suspended, admin, mfaNow), List.of(assignmentsAdded("USER eve → Admin → 111111111111"))), List.of());

        assertEquals(List.of(
                "2 new failures since the last run (2026-11-30T03-00-00Z): idc_admin_permission_sets_restricted · USER eve → Admin [111111111111];"
                        + " okta_suspended_user_no_aws_access · dave@acme.example",
                "1 fixed: okta_user_mfa_enforced · bob@acme.example",
                "1 new access grant: USER eve → Admin → 111111111111"), since.lines());
    }

    @Test
    void aFailureThisRunCouldNotSeeIsNeverCalledFixed() {
        Finding before = finding("iam_reserved_sso_role_used_recently", "FAIL", "iam_role", "AWSReservedSSO_Admin", "AWSReservedSSO_Admin", "111111111111");
        Finding gap = finding("iam_reserved_sso_role_used_recently", "NOT_EVALUATED", Finding.Resource.ACCOUNT, "111111111111", "prod", "111111111111");
        CollectionIssue assignmentsUnread = Json.json().convertValue(java.util.Map.of("section", Sections.AWS_IDC_ASSIGNMENTS,
                "accountId", "111111111111", "error", "AccessDenied"), CollectionIssue.class);

        SinceLastRun since = SinceLastRun.of(PREVIOUS, diff(List.of(before), List.of(gap), List.of()), List.of(assignmentsUnread));

        assertEquals(List.of(
                "No new failures since the last run (2026-11-30T03-00-00Z)",
                "None fixed",
                "New access unknown: Account assignments not fully collected this run",
                "Comparison incomplete: 1 earlier failure was not collected or not evaluated this run (unknown, not counted as fixed):"
                        + " iam_reserved_sso_role_used_recently · AWSReservedSSO_Admin [111111111111]"), since.lines());
    }

    @Test
    void saysPlainlyWhenThereIsNothingToCompareWith() {
        assertEquals(List.of("No previous run to compare with: no failure is called new or fixed"), SinceLastRun.NO_PREVIOUS_RUN.lines());
        assertEquals(List.of("Not compared with the last run (" + PREVIOUS + "): it could not be read"),
                SinceLastRun.unreadable(PREVIOUS, "it could not be read").lines());
    }

    @Test
    void namesTheFirstFewAndCountsTheRest() {
        List<Finding> now = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            now.add(finding("okta_user_mfa_enforced", "FAIL", "okta_user", "00u" + i, "user" + i, null));
        }
        String headline = SinceLastRun.of(PREVIOUS, diff(List.of(), now, List.of()), List.of()).lines().get(0);
        assertEquals("8 new failures since the last run (2026-11-30T03-00-00Z): okta_user_mfa_enforced · user0; okta_user_mfa_enforced · user1;"
                + " okta_user_mfa_enforced · user2; okta_user_mfa_enforced · user3; okta_user_mfa_enforced · user4; and 3 more", headline);
    }
}
