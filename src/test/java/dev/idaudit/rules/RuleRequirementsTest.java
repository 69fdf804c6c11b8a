package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A rule's requirements are derived from what its expressions read; these tests check the
 * derivation against behaviour: emptying a section the rule does not require must not change
 * its findings on acme, and a collection issue on a section it reads makes it NOT_EVALUATED.
 */
class RuleRequirementsTest {
    static final RulePack PACK = RulePack.builtIn();
    static final RuleEngine ENGINE = new RuleEngine(PACK);
    static Snapshot acme;
    static JsonNode acmeTree;
    static Map<String, List<Finding>> acmeFindings;

    /** Sections that are not one JSON field: the fields that hold them. */
    static final Map<String, List<String>> FIELDS = Map.of(
            Sections.AWS_IDC_PERMISSION_SET_PROVISIONING, List.of("provisionedAccountIds", "outdatedAccountIds"),
            // Okta refuses /features for amazon_aws_sso as documented: the refusal is what the section holds
            Sections.OKTA_AWS_APP_FEATURES, List.of("features", "featuresRefused"));

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = RuleRequirementsTest.class.getResourceAsStream("acme-snapshot.json")) {
            acme = SnapshotIO.read(in, "acme");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        SnapshotIO.write(acme, out);
        acmeTree = Json.json().readTree(out.toByteArray());
        acmeFindings = byRule(ENGINE.evaluate(acme));
    }

    static Map<String, List<Finding>> byRule(List<Finding> findings) {
        return findings.stream().collect(Collectors.groupingBy(Finding::ruleId));
    }

    /** The snapshot with a section's data removed (lists emptied, objects and values dropped), and no issue saying so. */
    static Snapshot without(String section) throws Exception {
        JsonNode tree = acmeTree.deepCopy();
        String[] path = section.split("\\.");
        List<String> leaves = FIELDS.getOrDefault(section, List.of(path[path.length - 1]));
        List<ObjectNode> parents = new ArrayList<>(List.of((ObjectNode) tree));
        for (int i = 0; i < path.length - 1; i++) {
            List<ObjectNode> next = new ArrayList<>();
            for (ObjectNode p : parents) {
                JsonNode child = p.get(path[i]);
                if (child instanceof ArrayNode a) {
                    a.forEach(e -> next.add((ObjectNode) e));
                } else if (child instanceof ObjectNode o) {
                    next.add(o);
                }
            }
            parents = next;
        }
        for (ObjectNode p : parents) {
            for (String leaf : leaves) {
                if (p.get(leaf) instanceof ArrayNode) {
                    p.putArray(leaf);
                } else {
                    p.remove(leaf);
                }
            }
        }
        assertNotEquals(acmeTree, tree, "acme has data in " + section + " to remove");
        return SnapshotIO.read(new java.io.ByteArrayInputStream(Json.json().writeValueAsBytes(tree)), "acme without " + section);
    }

    /** Every section a rule's requirements name, and each section above one (an issue there reaches it). */
    static Set<String> required(Rule rule) {
        return Requirements.withParents(rule.requires());
    }

    @TestFactory
    Stream<DynamicTest> aRuleWhoseFindingsChangeWithoutASectionRequiresThatSection() {
        return Sections.ALL.stream().map(section -> DynamicTest.dynamicTest(section, () -> {
            Map<String, List<Finding>> findings = byRule(ENGINE.evaluate(without(section)));
            List<String> unrequired = PACK.rules().stream().filter(r -> !required(r).contains(section)).map(Rule::id).toList();
            assertFalse(unrequired.isEmpty());
            List<String> changed = unrequired.stream().filter(id -> !java.util.Objects.equals(acmeFindings.get(id), findings.get(id))).toList();
            assertEquals(List.of(), changed, "rules that do not require " + section + " but whose findings change when that data is missing");
        }));
    }

    @Test
    void syncGroupMembersMatchIsNotEvaluatedWhenOktaGroupsWereNotCollected() {
        List<Finding> before = acmeFindings.get("sync_group_members_match");
        assertTrue(before.stream().anyMatch(f -> f.status() == Status.FAIL), "acme plants a failing group");
        List<Finding> after = byRule(ENGINE.evaluate(withIssue(Sections.OKTA_GROUPS, null))).get("sync_group_members_match");
        assertEquals(List.of(Status.NOT_EVALUATED), after.stream().map(Finding::status).distinct().toList());
        assertTrue(after.get(0).reason().contains("okta.groups not collected"), after.get(0).reason());
    }

    @Test
    void aPermissionSetIsNotCalledUnusedWhenOneAccountsAssignmentsAreMissing() {
        List<Finding> before = acmeFindings.get("idc_permission_set_in_use");
        assertTrue(before.stream().anyMatch(f -> f.status() == Status.FAIL), "acme plants an unused permission set");
        List<Finding> after = byRule(ENGINE.evaluate(withIssue(Sections.AWS_IDC_ASSIGNMENTS, "222222222222")))
                .get("idc_permission_set_in_use");
        assertTrue(after.stream().noneMatch(f -> f.status() == Status.PASS || f.status() == Status.FAIL), after.toString());
        assertTrue(after.stream().anyMatch(f -> f.resource().type().equals("permission_set")
                && f.reason().contains("for account 222222222222")), after.toString());
    }

    @Test
    void anAccountsResourcesStayDecidedWhenAnotherAccountIsMissing() {
        List<Finding> after = byRule(ENGINE.evaluate(withIssue(Sections.AWS_IDC_ASSIGNMENTS, "222222222222")))
                .get("idc_assignment_account_active");
        assertTrue(after.stream().anyMatch(f -> "333333333333".equals(f.resource().accountId()) && f.status() == Status.PASS), after.toString());
        assertTrue(after.stream().filter(f -> "222222222222".equals(f.resource().accountId()))
                .allMatch(f -> f.status() == Status.NOT_EVALUATED), after.toString());
    }

    static Snapshot withIssue(String section, String accountId) {
        List<CollectionIssue> issues = new ArrayList<>(acme.collectionIssues());
        issues.add(new CollectionIssue(section, accountId, null, "test", "InternalServerError", "failed every time"));
        return new Snapshot(acme.schemaVersion(), acme.metadata(), acme.okta(), acme.aws(), issues);
    }

    @Test
    void derivesRequirementsFromTheFieldsAndJoinsTheRuleReads() {
        Rule rule = Rule.parse(RuleLoadingTest.GOOD.replace("requires: [okta.users]\n", "")
                .replace("condition: r.login != ''", "condition: r.idcUserId != '' && r.groupNames.size() > 0"), "x.yaml");
        assertEquals(List.of(List.of(Sections.AWS_IDC_USERS), List.of(Sections.OKTA_AWS_APP_USERS), List.of(Sections.OKTA_GROUP_MEMBERS),
                List.of(Sections.OKTA_GROUPS), List.of(Sections.OKTA_USERS)), rule.requires());
    }

    @Test
    void aHandWrittenRequiresThatLeavesOutASectionReadIsALoadErrorWithFileAndLine() {
        String yaml = RuleLoadingTest.GOOD.replace("condition: r.login != ''", "condition: has(r.idcUserId)");
        BadInputException e = assertThrows(BadInputException.class, () -> Rule.parse(yaml, "my/custom_user_has_login.yaml"));
        assertTrue(e.getMessage().startsWith("my/custom_user_has_login.yaml:8: requires leaves out "), e.getMessage());
        assertTrue(e.getMessage().contains("aws.identityCenter.users (read by oktaUsers.idcUserId)"), e.getMessage());
    }

    @Test
    void aHandWrittenAnyOfStandsInForTheDerivedSectionsAmongItsAlternatives() {
        String yaml = RuleLoadingTest.GOOD.replace("requires: [okta.users]",
                        "requires: [{anyOf: [okta.awsApps.features, okta.awsApps.defaultConnection]}]")
                .replace("resources: oktaUsers", "resources: awsApps").replace("name: r.login", "name: r.label")
                .replace("condition: r.login != ''", "condition: r.provisioning == 'ENABLED' || r.connectionStatus == 'ENABLED'")
                .replace("${r.login}", "${r.label}");
        assertEquals(List.of(List.of(Sections.OKTA_AWS_APP_DEFAULT_CONNECTION, Sections.OKTA_AWS_APP_FEATURES)),
                Rule.parse(yaml, "x.yaml").requires());
        String unrelated = yaml.replace("okta.awsApps.features, okta.awsApps.defaultConnection", "okta.awsApps.features, okta.apps");
        assertThrows(BadInputException.class, () -> Rule.parse(unrelated, "x.yaml"));
    }
}
