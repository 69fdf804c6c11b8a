package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule files that are wrong are rejected with the file, the line and what is wrong. */
class RuleLoadingTest {
    static final String GOOD = """
            id: custom_user_has_login
            title: Okta users have a login
            severity: low
            description: Every Okta user has a login.
            risk: Users without a login cannot be joined.
            remediation: {text: Fix the user., url: "https://example.com", console: [Open the user]}
            frameworks: {soc2: [CC6.1]}
            requires: [okta.users]
            resources: oktaUsers
            resource: {type: okta_user, id: r.id, name: r.login}
            condition: r.login != ''
            reason:
              pass: "${r.login} has a login"
              fail: "${r.id} has no login"
            """;

    @Test
    void reportsACelSyntaxErrorWithFileAndLine() {
        String bad = GOOD.replace("condition: r.login != ''", "condition: r.login !=");
        BadInputException e = assertThrows(BadInputException.class, () -> Rule.parse(bad, "my/custom_user_has_login.yaml"));
        assertTrue(e.getMessage().startsWith("my/custom_user_has_login.yaml:11:"), e.getMessage());
        assertTrue(e.getMessage().contains("condition"), e.getMessage());
    }

    @Test
    void reportsAMisspeltModelFieldAtLoadNotAtRunTime() {
        String bad = GOOD.replace("condition: r.login != ''", "condition: |\n  r.status == 'ACTIVE' &&\n  r.lgoin != ''");
        BadInputException e = assertThrows(BadInputException.class, () -> Rule.parse(bad, "x.yaml"));
        assertTrue(e.getMessage().startsWith("x.yaml:13:"), "line of the misspelt field inside the block: " + e.getMessage());
        assertTrue(e.getMessage().contains("lgoin"), e.getMessage());
    }

    @Test
    void rejectsAConditionThatIsNotBoolean() {
        String bad = GOOD.replace("condition: r.login != ''", "condition: r.login");
        BadInputException e = assertThrows(BadInputException.class, () -> Rule.parse(bad, "x.yaml"));
        assertTrue(e.getMessage().contains("condition must give a bool"), e.getMessage());
    }

    @Test
    void rejectsUnknownFieldsSeveritiesFrameworksAndSections() {
        assertTrue(assertThrows(BadInputException.class, () -> Rule.parse(GOOD + "colour: red\n", "x.yaml"))
                .getMessage().contains("unknown field 'colour'"));
        assertTrue(assertThrows(BadInputException.class, () -> Rule.parse(GOOD.replace("severity: low", "severity: urgent"), "x.yaml"))
                .getMessage().startsWith("x.yaml:3: severity 'urgent'"));
        assertTrue(assertThrows(BadInputException.class, () -> Rule.parse(GOOD.replace("soc2:", "pci:"), "x.yaml"))
                .getMessage().contains("unknown framework 'pci'"));
        assertTrue(assertThrows(BadInputException.class, () -> Rule.parse(GOOD.replace("[okta.users]", "[okta.people]"), "x.yaml"))
                .getMessage().contains("unknown snapshot section 'okta.people'"));
    }

    @Test
    void rejectsAnUndocumentedParameter() {
        String bad = GOOD.replace("requires:", "params: {limit: {default: 3}}\nrequires:");
        assertTrue(assertThrows(BadInputException.class, () -> Rule.parse(bad, "x.yaml")).getMessage()
                .contains("parameter 'limit' needs a description"));
    }

    @Test
    void userRuleDirectoryAddsToTheBuiltInPack(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("custom_user_has_login.yaml"), GOOD);
        RulePack pack = RulePack.load(java.util.List.of(dir));
        assertTrue(pack.rule("custom_user_has_login").isPresent());
        assertEquals(RulePack.builtIn().rules().size() + 1, pack.rules().size());
        assertTrue(pack.version().endsWith("+custom"));
        assertTrue(!pack.digest().equals(RulePack.builtIn().digest()));
    }

    @Test
    void rejectsAnIdThatIsNotTheFileName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("other_name_here.yaml"), GOOD);
        BadInputException e = assertThrows(BadInputException.class, () -> RulePack.directory(dir));
        assertTrue(e.getMessage().contains("must equal the file name 'other_name_here'"), e.getMessage());
    }

    @Test
    void rejectsARuleIdDefinedTwice(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("idc_permission_set_in_use.yaml"),
                GOOD.replace("custom_user_has_login", "idc_permission_set_in_use"));
        BadInputException e = assertThrows(BadInputException.class, () -> RulePack.load(java.util.List.of(dir)));
        assertTrue(e.getMessage().contains("already defined"), e.getMessage());
    }

    @Test
    void rejectsAFrameworkThatNamesAnUnknownRule(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("custom_user_has_login.yaml"), GOOD);
        Files.createDirectories(dir.resolve("frameworks"));
        Files.writeString(dir.resolve("frameworks/soc2.yaml"), """
                key: soc2
                name: SOC 2
                requirements:
                  CC6.1:
                    title: Logical access
                    rules:
                      - custom_user_has_login
                      - no_such_rule_here
                """);
        BadInputException e = assertThrows(BadInputException.class, () -> RulePack.directory(dir));
        assertTrue(e.getMessage().contains("soc2.yaml:8: requirement CC6.1 names unknown rule 'no_such_rule_here'"), e.getMessage());
    }
}
