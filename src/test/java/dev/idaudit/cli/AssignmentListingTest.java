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
    void manyPrincipalsInFewAccountsAreListedPerAccount() {
        collectsEveryAssignment(LargeScenario.generate(new LargeScenario.Parameters(3, 2, 200, 30, 20, 40, 10, 11), Traffic.NONE), false);
    }
}
