package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.snapshot.SnapshotIO;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The custom rule and the waiver shown in docs/check.md work as shown. */
class DocsExampleTest {
    static String block(String startsWith) throws Exception {
        String md = Files.readString(Path.of("docs/check.md"));
        Matcher m = Pattern.compile("```yaml\n(" + Pattern.quote(startsWith) + ".*?)```", Pattern.DOTALL).matcher(md);
        assertTrue(m.find(), "docs/check.md has a block starting " + startsWith);
        return m.group(1);
    }

    @Test
    void theCustomRuleExampleLoadsAndFailsOnAcme() throws Exception {
        Rule rule = Rule.parse(block("# our-rules/acme_prod_admins_are_few.yaml"), "docs/check.md");
        try (InputStream in = getClass().getResourceAsStream("acme-snapshot.json")) {
            var model = dev.idaudit.model.AuditModel.of(SnapshotIO.read(in, "acme"));
            List<Finding> got = rule.evaluate(model, ModelBindings.of(model), rule.defaultParams(), rule.severity());
            assertEquals(1, got.size());
            assertEquals(Status.PASS, got.get(0).status(), got.get(0).reason()); // acme-prod: alice only
            List<Finding> strict = rule.evaluate(model, ModelBindings.of(model), java.util.Map.of("maxAdmins", 0), rule.severity());
            assertEquals(Status.FAIL, strict.get(0).status());
            assertTrue(strict.get(0).reason().contains("alice@acme.example"), strict.get(0).reason());
        }
    }

    @Test
    void theWaiverExampleParses() throws Exception {
        Waivers w = Waivers.parse(block("waivers:"), "docs/check.md", LocalDate.parse("2026-11-01"));
        w.validate(RulePack.builtIn());
        assertEquals(1, w.list().size());
    }
}
