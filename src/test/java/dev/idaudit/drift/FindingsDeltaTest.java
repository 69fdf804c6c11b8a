package dev.idaudit.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.drift.FindingsDelta.FindingChange;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingsDeltaTest {

    private static Finding finding(String rule, String resource, String account, Status status, Finding.WaiverRef waiver) {
        return new Finding(rule, "title", status, Severity.HIGH, new Finding.Resource("assignment", resource, resource, account),
                "reason", "fix it", Map.of(), waiver);
    }

    private static Finding finding(String rule, String resource, Status status) {
        return finding(rule, resource, null, status, null);
    }

    private static final Finding.WaiverRef EXPIRED = new Finding.WaiverRef("accepted", "sec", "SEC-1", "2026-11-01", true);
    private static final Finding.WaiverRef ACTIVE = new Finding.WaiverRef("accepted", "sec", "SEC-2", "2027-01-01", false);

    private static List<String> ids(List<FindingChange> changes) {
        return changes.stream().map(c -> c.ruleId() + " " + c.resource().id()).toList();
    }

    @Test
    void sortsEachFindingIntoWhatHappenedToIt() {
        List<Finding> before = List.of(
                finding("idc_assignments_to_groups_only", "mallory", Status.FAIL),
                finding("idc_permission_set_in_use", "SecurityAudit", Status.FAIL),
                finding("sync_user_attributes_match", "heidi", Status.FAIL),
                finding("okta_aws_app_signing_key_valid", "kid-1", null, Status.WAIVED, ACTIVE),
                finding("iam_reserved_sso_role_used_recently", "ReadOnly", Status.FAIL),
                finding("okta_aws_user_status_active", "erin", Status.PASS),
                finding("org_scp_restricts_regions", "666666666666", Status.FAIL));
        List<Finding> after = List.of(
                finding("idc_assignments_to_groups_only", "mallory", Status.FAIL),
                finding("idc_permission_set_in_use", "SecurityAudit", Status.PASS),
                finding("sync_user_attributes_match", "heidi", null, Status.WAIVED, ACTIVE),
                finding("okta_aws_app_signing_key_valid", "kid-1", null, Status.FAIL, EXPIRED),
                finding("iam_reserved_sso_role_used_recently", "ReadOnly", Status.NOT_EVALUATED),
                finding("okta_aws_user_status_active", "erin", Status.FAIL));

        FindingsDelta delta = FindingsDelta.compare(before, after);

        assertEquals(List.of("okta_aws_user_status_active erin"), ids(delta.newFailures()));
        assertEquals(List.of("idc_permission_set_in_use SecurityAudit", "org_scp_restricts_regions 666666666666"), ids(delta.resolved()));
        assertEquals(List.of("idc_assignments_to_groups_only mallory"), ids(delta.stillFailing()));
        assertEquals(List.of("sync_user_attributes_match heidi"), ids(delta.newlyWaived()));
        assertEquals(List.of("okta_aws_app_signing_key_valid kid-1"), ids(delta.waiverExpired()));
        assertEquals(List.of("iam_reserved_sso_role_used_recently ReadOnly"), ids(delta.noLongerEvaluated()),
                "missing data is never a resolution");
        assertFalse(delta.isEmpty());
    }

    @Test
    void keysFindingsByRuleResourceAndAccount() {
        List<Finding> before = List.of(finding("iam_reserved_sso_role_used_recently", "AWSReservedSSO_ReadOnly", "222222222222", Status.FAIL, null));
        List<Finding> after = List.of(
                finding("iam_reserved_sso_role_used_recently", "AWSReservedSSO_ReadOnly", "222222222222", Status.FAIL, null),
                finding("iam_reserved_sso_role_used_recently", "AWSReservedSSO_ReadOnly", "333333333333", Status.FAIL, null));

        FindingsDelta delta = FindingsDelta.compare(before, after);

        assertEquals(1, delta.stillFailing().size());
        assertEquals("333333333333", delta.newFailures().get(0).resource().accountId());
    }

    @Test
    void stillFailingAloneIsNoChange() {
        List<Finding> same = List.of(finding("idc_assignments_to_groups_only", "mallory", Status.FAIL));

        FindingsDelta delta = FindingsDelta.compare(same, same);

        assertTrue(delta.isEmpty());
        assertEquals(1, delta.stillFailing().size());
    }

    @Test
    void aDiffWithFindingsRendersTheDelta() {
        SnapshotDiff d = SnapshotDiff.compare(new AcmeSnapshot().build(), new AcmeSnapshot().build())
                .withFindings(FindingsDelta.compare(List.of(), List.of(finding("okta_aws_user_status_active", "erin", Status.FAIL))));

        assertFalse(d.isEmpty());
        String text = TextRendering.diff(d);
        assertTrue(text.contains("Findings: 1 new, 0 resolved, 0 still failing, 0 newly waived, 0 waiver expired, 0 no longer evaluated"), text);
        assertTrue(text.contains("  new       okta_aws_user_status_active: erin"), text);
    }

    @Test
    void aFailureAbsentWhereItsRuleWasNotEvaluatedIsNotCollectedNotResolved() {
        String rule = "iam_no_unused_reserved_sso_roles";
        List<Finding> before = List.of(
                finding(rule, "OldRole", "222222222222", Status.FAIL, null),
                finding(rule, "OtherRole", "333333333333", Status.FAIL, null),
                finding("idc_permission_set_in_use", "SecurityAudit", Status.FAIL));
        List<Finding> after = List.of(
                // What the rule engine writes for an account it could not evaluate.
                new Finding(rule, "title", Status.NOT_EVALUATED, Severity.HIGH, new Finding.Resource("account", "222222222222",
                        "222222222222", "222222222222"), "not evaluated for account 222222222222", "fix it", Map.of(), null),
                new Finding("idc_permission_set_in_use", "title", Status.NOT_EVALUATED, Severity.LOW,
                        new Finding.Resource("snapshot", "snapshot", "required data", null), "not evaluated", "fix it", Map.of(), null));

        FindingsDelta delta = FindingsDelta.compare(before, after);

        assertEquals(List.of(rule + " OtherRole"), ids(delta.resolved()), "the account that was read: gone is resolved");
        assertEquals(List.of(rule + " OldRole", "idc_permission_set_in_use SecurityAudit"), ids(delta.notCollected()));
        assertFalse(delta.isEmpty());
    }
}
