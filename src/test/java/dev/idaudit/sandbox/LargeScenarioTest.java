package dev.idaudit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LargeScenarioTest {

    @Test
    void generatesTheNumbersTheIssueAsksFor() {
        Scenario large = Scenario.load("large");
        JsonNode aws = large.aws();
        JsonNode okta = large.okta();
        assertEquals(300, aws.path("accounts").size());
        assertEquals(60, aws.path("identityCenter").path("permissionSets").size());
        assertEquals(20_000, okta.path("users").size());
        assertEquals(1_500 + 300, okta.path("groups").size(), "1,500 Okta groups and an APP_GROUP per pushed group");
        int assignments = 0;
        Set<String> pairs = new HashSet<>();
        for (JsonNode a : aws.path("identityCenter").path("assignments")) {
            assignments += a.path("accounts").size();
            a.path("accounts").forEach(acc -> pairs.add(a.path("permissionSet").asText() + "|" + acc.asText()));
        }
        assertTrue(assignments > 2_800 && assignments <= 3_000, "about 3,000 assignments, got " + assignments);
        int reservedRoles = 0;
        for (JsonNode account : aws.path("memberAccounts")) {
            for (JsonNode role : account.path("roles")) {
                if (role.path("name").asText().startsWith("AWSReservedSSO_")) {
                    reservedRoles++;
                }
            }
        }
        assertEquals(pairs.size(), reservedRoles, "one reserved role per (permission set, account) that has an assignment");
        assertTrue(large.settings().traffic().rateLimited(), "large is rate limited as the vendors document");
    }

    @Test
    void sameSeedGivesTheSameScenario() {
        LargeScenario.Parameters small = new LargeScenario.Parameters(10, 4, 200, 30, 6, 40, 5, 7);
        assertEquals(LargeScenario.generate(small, Traffic.NONE).okta(), LargeScenario.generate(small, Traffic.NONE).okta());
        assertEquals(LargeScenario.generate(small, Traffic.NONE).aws(), LargeScenario.generate(small, Traffic.NONE).aws());
    }

    @Test
    void theEmulatorsServeTheGeneratedScenario() {
        LargeScenario.Parameters small = new LargeScenario.Parameters(10, 4, 200, 30, 6, 40, 5, 7);
        try (Sandbox sandbox = Sandbox.start(LargeScenario.generate(small, Traffic.NONE))) {
            assertTrue(sandbox.okta().baseUrl().toString().startsWith("http://127.0.0.1:"));
        }
    }
}
