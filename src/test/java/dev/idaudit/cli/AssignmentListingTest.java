package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.collect.Progress;
import dev.idaudit.sandbox.LargeScenario;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Assignments are listed per (permission set, account) or per principal, whichever takes fewer calls, and completely either way. */
class AssignmentListingTest {

    /** The assignments the scenario holds, as "permissionSetName|account|GROUP|principal". */
    private static List<String> expected(Scenario scenario) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : scenario.aws().path("identityCenter").path("assignments")) {
            a.path("accounts").forEach(acc -> out.add(a.path("permissionSet").asText() + "|" + acc.asText() + "|"
                    + a.path("principalType").asText() + "|" + a.path("principalId").asText()));
        }
        return out.stream().sorted().toList();
    }

    private static int pairs(Scenario scenario) {
        int pairs = 0;
        for (JsonNode ps : scenario.aws().path("identityCenter").path("permissionSets")) {
            pairs += ps.path("provisioned").size();
        }
        return pairs;
    }

    private static void collectsEveryAssignment(Scenario scenario, boolean fewPrincipals) {
        try (Sandbox sandbox = Sandbox.start(scenario)) {
            Collector.SandboxCollection c = Collector.collectSandbox(sandbox, Progress.SILENT);
            var ic = c.snapshot().aws().identityCenter();
            Map<String, String> names = new java.util.HashMap<>();
            ic.permissionSets().forEach(ps -> names.put(ps.arn(), ps.name()));
            List<String> got = ic.assignments().stream()
                    .map(a -> names.get(a.permissionSetArn()) + "|" + a.accountId() + "|" + a.principalType() + "|" + a.principalId())
                    .sorted().toList();
            assertEquals(expected(scenario), got, "every assignment, once");
            int principals = ic.users().size() + ic.groups().size();
            int listed = sandbox.aws().callCount("ListAccountAssignments") + sandbox.aws().callCount("ListAccountAssignmentsForPrincipal");
            if (fewPrincipals) {
                assertEquals(principals, sandbox.aws().callCount("ListAccountAssignmentsForPrincipal"));
                assertTrue(listed < pairs(scenario), "per principal costs fewer calls here: " + listed + " < " + pairs(scenario));
            } else {
                assertEquals(pairs(scenario), sandbox.aws().callCount("ListAccountAssignments"));
                assertTrue(listed <= principals, "per account costs fewer calls here: " + listed + " <= " + principals);
            }
        }
    }

    @Test
    void fewPrincipalsInManyAccountsAreListedPerPrincipal() {
        // 2 groups of 2 members hold 60 assignments over 30 accounts: 6 principals, ~50 (set, account) pairs
        collectsEveryAssignment(LargeScenario.generate(new LargeScenario.Parameters(30, 4, 40, 6, 2, 60, 2, 11), Traffic.NONE), true);
    }

    @Test
    void aReservedRoleWithNoAssignmentSeenPerPrincipalMarksThatPairsAssignmentsIncomplete() {
        Scenario few = LargeScenario.generate(new LargeScenario.Parameters(30, 4, 40, 6, 2, 60, 2, 11), Traffic.NONE);
        com.fasterxml.jackson.databind.node.ObjectNode aws = few.aws().deepCopy();
        // A permission set and an account it is not provisioned to: its role there is what an
        // assignment of a principal deleted from the Identity Store leaves, which per principal cannot be seen.
        JsonNode ps = aws.path("identityCenter").path("permissionSets").get(0);
        List<String> provisioned = new ArrayList<>();
        ps.path("provisioned").forEach(a -> provisioned.add(a.asText()));
        String account = null;
        for (var it = aws.path("memberAccounts").fieldNames(); it.hasNext(); ) {
            String id = it.next();
            if (!provisioned.contains(id)) {
                account = id;
                break;
            }
        }
        String roleName = "AWSReservedSSO_" + ps.path("name").asText() + "_00000000000000aa";
        ((com.fasterxml.jackson.databind.node.ArrayNode) aws.with("memberAccounts").with(account).withArray("roles")).addObject()
                .put("name", roleName).put("path", "/aws-reserved/sso.amazonaws.com/").put("created", "-10d");
        Scenario scenario = new Scenario(few.name(), few.description(), few.settings(), few.okta(), aws, few.plants());
        try (Sandbox sandbox = Sandbox.start(scenario)) {
            var snapshot = Collector.collectSandbox(sandbox, Progress.SILENT).snapshot();
            assertTrue(sandbox.aws().callCount("ListAccountAssignmentsForPrincipal") > 0, "listed per principal");
            String arn = snapshot.aws().identityCenter().permissionSets().stream().filter(p -> p.name().equals(ps.path("name").asText()))
                    .findFirst().orElseThrow().arn();
            String inAccount = account;
            var issues = snapshot.collectionIssues().stream()
                    .filter(i -> i.section().equals(dev.idaudit.snapshot.Sections.AWS_IDC_ASSIGNMENTS)).toList();
            assertEquals(1, issues.size(), snapshot.collectionIssues().toString());
            assertEquals(dev.idaudit.snapshot.CollectionIssue.MISSING_FROM_LIST, issues.get(0).error());
            assertEquals(inAccount, issues.get(0).accountId());
            assertEquals(arn, issues.get(0).permissionSetArn());
            assertTrue(issues.get(0).message().contains(roleName), issues.get(0).message());
        }
    }

    @Test
    void manyPrincipalsInFewAccountsAreListedPerAccount() {
        collectsEveryAssignment(LargeScenario.generate(new LargeScenario.Parameters(3, 2, 200, 30, 20, 40, 10, 11), Traffic.NONE), false);
    }
}
