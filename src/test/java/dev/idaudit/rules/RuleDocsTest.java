package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed docs/rules are what `idaudit rules docs` writes today. */
class RuleDocsTest {
    @Test
    void committedRuleDocsAreUpToDate() throws Exception {
        Map<String, String> expected = new TreeMap<>(RuleDocs.render(RulePack.directory(Path.of("rules"))));
        Map<String, String> committed = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("docs/rules"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".md")).toList()) {
                committed.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        assertEquals(expected.keySet(), committed.keySet(), "docs/rules is stale: run `mvn process-resources` then `idaudit rules docs --out docs/rules`");
        expected.forEach((name, text) -> assertEquals(text, committed.get(name),
                "docs/rules/" + name + " is stale: run `mvn process-resources` then `idaudit rules docs --out docs/rules`"));
    }
}
