package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.audit.Gate;
import dev.idaudit.audit.Verdict;
import dev.idaudit.collect.Progress;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Rule;
import dev.idaudit.rules.RuleEngine;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.rules.Waivers;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.snapshot.Snapshot;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The acme sandbox collected through the real SDK clients and checked with the built-in pack:
 * every violation planted in scenario.yaml is found, beside the resource that passes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcmeAuditTest {
    /** A single organization has a single feature set: acme can only pass it (its FAIL case is in the rule's test file). */
    private static final Set<String> PASS_ONLY = Set.of("org_all_features_enabled");

    private Scenario scenario;
    private Snapshot snapshot;
    private CheckResult result;

    @BeforeAll
    void collectAndCheckAcme() {
        scenario = Scenario.load("acme");
        try (Sandbox sandbox = Sandbox.start(scenario)) {
            snapshot = Collector.fromSandbox(sandbox, Progress.SILENT);
        }
        // With acme's last access review beside it (scenarios/acme/review.yaml), so access_review_revocations_applied runs too.
        dev.idaudit.model.AuditModel model = dev.idaudit.model.AuditModel.of(snapshot);
        result = new RuleEngine(RulePack.builtIn()).check(model.withReview(dev.idaudit.testing.AcmeReview.decisions(model.asOf())),
                Waivers.NONE, LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void acmeIsCollectedCompletelyAndEveryRuleIsEvaluatedWithoutError() {
        assertEquals(List.of(), snapshot.collectionIssues());
        assertEquals(List.of(), result.findings().stream().filter(f -> f.status() == Status.ERROR || f.status() == Status.NOT_EVALUATED)
                .map(f -> f.ruleId() + ": " + f.reason()).toList());
    }

    @Test
    void theGateFailsOnHighAndPassesWithNone() {
        assertEquals(ExitCode.FINDINGS, exitCode(new Gate(Severity.HIGH, null, false)));
        assertEquals(ExitCode.CLEAN, exitCode(new Gate(Severity.NONE, null, false)));
        assertEquals(ExitCode.CLEAN, exitCode(new Gate(Severity.HIGH, result.findings(), false)),
                "against itself as the baseline nothing is new");
    }

    private ExitCode exitCode(Gate gate) {
        return ExitCode.of(Verdict.of(gate, snapshot.collectionIssues(), result));
    }

    @TestFactory
    List<DynamicTest> everyRuleBothFailsAndPassesOnAcme() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Rule rule : RulePack.builtIn().rules()) {
            tests.add(DynamicTest.dynamicTest(rule.id(), () -> {
                List<Finding> mine = result.findings().stream().filter(f -> f.ruleId().equals(rule.id())).toList();
                assertTrue(mine.stream().anyMatch(f -> f.status() == Status.PASS), rule.id() + " has no PASS on acme");
                if (!PASS_ONLY.contains(rule.id())) {
                    assertTrue(mine.stream().anyMatch(f -> f.status() == Status.FAIL), rule.id() + " has no FAIL on acme");
                }
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyPlantIsFoundBesideItsPassingTwin() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenario.Plant plant : scenario.plants()) {
            tests.add(DynamicTest.dynamicTest(plant.rule(), () -> {
                List<Finding> mine = result.findings().stream().filter(f -> f.ruleId().equals(plant.rule())).toList();
                if (plant.fails() != null) {
                    assertTrue(mine.stream().anyMatch(f -> f.status() == Status.FAIL && names(f, plant.fails())),
                            plant.rule() + ": no FAIL for " + plant.fails() + " in " + describe(mine));
                }
                assertTrue(mine.stream().anyMatch(f -> f.status() == Status.PASS && names(f, plant.passes())),
                        plant.rule() + ": no PASS for " + plant.passes() + " in " + describe(mine));
            }));
        }
        return tests;
    }

    /**
     * True when the finding is about the planted resource: scenario.yaml names it by id, name or
     * label, optionally followed by "in ACCOUNT".
     */
    private static boolean names(Finding f, String planted) {
        String[] parts = planted.split(" in ", 2);
        String what = parts[0];
        String text = String.join(" | ", nz(f.resource().id()), nz(f.resource().name()), nz(f.reason()));
        boolean account = parts.length < 2 || parts[1].equals(f.resource().accountId()) || text.contains(parts[1]);
        return account && text.contains(what);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String describe(List<Finding> findings) {
        return findings.stream().map(f -> f.status() + " " + f.resource().id() + " (" + f.resource().name() + ")").toList().toString();
    }
}
