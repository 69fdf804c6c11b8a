package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.collect.Progress;
import dev.idaudit.model.AuditModel;
import dev.idaudit.model.Views;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.RuleEngine;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.Status;
import dev.idaudit.rules.Waivers;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.snapshot.Snapshot;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The joins between Okta and the Identity Store on data served as the vendors document it,
 * collected through the real SDK clients from the sandbox and checked with the built-in pack:
 * group push targets are Okta APP_GROUPs matched by name, pushed groups carry no ExternalIds,
 * a deprovisioned app user has no externalId, and an Identity Store user may come without UserStatus.
 */
class AcmeJoinsTest {

    @Test
    void pushedGroupsWithoutExternalIdsAreMatchedThroughTheNameOfTheirAppGroupTarget() {
        Checked acme = check(aws -> {});
        Views.IdcGroup devops = acme.model.idcGroups().stream().filter(g -> g.groupId().equals("9a6b0001-devops")).findFirst().orElseThrow();
        assertEquals(List.of(), devops.externalIds(), "Okta's group push sends displayName and members only");
        assertEquals("00g1devops000000001", devops.oktaGroupId(), "the OKTA_GROUP, not the APP_GROUP of the same name");
        assertEquals("pushMapping", devops.oktaGroupJoinedBy());
        assertEquals("00g1devopsapp00011", devops.pushMappings().get(0).targetGroupId());

        assertFinding(acme.result, "okta_aws_app_group_push_healthy", "9a6b0001-devops", Status.PASS,
                "matched by: push target 00g1devopsapp00011 is named org-DevOps, the Identity Store group's DisplayName");
        assertFinding(acme.result, "okta_aws_app_group_push_healthy", "9a6b0003-readonly", Status.FAIL, "push mapping in ERROR");
        assertFinding(acme.result, "sync_identity_center_groups_from_okta", "9a6b0001-devops", Status.PASS,
                "org-DevOps is pushed from Okta group org-DevOps");
        assertFinding(acme.result, "sync_identity_center_groups_from_okta", "9a6b0099-legacy", Status.FAIL, "no ExternalIds");
        assertFinding(acme.result, "sync_group_members_match", "9a6b0002-developers", Status.FAIL,
                "extra in AWS: dave@acme.example; missing in AWS: grace@acme.example");
        assertTrue(acme.model.pushMappingsWithoutTarget().isEmpty(), "every push target names an Identity Store group");
    }

    @Test
    void aLeaverWhoseAppUserLostItsExternalIdIsFoundByItsUserNameAndAnAbsentUserStatusIsUnknown() {
        Checked acme = check(aws -> {
            for (JsonNode u : aws.path("identityStores").path("d-acme000001").path("users")) {
                String id = u.path("id").asText();
                if (id.equals("9a6c0004-dave")) {
                    ((ObjectNode) u).remove("externalId"); // nothing but the user name left to find dave by
                }
                if (id.equals("9a6c0005-erin")) {
                    ((ObjectNode) u).putNull("status"); // answered without UserStatus
                }
            }
        });
        Views.IdcUser dave = acme.model.idcUsers().stream().filter(u -> u.userId().equals("9a6c0004-dave")).findFirst().orElseThrow();
        assertEquals("00u1dave00000000004", dave.oktaUserId());
        assertEquals("appUser.userName", dave.joinedBy(), "the deprovisioned app user has no externalId: its credentials.userName joins");
        Views.IdcUser erin = acme.model.idcUsers().stream().filter(u -> u.userId().equals("9a6c0005-erin")).findFirst().orElseThrow();
        assertNull(erin.status());

        assertFinding(acme.result, "sync_deprovisioned_users_removed", "00u1dave00000000004", Status.FAIL,
                "(matched by appUser.userName) is ENABLED");
        assertFinding(acme.result, "sync_deprovisioned_users_removed", "00u1erin00000000005", Status.FAIL,
                "is of unknown status and reaches accounts");
        assertFinding(acme.result, "okta_aws_user_status_active", "00u1erin00000000005", Status.NOT_EVALUATED,
                "its UserStatus was not answered");
        assertFinding(acme.result, "okta_aws_app_users_synchronized", "00u1dave00000000004", Status.PASS, "DEPROVISIONED");
    }

    private record Checked(AuditModel model, CheckResult result) {}

    /** acme with its aws.yaml edited, collected from the sandbox and checked. */
    private static Checked check(Consumer<ObjectNode> editAws) {
        Scenario acme = Scenario.load("acme");
        ObjectNode aws = acme.aws().deepCopy();
        editAws.accept(aws);
        Snapshot snapshot;
        try (Sandbox sandbox = Sandbox.start(new Scenario(acme.name(), acme.description(), acme.settings(), acme.okta(), aws,
                acme.plants()))) {
            snapshot = Collector.fromSandbox(sandbox, Progress.SILENT);
        }
        assertEquals(List.of(), snapshot.collectionIssues());
        return new Checked(AuditModel.of(snapshot),
                new RuleEngine(RulePack.builtIn()).check(snapshot, Waivers.NONE, LocalDate.now(ZoneOffset.UTC)));
    }

    private static void assertFinding(CheckResult result, String rule, String resourceId, Status status, String reasonPart) {
        Finding f = result.findings().stream().filter(x -> x.ruleId().equals(rule) && resourceId.equals(x.resource().id()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + rule + " finding on " + resourceId));
        assertEquals(status, f.status(), rule + " on " + resourceId + ": " + f.reason());
        assertTrue(f.reason().contains(reasonPart), rule + " on " + resourceId + ": " + f.reason());
    }
}
