package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEngineTest {
    static final LocalDate TODAY = LocalDate.parse("2026-11-01");

    static Snapshot snapshot(String yaml) throws Exception {
        JsonNode tree = Json.yaml().readTree(yaml);
        return RuleTests.snapshot(tree, "test");
    }

    static final String USERS = """
            okta:
              users:
                - {id: 00u1, login: alice@acme.example, status: ACTIVE}
                - {id: 00u2, login: a-very-long-login-name@acme.example, status: ACTIVE}
            """;

    static RulePack packWith(Path dir, String id, String yaml) throws Exception {
        Files.writeString(dir.resolve(id + ".yaml"), yaml);
        return RulePack.directory(dir);
    }

    /** Rules run in parallel: the findings must not depend on which thread ran which rule, or when. */
    @Test
    void parallelEvaluationGivesTheSameFindingsInPackOrderEveryTime() throws Exception {
        Snapshot acme;
        try (java.io.InputStream in = getClass().getResourceAsStream("acme-snapshot.json")) {
            acme = dev.idaudit.snapshot.SnapshotIO.read(in, "acme-snapshot.json");
        }
        RuleEngine engine = new RuleEngine(RulePack.builtIn());
        List<Finding> first = engine.evaluate(acme);
        List<String> packOrder = engine.pack().rules().stream().map(Rule::id).toList();
        List<String> seen = first.stream().map(Finding::ruleId).distinct().toList();
        assertEquals(packOrder.stream().filter(seen::contains).toList(), seen, "findings come rule by rule, in the pack's order");
        assertTrue(seen.size() > 30, "most rules have findings on acme");
        for (int run = 0; run < 20; run++) {
            assertEquals(first, engine.evaluate(dev.idaudit.model.AuditModel.of(acme)), "run " + run);
        }
    }

    @Test
    void givesErrorWhenTheRuleThrowsAndKeepsEvaluatingOtherResources(@TempDir Path dir) throws Exception {
        RulePack pack = packWith(dir, "custom_login_numeric", RuleLoadingTest.GOOD.replace("custom_user_has_login", "custom_login_numeric")
                .replace("condition: r.login != ''", "condition: \"r.login.startsWith('alice') || int(r.login) > 0\""));
        List<Finding> got = new RuleEngine(pack).evaluate(snapshot(USERS));
        assertEquals(Status.PASS, got.get(0).status());
        assertEquals(Status.ERROR, got.get(1).status());
        assertTrue(got.get(1).reason().startsWith("rule failed:"), got.get(1).reason());
    }

    @Test
    void runsAJavaImplementationWithItsYamlMetadata(@TempDir Path dir) throws Exception {
        RulePack pack = packWith(dir, "custom_login_short", """
                id: custom_login_short
                title: Okta logins are short
                severity: low
                description: Logins fit in the column.
                risk: Long logins are truncated in reports.
                remediation: {text: Shorten it., url: "https://example.com", console: [Rename the user]}
                frameworks: {soc2: [CC6.1]}
                params: {maxLength: {default: 20, description: Longest login.}}
                requires: [okta.users]
                implementation: dev.idaudit.rules.SampleJavaRule
                """);
        List<Finding> got = new RuleEngine(pack).evaluate(snapshot(USERS));
        assertEquals(List.of(Status.PASS, Status.FAIL), got.stream().map(Finding::status).toList());
        assertEquals("Okta logins are short", got.get(1).title());
        assertEquals(Map.of("soc2", List.of("CC6.1")), got.get(1).frameworks());

        RuleSettings longer = new RuleSettings(null, null, null, Map.of("custom_login_short", Map.of("maxLength", 50)), null);
        assertTrue(new RuleEngine(pack, longer, "test").evaluate(snapshot(USERS)).stream().allMatch(f -> f.status() == Status.PASS));

        String missing = USERS + "collectionIssues: [{section: okta.users, api: GET /api/v1/users, error: '500'}]\n";
        assertEquals(List.of(Status.NOT_EVALUATED), new RuleEngine(pack).evaluate(snapshot(missing)).stream().map(Finding::status).toList());
    }

    @Test
    void rejectsAnImplementationThatIsNotAJavaRule(@TempDir Path dir) throws Exception {
        String yaml = RuleLoadingTest.GOOD.replaceAll("(?s)resources:.*", "implementation: java.lang.String\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Rule.parse(yaml, "x.yaml"));
        assertTrue(e.getMessage().contains("does not implement"), e.getMessage());
    }

    @Test
    void settingsDisableOverrideSeverityAndParams() throws Exception {
        RulePack pack = RulePack.builtIn();
        Snapshot s = snapshot("""
                aws:
                  identityCenter:
                    permissionSets: [{arn: ps-admin, name: Admin, sessionDuration: PT12H}]
                """);
        RuleSettings settings = new RuleSettings(Set.of("idc_permission_set_session_duration_within_limit", "idc_permission_set_in_use"),
                Set.of("idc_permission_set_in_use"), Map.of("idc_permission_set_session_duration_within_limit", Severity.CRITICAL), null, null);
        List<Finding> got = new RuleEngine(pack, settings, "test").evaluate(s);
        assertEquals(1, got.size());
        assertEquals(Severity.CRITICAL, got.get(0).severity());
        assertEquals(Status.FAIL, got.get(0).status());

        RuleSettings twelve = new RuleSettings(Set.of("idc_permission_set_session_duration_within_limit"), null, null,
                Map.of("idc_permission_set_session_duration_within_limit", Map.of("maxSessionHours", 12)), null);
        assertEquals(Status.PASS, new RuleEngine(pack, twelve, "test").evaluate(s).get(0).status());
    }

    @Test
    void settingsWithUnknownRulesParamsOrTypesAreErrors() {
        RulePack pack = RulePack.builtIn();
        assertTrue(assertThrows(BadInputException.class, () -> new RuleEngine(pack,
                new RuleSettings(null, Set.of("no_such_rule"), null, null, null), "idaudit.yaml")).getMessage()
                .contains("idaudit.yaml: unknown rule 'no_such_rule'"));
        assertTrue(assertThrows(BadInputException.class, () -> new RuleEngine(pack,
                new RuleSettings(null, null, null, Map.of("idc_permission_set_in_use", Map.of("x", 1)), null), "c")).getMessage()
                .contains("has no parameter 'x'"));
        assertTrue(assertThrows(BadInputException.class, () -> new RuleEngine(pack,
                new RuleSettings(null, null, null, Map.of("idc_permission_set_session_duration_within_limit", Map.of("maxSessionHours", "ten")), null), "c"))
                .getMessage().contains("must be an integer"));
    }

    @Test
    void readsTheRulesSectionOfAConfigFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("idaudit.yaml");
        Files.writeString(config, """
                okta: {orgUrl: https://acme.okta.com}
                rules:
                  disabled: [idc_permission_set_in_use]
                  severity: {okta_aws_app_assigned_via_groups: medium}
                  params:
                    idc_admin_permission_sets_restricted: {adminGroups: [org-Admins]}
                  directories: [our-rules]
                """);
        RuleSettings s = RuleSettings.readConfig(config);
        assertEquals(Set.of("idc_permission_set_in_use"), s.disabled());
        assertEquals(Severity.MEDIUM, s.severities().get("okta_aws_app_assigned_via_groups"));
        assertEquals(List.of("org-Admins"), s.params().get("idc_admin_permission_sets_restricted").get("adminGroups"));
        assertEquals(List.of(dir.resolve("our-rules")), s.directories());

        Files.writeString(config, "rules:\n  severity:\n    okta_aws_app_assigned_via_groups: severe\n");
        BadInputException e = assertThrows(BadInputException.class, () -> RuleSettings.readConfig(config));
        assertTrue(e.getMessage().startsWith(config + ":3:"), e.getMessage());
    }

    @Test
    void checkResultRoundTripsThroughFindingsJson(@TempDir Path dir) throws Exception {
        RuleEngine engine = new RuleEngine(RulePack.builtIn());
        CheckResult result = engine.check(snapshot(USERS), Waivers.NONE, TODAY);
        Path file = dir.resolve("findings.json");
        result.write(file);
        CheckResult back = CheckResult.read(file);
        assertEquals(result, back);
        assertEquals(RulePack.builtIn().digest(), back.rulePack().digest());
        assertTrue(back.rulePack().digest().startsWith("sha256:"));
    }

    @Test
    void findingsFileFromANewerIdauditIsRejected() {
        BadInputException e = assertThrows(BadInputException.class, () -> CheckResult.parse("{\"formatVersion\": 99}", "f.json"));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }
}
