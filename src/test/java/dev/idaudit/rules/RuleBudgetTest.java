package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.snapshot.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runaway custom rule ends within its budget as one ERROR finding naming the rule and the budget. */
class RuleBudgetTest {
    /** An org of 40 Okta users: the "40-element list" the hanging rules of issue 15 iterated over. */
    static final Snapshot FORTY_USERS;

    static {
        try {
            FORTY_USERS = RuleEngineTest.snapshot("okta:\n  users:\n" + IntStream.rangeClosed(1, 40)
                    .mapToObj(i -> "    - {id: 00u" + i + ", login: user" + i + "@acme.example, status: ACTIVE}")
                    .collect(Collectors.joining("\n")) + "\n");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static String rule(String id, String condition) {
        return RuleLoadingTest.GOOD.replace("custom_user_has_login", id).replace("condition: r.login != ''", "condition: \"" + condition + "\"");
    }

    /** {@code list.macro(v1, list.macro(v2, ... innermost))}, {@code depth} deep. */
    static String nested(String list, String macro, int depth, String innermost) {
        String expr = innermost;
        for (int i = depth; i >= 1; i--) {
            expr = list + "." + macro + "(v" + i + ", " + expr + ")";
        }
        return expr;
    }

    static final String FORTY = IntStream.rangeClosed(1, 40).mapToObj(String::valueOf).collect(Collectors.joining(", ", "[", "]"));

    static List<Finding> evaluate(Path dir, String id, String condition, Duration deadline) throws Exception {
        RulePack pack = RuleEngineTest.packWith(dir, id, rule(id, condition));
        RuleSettings settings = new RuleSettings(null, null, null, null, null, deadline);
        return new RuleEngine(pack, settings, "test").evaluate(FORTY_USERS);
    }

    @Test
    void sixDeepAllOverAFortyElementListEndsAtCelsIterationLimitAsOneError(@TempDir Path dir) throws Exception {
        List<Finding> got = evaluate(dir, "custom_six_deep_all", nested(FORTY, "all", 6, "v6 > 0"), Duration.ofSeconds(60));
        assertEquals(1, got.size(), got.toString());
        Finding f = got.get(0);
        assertEquals(Status.ERROR, f.status());
        assertEquals(Finding.Resource.RULE, f.resource().type());
        assertEquals("custom_six_deep_all", f.resource().id());
        assertEquals("rule custom_six_deep_all stopped: over its evaluation budget, CEL's limit of 1000000 comprehension iterations"
                + " in one expression; its findings are unknown", f.reason());
    }

    /** map() copies its growing list each iteration: CEL's iteration limit alone took minutes here; the deadline ends it. */
    @Test
    void sevenDeepMapOverFortyUsersEndsAtTheRulesDeadlineAsOneError(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        List<Finding> got = evaluate(dir, "custom_seven_deep_map", nested("oktaUsers", "map", 7, "v7.login") + ".size() > 0",
                Duration.ofSeconds(1));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, got.size(), got.toString());
        assertEquals(Status.ERROR, got.get(0).status());
        assertEquals("rule custom_seven_deep_map stopped: over its evaluation budget, its deadline of 1 s (rules.budget.deadlineSeconds);"
                + " its findings are unknown", got.get(0).reason());
        assertTrue(millis < 15_000, "stopped near its deadline, took " + millis + " ms");
    }

    @Test
    void aRuleWithinItsBudgetIsNotTouched(@TempDir Path dir) throws Exception {
        List<Finding> got = evaluate(dir, "custom_two_deep_all", nested(FORTY, "all", 2, "v2 > 0"), Duration.ofSeconds(60));
        assertEquals(40, got.size());
        assertTrue(got.stream().allMatch(f -> f.status() == Status.PASS), got.toString());
    }

    @Test
    void validateWarnsOfNestedComprehensionsOverModelListsButNotOfLiteralOnes(@TempDir Path dir) throws Exception {
        Rule overUsers = Rule.parse(rule("custom_users_twice", nested("oktaUsers", "exists", 2, "v2.login == r.login")), "a.yaml");
        assertEquals(List.of("a.yaml:11 (condition): 2 comprehensions over model lists nested, evaluated per resource: the cost grows"
                + " as n^3 with the org's size n, and a large org can run out of the rule's budget"), overUsers.costWarnings());
        // one level over the model, one over what is drawn from it: still two
        Rule drawn = Rule.parse(rule("custom_users_drawn", "oktaUsers.exists(u, [u.login].exists(l, l == r.login))"), "b.yaml");
        assertEquals(1, drawn.costWarnings().size());
        assertEquals(List.of(), Rule.parse(rule("custom_literal", nested(FORTY, "all", 6, "v6 > 0")), "c.yaml").costWarnings());
        assertEquals(List.of(), Rule.parse(rule("custom_once", "oktaUsers.exists(u, u.login == r.login)"), "d.yaml").costWarnings());
    }

    @Test
    void noBuiltInRuleNestsComprehensionsOverModelLists() {
        List<String> warned = RulePack.builtIn().rules().stream().filter(r -> !r.costWarnings().isEmpty())
                .map(r -> r.id() + " " + r.costWarnings()).toList();
        assertEquals(List.of(), warned);
    }
}
