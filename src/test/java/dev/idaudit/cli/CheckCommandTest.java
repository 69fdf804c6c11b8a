package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.report.ReportFixtures;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Status;
import dev.idaudit.snapshot.SnapshotIO;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code idaudit check} and {@code idaudit rules} through Main.run, as a CI job calls them. */
class CheckCommandTest {
    @TempDir
    Path dir;
    Path snapshot;
    String out;
    String err;

    /** One admin permission set assigned to a hand-made group (high), sessions of 12 hours (medium). */
    static final String SNAPSHOT = """
            {"schemaVersion": 1,
             "metadata": {"finishedAt": "2026-11-01T00:00:00Z", "source": "test"},
             "aws": {"identityCenter": {
               "permissionSets": [{"arn": "ps-admin", "name": "Admin", "sessionDuration": "PT12H",
                  "awsManagedPolicies": [{"name": "AdministratorAccess", "arn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}],
               "groups": [{"groupId": "g-legacy", "displayName": "legacy-admins"}],
               "assignments": [{"permissionSetArn": "ps-admin", "accountId": "333333333333", "principalType": "GROUP", "principalId": "g-legacy"}]}},
             "collectionIssues": [{"section": "okta.users", "api": "GET /api/v1/users", "error": "500", "message": "\\u001b[31mboom"}]}
            """;

    @BeforeEach
    void writeSnapshot() throws Exception {
        snapshot = dir.resolve("snapshot.json");
        Files.writeString(snapshot, SNAPSHOT);
        SnapshotIO.read(snapshot); // the fixture is a valid snapshot
    }

    int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void failOnHighExitsOneAndFailOnNoneExitsZero() {
        // The fixture's Okta users were not collected: the audit is incomplete, which outranks its failures.
        assertEquals(3, run("check", "--snapshot", snapshot.toString()));
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("INCOMPLETE: not collected: okta.users; ") && last.endsWith("; 1 failure at or above high"), out);
        assertTrue(out.contains("Incomplete audit: not collected:\n  - okta.users: GET /api/v1/users → 500"), out);
        assertEquals(1, run("check", "--snapshot", snapshot.toString(), "--allow-incomplete"));
        assertTrue(out.contains("HIGH idc_admin_permission_sets_restricted"), out);
        assertTrue(out.contains("group legacy-admins, which is not an admin group"), out);
        assertTrue(out.contains("fix: Remove the assignment"), out);
        assertTrue(out.contains("FAILED: 1 failure at or above high; but the audit is incomplete: not collected: okta.users"), out);
        assertEquals(0, run("check", "--snapshot", snapshot.toString(), "--fail-on", "none", "--allow-incomplete"));
    }

    @Test
    void notEvaluatedRulesExitThreeUnlessAllowIncomplete() {
        assertEquals(3, run("check", "--snapshot", snapshot.toString(), "--fail-on", "critical"));
        assertTrue(out.contains("Not evaluated (data missing):"), out);
        assertFalse(out.contains("\u001b"), "no escape sequences from data or colour off a terminal");
        assertTrue(out.contains("\\u001b[31mboom"), out);
        assertEquals(0, run("check", "--snapshot", snapshot.toString(), "--fail-on", "critical", "--allow-incomplete"));
    }

    @Test
    void terminalControlCharactersInAGroupNameAreEscapedOnTheConsole() throws Exception {
        // ESC c (terminal reset), BEL, SOH and a right-to-left override inside the group's name, as an API could return it
        Files.writeString(snapshot, SNAPSHOT.replace("\"legacy-admins\"", "\"legacy\\u001bc\\u0007\\u0001\\u202eadmins\""));
        assertEquals(1, run("check", "--snapshot", snapshot.toString(), "--allow-incomplete"));
        ReportFixtures.assertNoRawTerminalControls(out);
        assertTrue(out.contains("group legacy\\u001bc\\u0007\\u0001\\u202eadmins, which is not an admin group"), out);
    }

    @Test
    void aWaiverForEveryResourceOfAHighRuleNeedsItsAcknowledgement() throws Exception {
        Path waivers = dir.resolve("waivers.yaml");
        String waiver = """
                waivers:
                  - rule: idc_admin_permission_sets_restricted
                    resource: "*"
                    reason: merging admin groups
                    owner: secops
                    ticket: SEC-1
                    expires: %s
                """.formatted(LocalDate.now().plusDays(30));
        Files.writeString(waivers, waiver);
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--waivers", waivers.toString(), "--allow-incomplete"));
        assertTrue(err.contains(waivers + ":2: waiver for idc_admin_permission_sets_restricted (high) has resource \"*\""), err);
        assertTrue(err.contains("add acknowledgeAllResources: true"), err);
        Files.writeString(waivers, waiver + "    acknowledgeAllResources: true\n");
        assertEquals(0, run("check", "--snapshot", snapshot.toString(), "--waivers", waivers.toString(), "--allow-incomplete"));
        assertTrue(out.contains("WAIVED") || out.contains("Waived"), out);
    }

    @Test
    void writesFindingsJsonAndPrintsJson() throws Exception {
        Path findings = dir.resolve("findings.json");
        run("check", "--snapshot", snapshot.toString(), "--format", "json", "--out", findings.toString());
        CheckResult printed = CheckResult.parse(out, "stdout");
        CheckResult written = CheckResult.read(findings);
        assertEquals(written, printed);
        assertTrue(written.findings().stream().anyMatch(f -> f.status() == Status.FAIL
                && f.ruleId().equals("idc_permission_set_session_duration_within_limit")));
    }

    @Test
    void findingsJsonExplainsEachFinding() throws Exception {
        Path findings = dir.resolve("findings.json");
        run("check", "--snapshot", snapshot.toString(), "--out", findings.toString());
        var tree = new ObjectMapper().readTree(findings.toFile());
        assertEquals(CheckResult.FORMAT_VERSION, tree.get("formatVersion").asInt());
        var session = java.util.stream.StreamSupport.stream(tree.get("findings").spliterator(), false)
                .filter(f -> f.get("ruleId").asText().equals("idc_permission_set_session_duration_within_limit")).findFirst().orElseThrow();
        assertEquals("ps-admin", session.at("/resource/id").asText(), "keyed by the ARN");
        assertEquals("Admin", session.at("/resource/name").asText());
        assertEquals("333333333333", session.at("/accounts/0/id").asText(), "a permission set concerns the accounts it is assigned in");
        assertTrue(session.get("risk").asText().length() > 20, session.toString());
        assertEquals("Lower the permission set's session duration.", session.at("/remediationSteps/text").asText());
        assertTrue(session.at("/remediationSteps/console/0").asText().startsWith("IAM Identity Center > "), session.toString());
        assertEquals("soc2 CC6.1", session.at("/requirements/2/framework").asText() + " " + session.at("/requirements/2/id").asText(),
                session.toString());
        assertFalse(session.at("/requirements/2/title").asText().isEmpty(), "requirement titles from rules/frameworks");
        assertEquals(".aws.identityCenter.permissionSets[] | select(.arn == \"ps-admin\")", session.at("/evidence/0/path").asText());
        assertTrue(session.get("sinceLastRun").isNull(), "a check outside a run has no previous run");
    }

    @Test
    void aWaiverWrittenAgainstAPermissionSetNameStillWaivesAndTellsHowToMigrate() throws Exception {
        Path waivers = dir.resolve("waivers.yaml");
        String expires = LocalDate.now().plusDays(30).toString();
        Files.writeString(waivers, "waivers:\n"
                + "  - {rule: idc_permission_set_session_duration_within_limit, resource: Admin, reason: R, owner: o, ticket: SEC-9, expires: "
                + expires + "}\n");
        run("check", "--snapshot", snapshot.toString(), "--waivers", waivers.toString(), "--allow-incomplete", "--out",
                dir.resolve("findings.json").toString());
        assertTrue(out.contains("WAIVED 1"), out);
        assertTrue(out.contains("Waivers to update:\n  " + waivers + ":2: waiver for idc_permission_set_session_duration_within_limit "
                + "matches 'Admin' by the permission set's name"), out);
        assertTrue(out.contains("write resource: \"ps-admin\""), out);
        assertEquals(1, CheckResult.read(dir.resolve("findings.json")).waiverWarnings().size());
    }

    @Test
    void waiversTurnFailsIntoWaivedAndStaleOnesAreListed() throws Exception {
        Path waivers = dir.resolve("waivers.yaml");
        String expires = LocalDate.now().plusDays(30).toString();
        Files.writeString(waivers, "waivers:\n"
                + "  - {rule: idc_admin_permission_sets_restricted, resource: '333333333333/*', reason: Migration to org-DevOps,"
                + " owner: sec@acme.example, ticket: SEC-7, expires: " + expires + "}\n"
                + "  - {rule: idc_permission_set_in_use, resource: Nothing, reason: R, owner: o, ticket: SEC-8, expires: " + expires + "}\n");
        assertEquals(0, run("check", "--snapshot", snapshot.toString(), "--waivers", waivers.toString(), "--allow-incomplete"));
        assertTrue(out.contains("Waived:"), out);
        assertTrue(out.contains("{waiver SEC-7"), out);
        assertTrue(out.contains("Stale waivers"), out);
        assertTrue(out.contains("waivers.yaml:3 idc_permission_set_in_use Nothing"), out);
    }

    @Test
    void badWaiverFileIsAClearErrorWithFileAndLine() throws Exception {
        Path waivers = dir.resolve("waivers.yaml");
        Files.writeString(waivers, "waivers:\n  - {rule: idc_permission_set_in_use, resource: x, reason: R, owner: o, ticket: T}\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--waivers", waivers.toString()));
        assertTrue(err.contains(waivers + ":2: waiver for idc_permission_set_in_use needs expires"), err);
    }

    @Test
    void configRulesSectionOverridesParams() throws Exception {
        Path config = dir.resolve("idaudit.yaml");
        Files.writeString(config, """
                rules:
                  params:
                    idc_admin_permission_sets_restricted: {adminGroups: [legacy-admins]}
                    idc_permission_set_session_duration_within_limit: {maxSessionHours: 12}
                """);
        assertEquals(1, run("check", "--snapshot", snapshot.toString(), "--fail-on", "medium", "--allow-incomplete"));
        assertEquals(0, run("check", "--snapshot", snapshot.toString(), "--config", config.toString(), "--allow-incomplete"));
        assertFalse(out.contains("idc_permission_set_session_duration_within_limit"), out);
        Files.writeString(config, "rules:\n  params:\n    idc_permission_set_in_use: {nope: 1}\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--config", config.toString()));
        assertTrue(err.contains("has no parameter 'nope'"), err);
    }

    @Test
    void customRuleDirectoryWorksAndABrokenRuleIsRejectedWithFileAndLine() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("our-rules"));
        Files.writeString(rules.resolve("custom_no_long_sessions.yaml"), """
                id: custom_no_long_sessions
                title: Sessions last at most four hours
                severity: critical
                description: Our policy is four hours.
                risk: Long sessions outlive the people who hold them.
                remediation: {text: Lower the session duration., url: "https://example.com", console: [Edit the permission set]}
                frameworks: {soc2: [CC6.1]}
                requires: [aws.identityCenter.permissionSets]
                resources: permissionSets
                resource: {type: permission_set, id: r.name}
                condition: r.sessionHours <= 4.0
                reason: {pass: "${r.name} is short", fail: "${r.name} lasts ${r.sessionHours} hours"}
                """);
        assertEquals(1, run("check", "--snapshot", snapshot.toString(), "--rules", rules.toString(), "--fail-on", "critical",
                "--allow-incomplete"));
        assertTrue(out.contains("CRITICAL custom_no_long_sessions"), out);
        assertTrue(out.contains("Admin lasts 12 hours"), out);

        Files.writeString(rules.resolve("custom_no_long_sessions.yaml"),
                Files.readString(rules.resolve("custom_no_long_sessions.yaml")).replace("r.sessionHours <= 4.0", "r.sesionHours <= 4.0"));
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--rules", rules.toString()));
        assertTrue(err.contains("custom_no_long_sessions.yaml:11:"), err);
        assertTrue(err.contains("sesionHours"), err);
    }

    /** Found by hand: an account without its id crashed the model (exit 3, "Cannot invoke String.equals"). */
    @Test
    void aSnapshotWhoseRecordsLackTheirIdsIsBadInputNamingFileAndPath() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode acme;
        try (InputStream in = CheckCommandTest.class.getResourceAsStream("/dev/idaudit/rules/acme-snapshot.json")) {
            acme = json.readTree(in);
        }
        Path withoutAccountId = dir.resolve("no-account-id.json");
        JsonNode broken = acme.deepCopy();
        ((ObjectNode) broken.at("/aws/accounts/0")).putNull("id");
        Files.write(withoutAccountId, json.writeValueAsBytes(broken));
        assertEquals(2, run("check", "--snapshot", withoutAccountId.toString(), "--out", dir.resolve("findings.json").toString()));
        assertEquals("idaudit: " + withoutAccountId + ": aws.accounts[0].id is null (every Account record needs its id)"
                + System.lineSeparator(), err);
        assertFalse(Files.exists(dir.resolve("findings.json")), "nothing written");

        Path withoutJoinKey = dir.resolve("no-join-key.json");
        broken = acme.deepCopy();
        ((ObjectNode) broken.at("/aws/identityCenter/assignments/0")).remove("accountId");
        ((ObjectNode) broken.at("/okta/users/0")).putNull("id");
        Files.write(withoutJoinKey, json.writeValueAsBytes(broken));
        assertEquals(2, run("check", "--snapshot", withoutJoinKey.toString()));
        assertEquals("idaudit: " + withoutJoinKey + ": okta.users[0].id is null (every User record needs its id); "
                + "aws.identityCenter.assignments[0].accountId is missing (every Assignment record needs its accountId)"
                + System.lineSeparator(), err);
        assertEquals(2, run("diff", snapshot.toString(), withoutJoinKey.toString()));
        assertTrue(err.startsWith("idaudit: " + withoutJoinKey + ": okta.users[0].id is null"), err);
    }

    @Test
    void rulesListShowValidateAndDocs() throws Exception {
        assertEquals(0, run("rules", "list"));
        assertTrue(out.contains("sync_deprovisioned_users_removed"), out);
        assertTrue(out.contains("39 rules, pack 1.1.0 sha256:"), out);
        assertEquals(0, run("rules", "show", "idc_permission_set_session_duration_within_limit"));
        assertTrue(out.contains("  maxSessionHours (default 8): Longest permission set session allowed, in hours."), out);
        assertTrue(out.contains("\nFrameworks:\n  soc2: CC6.1\n  iso27001_2022: A.8.5\n"), "a readable page: " + out);
        assertTrue(out.contains("How to fix it:\n  Lower the permission set's session duration.\n  1. IAM Identity Center > Permission sets"), out);
        assertFalse(out.contains("{") || out.contains("=["), "no Java toString on the page: " + out);
        assertEquals(0, run("rules", "show", "idc_admin_permission_sets_restricted"));
        assertFalse(out.contains("[") || out.contains("{"), "a list parameter reads as a list, frameworks as lines: " + out);
        assertEquals(2, run("rules", "show", "no_such_rule"));

        Path rules = Files.createDirectories(dir.resolve("r"));
        Files.copy(Path.of("rules/idc_permission_set_in_use.yaml"), rules.resolve("custom_ps_in_use.yaml"));
        Files.writeString(rules.resolve("custom_ps_in_use.yaml"),
                Files.readString(rules.resolve("custom_ps_in_use.yaml")).replace("id: idc_permission_set_in_use", "id: custom_ps_in_use"));
        Files.writeString(rules.resolve("custom_ps_in_use.test.yaml"),
                Files.readString(Path.of("rules/idc_permission_set_in_use.test.yaml")));
        assertEquals(0, run("rules", "validate", rules.toString()));
        assertTrue(out.contains("1 rule valid; 2 test cases, 0 failed"), out);
        Files.writeString(rules.resolve("custom_ps_in_use.test.yaml"),
                Files.readString(rules.resolve("custom_ps_in_use.test.yaml")).replace("status: FAIL}", "status: PASS}"));
        assertEquals(2, run("rules", "validate", rules.toString()));
        assertTrue(out.contains("FAILED custom_ps_in_use"), out);

        assertEquals(0, run("rules", "validate", "rules"), out);
        assertTrue(out.contains("39 rules valid;"), out);

        assertEquals(0, run("rules", "docs", "--out", dir.resolve("docs").toString()));
        assertTrue(Files.readString(dir.resolve("docs/frameworks.md")).contains("| [org_all_features_enabled](org_all_features_enabled.md) |"));
    }
}
