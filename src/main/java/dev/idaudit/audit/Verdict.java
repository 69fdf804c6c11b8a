package dev.idaudit.audit;

import dev.idaudit.report.Incompleteness;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Severity;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.util.Plural;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an audit concludes, the same for every command: INCOMPLETE when data was not collected,
 * a rule was not evaluated (unless {@code --allow-incomplete}) or a rule failed, even when
 * failures reach {@code --fail-on}: an incomplete audit cannot be called clean, and a CI gate
 * must see that it was not a full check. Then FINDINGS when failures reach the gate, else CLEAN.
 *
 * @param gating how many failures break the gate (counted whatever the outcome)
 */
public record Verdict(Outcome outcome, Gate gate, int gating, Incompleteness incompleteness, List<CollectionIssue> issues) {

    public enum Outcome { CLEAN, FINDINGS, INCOMPLETE }

    public Verdict {
        issues = List.copyOf(issues);
    }

    public static Verdict of(Gate gate, List<CollectionIssue> issues, CheckResult result) {
        Incompleteness inc = Incompleteness.of(issues, result.findings());
        int gating = gate.gating(result).size();
        boolean incomplete = !inc.errorRules().isEmpty() || (inc.incomplete() && !gate.allowIncomplete());
        Outcome outcome = incomplete ? Outcome.INCOMPLETE : gating > 0 ? Outcome.FINDINGS : Outcome.CLEAN;
        return new Verdict(outcome, gate, gating, inc, issues);
    }

    public boolean incomplete() {
        return incompleteness.incomplete();
    }

    /**
     * The last line of a summary: the outcome, what is missing when anything is, and the
     * failures at the gate whatever the outcome (an incomplete run still says what it found).
     */
    public String lastLine() {
        String failures = gating > 0 ? gate.describe(gating)
                : gate.threshold() == Severity.NONE ? "failures not gated (--fail-on none)"
                : gate.describe(0).replaceFirst("^0 ", "no ");
        if (outcome == Outcome.INCOMPLETE) {
            return "INCOMPLETE: " + missing() + "; " + failures;
        }
        String tail = incomplete() ? "; but the audit is incomplete: " + missing() : "";
        if (outcome == Outcome.FINDINGS) {
            return "FAILED: " + failures + tail;
        }
        return (gate.threshold() == Severity.NONE ? "Done: " : "OK: ") + failures + tail;
    }

    /** E.g. "not collected: aws.memberAccounts (6 accounts); 4 rules NOT_EVALUATED". */
    public String missing() {
        List<String> parts = new ArrayList<>();
        if (!issues.isEmpty()) {
            Map<String, Set<String>> scopes = new LinkedHashMap<>();
            for (CollectionIssue i : issues) {
                Set<String> s = scopes.computeIfAbsent(i.section(), k -> new TreeSet<>());
                if (i.accountId() != null) {
                    s.add("account " + i.accountId());
                } else if (i.appId() != null) {
                    s.add("app " + i.appId());
                } else {
                    s.add("");
                }
            }
            List<String> sections = new ArrayList<>();
            scopes.forEach((section, s) -> {
                long accounts = s.stream().filter(x -> x.startsWith("account ")).count();
                long apps = s.stream().filter(x -> x.startsWith("app ")).count();
                List<String> where = new ArrayList<>();
                if (accounts > 0) {
                    where.add(accounts == 1 ? s.stream().filter(x -> x.startsWith("account ")).findFirst().orElseThrow()
                            : accounts + " accounts");
                }
                if (apps > 0) {
                    where.add(apps == 1 ? s.stream().filter(x -> x.startsWith("app ")).findFirst().orElseThrow() : apps + " apps");
                }
                sections.add(where.isEmpty() || s.contains("") ? section : section + " (" + String.join(", ", where) + ")");
            });
            parts.add("not collected: " + String.join(", ", sections));
        }
        int ne = incompleteness.notEvaluatedRules().size();
        if (ne > 0) {
            parts.add(Plural.count(ne, "rule", "rules") + " NOT_EVALUATED");
        }
        int errors = incompleteness.errorRules().size();
        if (errors > 0) {
            parts.add(Plural.count(errors, "rule", "rules") + " failed (ERROR)");
        }
        return parts.isEmpty() ? "nothing missing" : String.join("; ", parts);
    }
}
