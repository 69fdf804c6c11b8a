package dev.idaudit.audit;

import dev.idaudit.report.Incompleteness;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.util.Plural;
import dev.idaudit.util.SafeText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The human summary: totals, failures grouped by rule (most severe first), then what was not evaluated. */
public final class TextSummary {
    private final PrintWriter o;
    private final boolean colour;
    private final boolean quiet;
    private final boolean verbose;

    public TextSummary(PrintWriter o, boolean colour, boolean quiet, boolean verbose) {
        this.o = o;
        this.colour = colour;
        this.quiet = quiet;
        this.verbose = verbose;
    }

    /**
     * Totals, failures by rule, what was not evaluated; then, when the audit is incomplete,
     * what was not collected; last the verdict's line.
     *
     * @param out where the findings were written, or null
     */
    public void print(CheckResult r, Verdict verdict, Path out) {
        print(r, verdict, out, null);
    }

    /**
     * The same, with what changed since the last run above the verdict (with --quiet, its
     * headline and what could not be compared).
     *
     * @param since the comparison with the previous run, or null when there is none to speak of (check)
     */
    public void print(CheckResult r, Verdict verdict, Path out, SinceLastRun since) {
        CheckResult.Summary s = r.summary();
        long rules = r.findings().stream().map(Finding::ruleId).distinct().count();
        o.println("idaudit check: " + Plural.count(rules, "rule", "rules") + ", " + Plural.count(r.findings().size(), "finding", "findings") + "; rule pack " + r.rulePack().version()
                + " (" + r.rulePack().digest().substring(0, Math.min(19, r.rulePack().digest().length())) + ")");
        o.println("  " + paint("FAIL " + s.byStatus().get(Status.FAIL), "31;1") + " ("
                + s.failuresBySeverity().entrySet().stream().map(e -> e.getKey().lower() + " " + e.getValue()).collect(Collectors.joining(", "))
                + ")  " + paint("PASS " + s.byStatus().get(Status.PASS), "32") + "  WAIVED " + s.byStatus().get(Status.WAIVED)
                + "  NOT_EVALUATED " + s.byStatus().get(Status.NOT_EVALUATED) + "  ERROR " + s.byStatus().get(Status.ERROR));
        if (!quiet) {
            section(r, Status.FAIL, "Failures");
            section(r, Status.ERROR, "Rule errors");
            section(r, Status.NOT_EVALUATED, "Not evaluated (data missing)");
            section(r, Status.WAIVED, "Waived");
            if (verbose) {
                section(r, Status.PASS, "Passed");
            }
            if (!r.staleWaivers().isEmpty()) {
                o.println();
                o.println("Stale waivers (match no failing finding; remove them):");
                r.staleWaivers().forEach(w -> o.println("  " + clean(w.where()) + " " + clean(w.rule()) + " " + clean(w.resource())
                        + " (" + clean(w.ticket()) + ", owner " + clean(w.owner()) + ")"));
            }
            if (!r.waiverWarnings().isEmpty()) {
                o.println();
                o.println("Waivers to update:");
                r.waiverWarnings().forEach(w -> o.println("  " + clean(w)));
            }
        }
        o.println();
        if (out != null) {
            o.println("Findings written to " + out);
        }
        if (since != null) {
            List<String> lines = since.lines();
            o.println(since.newFailures().isEmpty() ? clean(lines.get(0)) : paint(clean(lines.get(0)), "31;1"));
            (quiet ? since.caveats() : lines.subList(1, lines.size())).forEach(l -> o.println("  " + clean(l)));
            o.println();
        }
        if (verdict.incomplete() && !quiet && !verdict.issues().isEmpty()) {
            o.println(paint(Incompleteness.TITLE, "33;1") + ": not collected:");
            verdict.issues().forEach(i -> o.println("  - " + clean(Incompleteness.describe(i))));
            o.println();
        }
        String line = clean(verdict.lastLine());
        o.println(switch (verdict.outcome()) {
            case FINDINGS -> paint(line, "31;1");
            case INCOMPLETE -> paint(line, "33;1");
            case CLEAN -> verdict.incomplete() ? line : paint(line, "32;1");
        });
    }

    private void section(CheckResult r, Status status, String heading) {
        List<Finding> list = r.findings().stream().filter(f -> f.status() == status).toList();
        if (list.isEmpty()) {
            return;
        }
        o.println();
        o.println(heading + ":");
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        list.stream().sorted(java.util.Comparator.comparing(Finding::severity).thenComparing(Finding::ruleId))
                .forEach(f -> byRule.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f));
        byRule.forEach((rule, fs) -> {
            Finding first = fs.get(0);
            o.println("  " + paint(first.severity().name(), colourOf(first.severity())) + " " + rule + ": " + clean(first.title())
                    + " (" + fs.size() + ")");
            for (Finding f : fs) {
                String account = f.resource().accountId() == null ? "" : " [" + f.resource().accountId() + "]";
                o.println("    - " + clean(f.resource().name() == null ? f.resource().id() : f.resource().name()) + account
                        + ": " + clean(f.reason()) + (f.waiver() == null ? ""
                        : " {waiver " + clean(f.waiver().ticket()) + ", expires " + f.waiver().expires() + ": " + clean(f.waiver().reason()) + "}"));
            }
            if (status == Status.FAIL) {
                o.println("    fix: " + clean(first.remediation()));
            }
        });
    }

    private static String colourOf(Severity s) {
        return switch (s) {
            case CRITICAL -> "35;1";
            case HIGH -> "31";
            case MEDIUM -> "33";
            default -> "36";
        };
    }

    private String paint(String text, String code) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    /** Data from the snapshot never reaches the terminal as control characters (no escape-sequence injection). */
    static String clean(String s) {
        return s == null ? "" : SafeText.line(s);
    }
}
