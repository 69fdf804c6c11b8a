package dev.idaudit.report;

import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The numbers every human-facing report shows (pass rate, counts, per rule, per framework),
 * computed once from a {@link ReportInput} so that the HTML, the workbook and the Markdown
 * summary can never disagree.
 *
 * @param passRate PASS / (PASS + FAIL + WAIVED); a waiver is an accepted exception, not a pass.
 *     Null when nothing was evaluated.
 */
public record ReportSummary(
        int total,
        Map<Status, Integer> byStatus,
        Map<Severity, Integer> failuresBySeverity,
        Double passRate,
        List<RuleSummary> rules,
        List<FrameworkCoverage> frameworks) {

    /** Severities a finding can have, most severe first (NONE is only a threshold). */
    public static final List<Severity> SEVERITIES = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);

    /** Findings in the order reports list them: most severe first, failures before passes. */
    public static final Comparator<Finding> REPORT_ORDER = Comparator
            .comparing((Finding f) -> f.severity() == null ? Severity.NONE : f.severity())
            .thenComparing(f -> statusRank(f.status()))
            .thenComparing(Finding::ruleId)
            .thenComparing(f -> FindingKey.resourceKey(f.resource()));

    /**
     * One rule's results.
     *
     * @param overall FAIL if anything failed, else ERROR, else NOT_EVALUATED, else WAIVED, else PASS;
     *     a rule with no finding at all is NOT_EVALUATED (missing data is never a pass)
     */
    public record RuleSummary(RuleInfo rule, int pass, int fail, int waived, int notEvaluated, int error, Status overall) {}

    /**
     * How much of a framework this run covers.
     *
     * @param requirementsEvaluated requirements whose every mapped rule was evaluated
     * @param requirementsPassing requirements whose every mapped rule passed (or was waived)
     */
    public record FrameworkCoverage(
            String key,
            String name,
            int requirements,
            int requirementsEvaluated,
            int requirementsPassing,
            List<RequirementStatus> details) {
        public int coveragePercent() {
            return requirements == 0 ? 0 : Math.round(100f * requirementsEvaluated / requirements);
        }

        public int passingPercent() {
            return requirements == 0 ? 0 : Math.round(100f * requirementsPassing / requirements);
        }
    }

    public record RequirementStatus(String requirement, List<String> ruleIds, Status status) {}

    public static ReportSummary of(ReportInput input) {
        Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            byStatus.put(s, 0);
        }
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        SEVERITIES.forEach(s -> bySeverity.put(s, 0));
        Map<String, int[]> perRule = new LinkedHashMap<>();
        for (Finding f : input.findings()) {
            byStatus.merge(f.status(), 1, Integer::sum);
            if (f.status() == Status.FAIL && f.severity() != null && f.severity() != Severity.NONE) {
                bySeverity.merge(f.severity(), 1, Integer::sum);
            }
            perRule.computeIfAbsent(f.ruleId(), k -> new int[Status.values().length])[f.status().ordinal()]++;
        }
        int evaluated = byStatus.get(Status.PASS) + byStatus.get(Status.FAIL) + byStatus.get(Status.WAIVED);
        Double passRate = evaluated == 0 ? null : (double) byStatus.get(Status.PASS) / evaluated;

        List<RuleSummary> rules = new ArrayList<>();
        for (RuleInfo rule : RuleCatalog.of(input).rules()) {
            int[] c = perRule.getOrDefault(rule.id(), new int[Status.values().length]);
            rules.add(new RuleSummary(rule, c[Status.PASS.ordinal()], c[Status.FAIL.ordinal()], c[Status.WAIVED.ordinal()],
                    c[Status.NOT_EVALUATED.ordinal()], c[Status.ERROR.ordinal()], overall(c)));
        }
        return new ReportSummary(input.findings().size(), byStatus, bySeverity, passRate, List.copyOf(rules),
                frameworks(rules));
    }

    /** Counts of FAIL findings at {@code severity}. */
    public int failures(Severity severity) {
        return failuresBySeverity.getOrDefault(severity, 0);
    }

    public int count(Status status) {
        return byStatus.getOrDefault(status, 0);
    }

    /** The pass rate as a whole percentage, or "n/a" when nothing was evaluated. */
    public String passRateText() {
        return passRate == null ? "n/a" : Math.round(passRate * 1000) / 10.0 + "%";
    }

    /** Rules whose overall result is {@code status}. */
    public int rulesWith(Status status) {
        return (int) rules.stream().filter(r -> r.overall() == status).count();
    }

    /**
     * Rules that pass, of the rules evaluated (overall PASS, FAIL or WAIVED), as a whole
     * percentage, or "n/a": a rule with 2,000 passing users and one leaver fails, so one big
     * rule cannot hide another's failure the way a per-finding rate does.
     */
    public String rulePassRateText() {
        int evaluated = rulesWith(Status.PASS) + rulesWith(Status.FAIL) + rulesWith(Status.WAIVED);
        return evaluated == 0 ? "n/a" : Math.round(1000.0 * rulesWith(Status.PASS) / evaluated) / 10.0 + "%";
    }

    private static Status overall(int[] c) {
        for (Status s : List.of(Status.FAIL, Status.ERROR, Status.NOT_EVALUATED, Status.WAIVED, Status.PASS)) {
            if (c[s.ordinal()] > 0) {
                return s;
            }
        }
        return Status.NOT_EVALUATED;
    }

    private static List<FrameworkCoverage> frameworks(List<RuleSummary> rules) {
        // framework → requirement → rules mapped to it
        Map<String, Map<String, List<RuleSummary>>> mapping = new TreeMap<>();
        for (RuleSummary r : rules) {
            r.rule().frameworks().forEach((framework, requirements) -> {
                for (String requirement : new TreeSet<>(requirements)) {
                    mapping.computeIfAbsent(framework, k -> new TreeMap<>(Frameworks.NATURAL))
                            .computeIfAbsent(requirement, k -> new ArrayList<>())
                            .add(r);
                }
            });
        }
        List<FrameworkCoverage> result = new ArrayList<>();
        mapping.forEach((framework, requirements) -> {
            int evaluated = 0;
            int passing = 0;
            List<RequirementStatus> details = new ArrayList<>();
            for (var e : requirements.entrySet()) {
                Status status = requirementStatus(e.getValue());
                boolean allEvaluated = e.getValue().stream()
                        .allMatch(r -> r.overall() != Status.NOT_EVALUATED && r.overall() != Status.ERROR);
                if (allEvaluated) {
                    evaluated++;
                }
                if (status == Status.PASS || status == Status.WAIVED) {
                    passing++;
                }
                details.add(new RequirementStatus(e.getKey(), e.getValue().stream().map(r -> r.rule().id()).toList(), status));
            }
            result.add(new FrameworkCoverage(framework, Frameworks.displayName(framework), requirements.size(), evaluated,
                    passing, List.copyOf(details)));
        });
        return List.copyOf(result);
    }

    /** A requirement is as bad as its worst rule; unevaluated rules make it unevaluated unless one fails. */
    private static Status requirementStatus(List<RuleSummary> rules) {
        for (Status s : List.of(Status.FAIL, Status.ERROR, Status.NOT_EVALUATED, Status.WAIVED)) {
            if (rules.stream().anyMatch(r -> r.overall() == s)) {
                return s;
            }
        }
        return Status.PASS;
    }

    static int statusRank(Status s) {
        return switch (s) {
            case FAIL -> 0;
            case ERROR -> 1;
            case NOT_EVALUATED -> 2;
            case WAIVED -> 3;
            case PASS -> 4;
        };
    }
}
