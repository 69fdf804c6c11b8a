package dev.idaudit.rules;

import dev.cel.common.exceptions.CelIterationLimitExceededException;
import dev.cel.runtime.CelEvaluationListener;
import java.time.Duration;

/**
 * How much one rule may spend on one snapshot: CEL's own comprehension limit (per expression
 * evaluation, {@link CelSupport#MAX_ITERATIONS}) and a wall-clock deadline for the whole rule
 * ({@code rules.budget.deadlineSeconds}). A rule over budget ends as one ERROR finding naming
 * the budget, so a hostile or careless custom rule cannot hang {@code check}.
 *
 * <p>CEL-Java 0.14 has no runtime cost limit, so the deadline is checked by an evaluation
 * listener, which the planner calls after every expression node. Once over, the budget stays
 * over: CEL absorbs an error inside {@code ||} or {@code exists}, and the rule must not go on
 * to PASS or FAIL on what was left.
 */
final class EvaluationBudget implements CelEvaluationListener {
    /** How often (in evaluated nodes) the clock is read: nanoTime on every node would cost more than most nodes. */
    private static final int CHECK_EVERY = 1024;

    private final Duration deadline;
    private final long endsAt;
    private int nodes;
    private volatile boolean over;

    private EvaluationBudget(Duration deadline) {
        this.deadline = deadline;
        this.endsAt = System.nanoTime() + deadline.toNanos();
    }

    /** A budget whose deadline starts now. */
    static EvaluationBudget starting(Duration deadline) {
        return new EvaluationBudget(deadline);
    }

    @Override
    public void callback(dev.cel.common.ast.CelExpr expr, Object result) {
        if (over || (++nodes % CHECK_EVERY == 0 && System.nanoTime() - endsAt > 0)) {
            over = true;
            throw exceeded();
        }
    }

    /** Throws when the budget ran out, even if CEL absorbed the error the listener raised. */
    void check() {
        if (over || System.nanoTime() - endsAt > 0) {
            over = true;
            throw exceeded();
        }
    }

    private Exceeded exceeded() {
        return new Exceeded("its deadline of " + seconds(deadline) + " (rules.budget.deadlineSeconds)");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * The budget exceeded, found anywhere in the cause chain of what an evaluation threw, or null
     * when {@code e} is an ordinary rule failure.
     */
    static Exceeded exceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Exceeded x) {
                return x;
            }
            if (t instanceof CelIterationLimitExceededException) {
                return new Exceeded("CEL's limit of " + CelSupport.MAX_ITERATIONS + " comprehension iterations in one expression");
            }
        }
        return null;
    }

    /** The rule went over its budget; {@link #getMessage} names which budget. */
    static final class Exceeded extends RuntimeException {
        Exceeded(String budget) {
            super(budget, null, false, false);
        }
    }
}
