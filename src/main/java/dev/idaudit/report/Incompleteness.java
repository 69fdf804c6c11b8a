package dev.idaudit.report;

import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Status;
import dev.idaudit.snapshot.CollectionIssue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What every report opens with when the audit is incomplete: the data that was not collected
 * and the rules that could not be evaluated (or failed), so that no reader takes a partial run
 * for a clean one. One computation for every format.
 *
 * @param gaps each collection issue as one line: section, account or app, the call and its error
 * @param notEvaluatedRules the rules with a NOT_EVALUATED finding
 * @param errorRules the rules that failed (ERROR)
 */
public record Incompleteness(List<String> gaps, List<String> notEvaluatedRules, List<String> errorRules) {

    public Incompleteness {
        gaps = List.copyOf(gaps);
        notEvaluatedRules = List.copyOf(notEvaluatedRules);
        errorRules = List.copyOf(errorRules);
    }

    public static Incompleteness of(ReportInput input) {
        return of(input.collectionIssues(), input.findings());
    }

    public static Incompleteness of(List<CollectionIssue> issues, List<Finding> findings) {
        List<String> gaps = new ArrayList<>();
        for (CollectionIssue i : issues) {
            gaps.add(describe(i));
        }
        Set<String> notEvaluated = new LinkedHashSet<>();
        Set<String> errors = new LinkedHashSet<>();
        findings.stream().sorted(java.util.Comparator.comparing(Finding::ruleId)).forEach(f -> {
            if (f.status() == Status.NOT_EVALUATED) {
                notEvaluated.add(f.ruleId());
            } else if (f.status() == Status.ERROR) {
                errors.add(f.ruleId());
            }
        });
        return new Incompleteness(gaps, List.copyOf(notEvaluated), List.copyOf(errors));
    }

    /** True when anything was not collected, not evaluated, or failed. */
    public boolean incomplete() {
        return !gaps.isEmpty() || !notEvaluatedRules.isEmpty() || !errorRules.isEmpty();
    }

    /** The banner's heading. */
    public static final String TITLE = "Incomplete audit";

    /** One sentence under the heading. */
    public String headline() {
        List<String> parts = new ArrayList<>();
        if (!gaps.isEmpty()) {
            parts.add(gaps.size() + (gaps.size() == 1 ? " part" : " parts") + " of the data could not be collected");
        }
        if (!notEvaluatedRules.isEmpty()) {
            parts.add(notEvaluatedRules.size() + (notEvaluatedRules.size() == 1 ? " rule was" : " rules were")
                    + " NOT_EVALUATED (in full or for some accounts or apps)");
        }
        if (!errorRules.isEmpty()) {
            parts.add(errorRules.size() + (errorRules.size() == 1 ? " rule" : " rules") + " failed");
        }
        return String.join("; ", parts) + ". What was not seen is not reported as passed, removed or resolved.";
    }

    /** A collection issue as one line: {@code aws.memberAccounts (account 2222…): sts:AssumeRole → AccessDenied}. */
    public static String describe(CollectionIssue i) {
        return i.scope() + ": " + i.api() + " → " + i.error();
    }
}
