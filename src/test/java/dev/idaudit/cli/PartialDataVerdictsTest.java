package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.collect.Progress;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.RuleEngine;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.Status;
import dev.idaudit.rules.Waivers;
import dev.idaudit.sandbox.Faults;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.sandbox.Traffic.Fault;
import dev.idaudit.sandbox.Traffic.FaultKind;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Completeness;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Collections of acme through the real SDK clients while a list fails, is throttled out or
 * repeats its cursor: every section read through a partial list says so, and no PASS or FAIL
 * rests on what was not read. Against the same world, a verdict that a partial collection still
 * gives must be the verdict of the complete one, and a FAIL of the
 * complete one may only turn into NOT_EVALUATED, never disappear or pass.
 *
 * <p>Faults use time scale 1 (the vendors' own clock): the collectors wait and retry exactly as
 * they would against Okta and AWS, and give up the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialDataVerdictsTest {
    /** Pages of two, so that every list has cursors to repeat. */
    private static final Scenario ACME = Scenario.load("acme").withSettings(new Scenario.Settings(2, 2));
    private static final String DAVE = "00u1dave00000000004";
    private static final String ERIN = "00u1erin00000000005";

    private Snapshot clean;
    private List<Finding> cleanFindings;
    private final Map<String, String> principalIdByName = new LinkedHashMap<>();

    private record Run(Snapshot snapshot, List<Finding> findings, List<Faults.Fired> fired) {}

    @BeforeAll
    void collectAcmeCompletely() {
        Run run = collect(ACME);
        assertEquals(List.of(), run.snapshot().collectionIssues());
        clean = run.snapshot();
        cleanFindings = run.findings();
        clean.aws().identityCenter().users().forEach(u -> principalIdByName.put(u.userName(), u.userId()));
        clean.aws().identityCenter().groups().forEach(g -> principalIdByName.put(g.displayName(), g.groupId()));
    }

    private static Run collect(Scenario scenario) {
        try (Sandbox sandbox = Sandbox.start(scenario)) {
            Snapshot snapshot = Collector.collectSandbox(sandbox, Progress.SILENT).snapshot();
            List<Faults.Fired> fired = new ArrayList<>(sandbox.okta().faultsFired());
            fired.addAll(sandbox.aws().faultsFired());
            List<Finding> findings = new RuleEngine(RulePack.builtIn())
                    .check(snapshot, Waivers.NONE, LocalDate.now(ZoneOffset.UTC)).findings();
            return new Run(snapshot, findings, fired);
        }
    }

    private static Run collectWith(Fault... faults) {
        return collect(ACME.withSettings(ACME.settings().withTraffic(Traffic.NONE.withFaults(List.of(faults)))));
    }

    private static Fault always(String side, FaultKind kind, String operation) {
        return new Fault(side, kind, operation, null, -1, null);
    }

    private static Fault once(String side, FaultKind kind, String operation) {
        return new Fault(side, kind, operation, null, 1, null);
    }

    /**
     * A finding's rule and resource. Resource ids that name a principal (an assignment's
     * "account/permission set/principal") show its display name when the principal was listed and
     * its id otherwise; the verdict is the same, so ids are compared with principals by id.
     */
    private String key(Finding f) {
        List<String> parts = new ArrayList<>();
        for (String part : f.resource().id().split("/", -1)) {
            parts.add(principalIdByName.getOrDefault(part, part));
        }
        return f.ruleId() + " " + f.resource().type() + " " + String.join("/", parts);
    }

    /**
     * The invariant of truth under partial data, against the complete collection of the same world:
     * each PASS or FAIL given is the complete one's, and each FAIL of the
     * complete one is still given, or is NOT_EVALUATED for its resource, its account or the rule.
     */
    private void assertNoVerdictRestsOnAGap(Run run) {
        Map<String, Finding> complete = new LinkedHashMap<>();
        cleanFindings.forEach(f -> complete.put(key(f), f));
        List<String> wrong = new ArrayList<>();
        for (Finding f : run.findings()) {
            if (f.status() != Status.PASS && f.status() != Status.FAIL) {
                continue;
            }
            Finding truth = complete.get(key(f));
            if (truth == null || truth.status() != f.status()) {
                wrong.add(key(f) + ": " + f.status() + " '" + f.reason() + "', complete: "
                        + (truth == null ? "no such finding" : truth.status() + " '" + truth.reason() + "'"));
            }
        }
        for (Finding truth : cleanFindings) {
            if (truth.status() != Status.FAIL) {
                continue;
            }
            boolean kept = run.findings().stream().anyMatch(f -> key(f).equals(key(truth))
                    && (f.status() == Status.FAIL || f.status() == Status.NOT_EVALUATED));
            boolean notEvaluated = run.findings().stream().anyMatch(f -> f.ruleId().equals(truth.ruleId())
                    && f.status() == Status.NOT_EVALUATED
                    && (f.resource().type().equals("snapshot") || f.resource().type().equals("okta_app")
                        || (f.resource().type().equals("account") && f.resource().id().equals(truth.resource().accountId()))));
            if (!kept && !notEvaluated) {
                wrong.add(key(truth) + ": FAIL '" + truth.reason() + "' disappeared without NOT_EVALUATED");
            }
        }
        assertEquals(List.of(), wrong, "verdicts that rest on data not read; issues: " + run.snapshot().collectionIssues());
    }

    private static List<CollectionIssue> issues(Run run, Predicate<CollectionIssue> which) {
        return run.snapshot().collectionIssues().stream().filter(which).toList();
    }

    private static Status status(Run run, String ruleId, String resourceId) {
        return run.findings().stream().filter(f -> f.ruleId().equals(ruleId) && f.resource().id().startsWith(resourceId))
                .map(Finding::status).findFirst().orElse(null);
    }

    /** The status of a rule's finding on the resource a person reads as {@code name} (a permission set's id is its ARN). */
    private static Status statusOfNamed(Run run, String ruleId, String name) {
        return run.findings().stream().filter(f -> f.ruleId().equals(ruleId) && name.equals(f.resource().name()))
                .map(Finding::status).findFirst().orElse(null);
    }

    @Test
    void listUsersFailingEveryTimeMakesNoPushedGroupFailOnTheMissingUsers() {
        Run run = collectWith(always("aws", FaultKind.ERROR_500, "ListUsers"));

        assertFalse(issues(run, i -> i.section().equals(Sections.AWS_IDC_USERS) && i.api().equals("identitystore:ListUsers")).isEmpty());
        assertFalse(Completeness.complete(run.snapshot(), Sections.AWS_IDC_USERS));
        assertNotEquals(Status.FAIL, status(run, "sync_group_members_match", "9a6b0001-devops"),
                "alice is in org-DevOps on both sides: without the user list she is unknown, not extra");
        assertEquals(entities(clean, Sections.AWS_IDC_ASSIGNMENTS), entities(run.snapshot(), Sections.AWS_IDC_ASSIGNMENTS),
                "a partial user list is not used to choose how assignments are listed");
        assertNoVerdictRestsOnAGap(run);
    }

    @Test
    void listGroupsFailingEveryTimeLeavesNoDeprovisionedUserPassingAndNoPermissionSetUnused() {
        Run run = collectWith(always("aws", FaultKind.ERROR_500, "ListGroups"));

        List<CollectionIssue> inherited = issues(run, i -> i.section().equals(Sections.AWS_IDC_GROUP_MEMBERSHIPS)
                && CollectionIssue.READ_THROUGH_PARTIAL_LIST.equals(i.error()));
        assertEquals(1, inherited.size(), run.snapshot().collectionIssues().toString());
        assertEquals(Sections.AWS_IDC_GROUPS, inherited.get(0).inheritedFrom());
        assertEquals("identitystore:ListGroups", inherited.get(0).api());
        assertEquals(entities(clean, Sections.AWS_IDC_ASSIGNMENTS), entities(run.snapshot(), Sections.AWS_IDC_ASSIGNMENTS),
                "assignments are listed per permission set and account, not per principal from a partial group list");
        assertNotEquals(Status.PASS, status(run, "okta_aws_user_status_active", DAVE), "DEPROVISIONED dave reaches AWS through org-Developers");
        assertNotEquals(Status.PASS, status(run, "okta_aws_user_status_active", ERIN), "SUSPENDED erin reaches AWS through org-ReadOnly");
        for (String used : List.of("Developer", "ReadOnly", "BreakGlass")) {
            assertEquals(Status.PASS, statusOfNamed(run, "idc_permission_set_in_use", used), used + " is assigned to a group");
        }
        // The assignment is still listed (above); its finding names the principal through the group list, so
        // the rule may not decide it (NOT_EVALUATED, saying why) but never lets it pass unseen.
        assertTrue(run.findings().stream().anyMatch(f -> f.ruleId().equals("idc_assignment_account_active")
                        && (f.status() == Status.FAIL && f.resource().id().startsWith("555555555555/ReadOnly/")
                            || f.status() == Status.NOT_EVALUATED && f.reason().contains(Sections.AWS_IDC_GROUPS))),
                "the suspended account's assignment is still found, or its rule says the group list is missing");
        assertNoVerdictRestsOnAGap(run);
    }

    @Test
    void provisioningStatusFailingMarksTheAssignmentsFoundThroughItPossiblyIncomplete() {
        Run run = collectWith(always("aws", FaultKind.ERROR_500, "ListPermissionSetProvisioningStatus"));

        List<CollectionIssue> inherited = issues(run, i -> i.section().equals(Sections.AWS_IDC_ASSIGNMENTS)
                && Sections.AWS_IDC_PROVISIONING_REQUESTS.equals(i.inheritedFrom()));
        assertEquals(1, inherited.size(), run.snapshot().collectionIssues().toString());
        assertEquals(CollectionIssue.READ_THROUGH_PARTIAL_LIST, inherited.get(0).error());
        assertTrue(inherited.get(0).message().contains("provisioning requests"), inherited.get(0).message());
        assertNoVerdictRestsOnAGap(run);
    }

    @Test
    void aThrottlingStormOnIdentityCenterAtTimeScaleOneIsOutlastedByNoVerdict() {
        Run run = collectWith(always("aws", FaultKind.THROTTLED, "ListUsers"), always("aws", FaultKind.THROTTLED, "ListGroups"));

        assertTrue(run.fired().size() >= 2 * 2, "every attempt was throttled and retried: " + run.fired().size());
        assertEquals(List.of("ThrottlingException", "ThrottlingException"), issues(run, i -> i.api().equals("identitystore:ListUsers")
                || i.api().equals("identitystore:ListGroups")).stream().filter(i -> i.inheritedFrom() == null)
                .map(CollectionIssue::error).toList());
        assertFalse(Completeness.complete(run.snapshot(), Sections.AWS_IDC_GROUP_MEMBERSHIPS));
        assertEquals(entities(clean, Sections.AWS_IDC_ASSIGNMENTS), entities(run.snapshot(), Sections.AWS_IDC_ASSIGNMENTS));
        assertNoVerdictRestsOnAGap(run);
    }

    @Test
    void aRateLimitStormOnOktaAtTimeScaleOneIsOutlastedByNoVerdict() {
        Run run = collectWith(always("okta", FaultKind.THROTTLED, "/api/v1/users"), always("okta", FaultKind.THROTTLED, "/api/v1/groups"));

        assertTrue(run.fired().size() >= 2 * 2, "every attempt got a 429 and was retried after its reset: " + run.fired().size());
        assertEquals(List.of("429", "429"), issues(run, i -> i.section().equals(Sections.OKTA_USERS) || i.section().equals(Sections.OKTA_GROUPS))
                .stream().map(CollectionIssue::error).toList());
        assertNoVerdictRestsOnAGap(run);
    }

    @Test
    void aRepeatedCursorOnEachSideKeepsWhatWasReadAndSaysWhereItStopped() {
        Run run = collectWith(once("okta", FaultKind.REPEAT_CURSOR, "/api/v1/users"), once("aws", FaultKind.REPEAT_CURSOR, "ListGroups"));

        CollectionIssue okta = issues(run, i -> i.section().equals(Sections.OKTA_USERS)).get(0);
        assertEquals(CollectionIssue.REPEATED_PAGE_TOKEN, okta.error());
        assertEquals(2, okta.pagesRead(), okta.toString());
        assertTrue(okta.message().contains("4 users kept"), okta.message());
        List<String> oktaUsers = run.snapshot().okta().users().stream().map(OktaSnapshot.User::id).toList();
        assertTrue(oktaUsers.size() >= 4 && oktaUsers.size() < clean.okta().users().size(), "the users read before the cursor repeated are kept: " + oktaUsers);
        assertTrue(clean.okta().users().stream().map(OktaSnapshot.User::id).toList().containsAll(oktaUsers));

        CollectionIssue aws = issues(run, i -> i.section().equals(Sections.AWS_IDC_GROUPS)).get(0);
        assertEquals(CollectionIssue.REPEATED_PAGE_TOKEN, aws.error());
        assertEquals(2, aws.pagesRead(), aws.toString());
        assertEquals(4, run.snapshot().aws().identityCenter().groups().size(), "two pages of two groups are kept");
        assertFalse(issues(run, i -> i.section().equals(Sections.AWS_IDC_GROUP_MEMBERSHIPS)
                && Sections.AWS_IDC_GROUPS.equals(i.inheritedFrom())).isEmpty(), "memberships are read per group: they inherit the gap");
        assertNoVerdictRestsOnAGap(run);
    }

    @Test
    void anIdentityStoreUserAnsweredWithoutUserStatusIsCollectedAsUnknownNotDisabled() {
        ObjectNode aws = ACME.aws().deepCopy();
        aws.with("identityStores").with("d-acme000001").withArray("users").forEach(u -> {
            if (u.path("id").asText().equals("9a6c0005-erin")) {
                ((ObjectNode) u).putNull("status");
            }
        });
        Run run = collect(new Scenario("acme-no-user-status", ACME.description(), ACME.settings(), ACME.okta(), aws, ACME.plants()));

        AwsSnapshot.IdentityStoreUser erin = run.snapshot().aws().identityCenter().users().stream()
                .filter(u -> u.userId().equals("9a6c0005-erin")).findFirst().orElseThrow();
        assertNull(erin.userStatus(), "absent stays absent");
        assertEquals("ENABLED", run.snapshot().aws().identityCenter().users().stream()
                .filter(u -> u.userId().equals("9a6c0002-bob")).findFirst().orElseThrow().userStatus());
    }

    @Test
    void appGroupsFailingForOneAppMakeTheGroupMembersReadThroughThemPartialForThatApp() {
        Run run = collectWith(always("okta", FaultKind.ERROR_500, "/api/v1/apps/0oa1awssso00000001/groups"));

        List<CollectionIssue> inherited = issues(run, i -> i.section().equals(Sections.OKTA_GROUP_MEMBERS));
        assertEquals(1, inherited.size(), run.snapshot().collectionIssues().toString());
        assertEquals("0oa1awssso00000001", inherited.get(0).appId());
        assertEquals(Sections.OKTA_AWS_APP_GROUPS, inherited.get(0).inheritedFrom());
        assertEquals(CollectionIssue.READ_THROUGH_PARTIAL_LIST, inherited.get(0).error());
        assertNoVerdictRestsOnAGap(run);
    }

    @Test
    void anAppUserWhoseOktaUserIsNotListedMakesTheUserListPartial() {
        ObjectNode okta = ACME.okta().deepCopy();
        for (var entry : okta.withArray("apps")) {
            if (entry.path("app").path("id").asText().equals("0oa1awssso00000001")) {
                ObjectNode ghost = ((ObjectNode) entry.path("users").get(0)).deepCopy();
                ghost.put("id", "00u1ghost0000000099");
                ((com.fasterxml.jackson.databind.node.ArrayNode) entry.get("users")).add(ghost);
            }
        }
        Run run = collect(new Scenario("acme-ghost-app-user", ACME.description(), ACME.settings(), okta, ACME.aws(), ACME.plants()));

        List<CollectionIssue> found = issues(run, i -> i.section().equals(Sections.OKTA_USERS));
        assertEquals(1, found.size(), run.snapshot().collectionIssues().toString());
        assertEquals(CollectionIssue.MISSING_FROM_LIST, found.get(0).error());
        assertEquals(Sections.OKTA_AWS_APP_USERS, found.get(0).inheritedFrom());
        assertTrue(found.get(0).message().contains("00u1ghost0000000099"), found.get(0).message());
        assertTrue(run.findings().stream().filter(f -> f.ruleId().equals("okta_aws_user_status_active"))
                .allMatch(f -> f.status() == Status.NOT_EVALUATED), "whether every app user is active is not known");
    }

    /** The records of one section, as comparable strings. */
    private static List<String> entities(Snapshot s, String section) {
        return switch (section) {
            case Sections.AWS_IDC_ASSIGNMENTS -> s.aws().identityCenter().assignments().stream()
                    .map(a -> a.permissionSetArn() + "|" + a.accountId() + "|" + a.principalType() + "|" + a.principalId()).sorted().toList();
            default -> throw new IllegalArgumentException(section);
        };
    }
}
