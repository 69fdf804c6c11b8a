package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The built-in rules' metadata: what a reader of a finding or a rule page relies on. */
class RuleCatalogTest {
    static final RulePack PACK = RulePack.directory(Path.of("rules"));

    @Test
    void loadsEveryRuleWithItsExpressionsCompiled() throws Exception {
        long files;
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml") && !p.toString().endsWith(".test.yaml")
                    && !p.getFileName().toString().equals("pack.yaml")).count();
        }
        assertEquals(files, PACK.rules().size());
        assertEquals(39, PACK.rules().size(), "the 38 rules of RULES.md and access_review_revocations_applied (issue 16)");
        assertEquals(PACK.rules().size(), PACK.rules().stream().map(Rule::id).distinct().count());
    }

    @TestFactory
    Stream<DynamicTest> everyRuleHasReadableMetadata() {
        return PACK.rules().stream().map(rule -> DynamicTest.dynamicTest(rule.id(), () -> {
            RuleDefinition d = rule.definition();
            assertTrue(rule.file().endsWith("/" + d.id() + ".yaml"), "id equals file name");
            assertFalse(d.title().matches("(?i)^ensure\\b.*"), "title states the good state, without 'Ensure': " + d.title());
            assertFalse(d.title().endsWith("."), "title has no trailing period: " + d.title());
            assertTrue(Character.isUpperCase(d.title().charAt(0)), "title starts with a capital: " + d.title());
            assertTrue(d.title().length() <= 90, "title fits on a line: " + d.title());
            assertTrue(d.remediation().url() != null && d.remediation().url().startsWith("https://"), "remediation has an https link");
            assertFalse(d.remediation().console().isEmpty(), "remediation has console steps");
            assertFalse(d.frameworks().isEmpty(), "maps to at least one framework");
            assertFalse(rule.requires().isEmpty(), "reads some section of the snapshot");
            d.params().forEach((name, p) -> assertTrue(
                    (d.resources() + d.where() + d.condition() + d.notEvaluatedWhen() + d.reason()).contains("params." + name),
                    "parameter " + name + " is used by the rule"));
        }));
    }

    @Test
    void frameworkFilesCoverEveryKeyAndAgreeWithTheRules() {
        Map<String, Set<String>> fromRules = new TreeMap<>();
        for (Rule r : PACK.rules()) {
            r.definition().frameworks().forEach((key, reqs) -> reqs.forEach(req ->
                    fromRules.computeIfAbsent(key + " " + req, k -> new TreeSet<>()).add(r.id())));
        }
        Map<String, Set<String>> fromFiles = new TreeMap<>();
        for (Framework f : PACK.frameworks()) {
            f.requirements().forEach((req, r) -> fromFiles.put(f.key() + " " + req, new TreeSet<>(r.rules())));
        }
        assertEquals(Rule.FRAMEWORK_KEYS, new TreeSet<>(PACK.frameworks().stream().map(Framework::key).toList()));
        assertEquals(fromRules, fromFiles);
        PACK.frameworks().forEach(f -> assertTrue(f.version() != null && !f.version().isBlank(), f.key() + " cites its version"));
    }
}
