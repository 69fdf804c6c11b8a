package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every rule's {@code rules/<id>.test.yaml}; each file must have a PASS, a FAIL and a NOT_EVALUATED case. */
class RulePackTest {
    static final Path RULES = Path.of("rules");

    @TestFactory
    Stream<DynamicNode> everyRulePassesItsOwnTestFile() {
        RulePack pack = RulePack.directory(RULES);
        return pack.rules().stream().map(rule -> {
            Path testFile = RULES.resolve(rule.id() + ".test.yaml");
            List<RuleTests.Case> cases = RuleTests.cases(rule, testFile);
            Stream<DynamicNode> coverage = Stream.of(DynamicTest.dynamicTest("has PASS, FAIL and NOT_EVALUATED cases", () -> {
                Set<Status> seen = EnumSet.noneOf(Status.class);
                cases.forEach(c -> seen.addAll(c.expectedStatuses()));
                assertTrue(seen.containsAll(EnumSet.of(Status.PASS, Status.FAIL, Status.NOT_EVALUATED)),
                        testFile + " covers only " + seen);
            }));
            Stream<DynamicNode> runs = cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertNull(c.run())));
            return DynamicContainer.dynamicContainer(rule.id(), Stream.concat(coverage, runs));
        });
    }

    @TestFactory
    Stream<DynamicNode> everyTestFileBelongsToARule() throws Exception {
        RulePack pack = RulePack.directory(RULES);
        try (Stream<Path> files = Files.list(RULES)) {
            return files.filter(f -> f.toString().endsWith(".test.yaml")).sorted().toList().stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                        String id = f.getFileName().toString().replace(".test.yaml", "");
                        assertTrue(pack.rule(id).isPresent(), f + " tests no rule");
                    }));
        }
    }

    @org.junit.jupiter.api.Test
    void builtInPackOnTheClasspathIsTheSourceTree() {
        assertEquals(RulePack.directory(RULES).digest(), RulePack.builtIn().digest());
    }
}
