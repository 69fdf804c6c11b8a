package dev.idaudit.report.markdown;

import dev.idaudit.report.FindingKey;
import dev.idaudit.report.Incompleteness;
import dev.idaudit.report.ReportFiles;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportSummary;
import dev.idaudit.report.ReportSummary.RuleSummary;
import dev.idaudit.report.Reporter;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.util.SafeText;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * A short summary for a pull-request comment or a chat message: the counts, the failing
 * rules, the first failures, what changed. Data is escaped for GitHub-flavoured Markdown:
 * no HTML, no links, no @mentions can come from a user or group name.
 */
public final class MarkdownReporter implements Reporter {

    /** Failing findings listed in full; the rest are counted. A PR comment must stay readable. */
    static final int MAX_FINDINGS = 20;

    @Override
    public String format() {
        return "md";
    }

    @Override
    public String defaultFileName() {
        return "summary.md";
    }

    @Override
    public void write(ReportInput input, Path out) throws IOException {
        ReportFiles.writeText(out, w -> write(input, w));
    }

    void write(ReportInput input, Writer w) throws IOException {
        ReportSummary s = ReportSummary.of(input);
        ReportInput.RunInfo run = input.run();
        w.write("## idaudit: Okta → AWS IAM Identity Center\n\n");
        banner(Incompleteness.of(input), w);
        w.write("Run `" + code(run.runId()) + "`, idaudit " + escape(run.toolVersion()) + ". ");
        w.write("**" + s.count(Status.FAIL) + " failing**, " + s.count(Status.PASS) + " passing, " + s.count(Status.WAIVED)
                + " waived, " + s.count(Status.NOT_EVALUATED) + " not evaluated, " + s.count(Status.ERROR)
                + " errors. Pass rate " + s.passRateText() + ".\n\n");

        w.write("| Severity | Failing |\n|---|---:|\n");
        for (Severity sev : ReportSummary.SEVERITIES) {
            w.write("| " + sev.lower() + " | " + s.failures(sev) + " |\n");
        }
        w.write("\n");

        List<RuleSummary> failing = s.rules().stream().filter(r -> r.fail() > 0).toList();
        if (!failing.isEmpty()) {
            w.write("### Failing rules\n\n| Rule | Severity | Failing | Title |\n|---|---|---:|---|\n");
            for (RuleSummary r : failing) {
                w.write("| `" + code(r.rule().id()) + "` | " + sev(r.rule().severity()) + " | " + r.fail() + " | "
                        + escape(r.rule().title()) + " |\n");
            }
            w.write("\n");
        }

        List<Finding> failures = input.findings().stream().filter(f -> f.status() == Status.FAIL)
                .sorted(ReportSummary.REPORT_ORDER).toList();
        if (!failures.isEmpty()) {
            w.write("### Failures\n\n| Severity | Rule | Resource | Account | Reason |\n|---|---|---|---|---|\n");
            for (Finding f : failures.subList(0, Math.min(MAX_FINDINGS, failures.size()))) {
                w.write("| " + sev(f.severity()) + " | `" + code(f.ruleId()) + "` | " + escape(FindingKey.displayName(f.resource()))
                        + " | " + escape(f.resource() == null ? null : f.resource().accountId()) + " | " + escape(f.reason())
                        + " |\n");
            }
            if (failures.size() > MAX_FINDINGS) {
                w.write("\n… and " + (failures.size() - MAX_FINDINGS) + " more failures in the full report.\n");
            }
            w.write("\n");
        }

        List<String> notEvaluated = s.rules().stream().filter(r -> r.overall() == Status.NOT_EVALUATED || r.error() > 0)
                .map(r -> "`" + code(r.rule().id()) + "`").toList();
        if (!notEvaluated.isEmpty()) {
            w.write("**Not evaluated or in error:** " + String.join(", ", notEvaluated) + "\n\n");
        }
        List<ReportInput.WaiverInfo> allResources = input.waivers().stream().filter(ReportInput.WaiverInfo::allResources).toList();
        if (!allResources.isEmpty()) {
            w.write("**Waivers covering every resource of their rule (all resources):** " + allResources.stream()
                    .map(v -> "`" + code(v.ruleId()) + "` (`" + code(v.resource()) + "`, " + escape(v.ticket()) + ", until " + v.expires() + ")")
                    .collect(java.util.stream.Collectors.joining(", ")) + "\n\n");
        }
        if (!input.collectionIssues().isEmpty()) {
            w.write("**" + input.collectionIssues().size() + " collection issue(s):** some data could not be read; "
                    + "rules that need it are not evaluated.\n\n");
        }
        if (run.previousRunId() == null) {
            w.write("_No previous run to compare with._\n");
        } else {
            w.write("**Changes since `" + code(run.previousRunId()) + "`:** " + changeCounts(input.changes()) + "\n");
        }
    }

    /** Above everything else, so that a partial run is never read as a clean one. */
    private static void banner(Incompleteness inc, Writer w) throws IOException {
        if (!inc.incomplete()) {
            return;
        }
        w.write("> **⚠ " + Incompleteness.TITLE + ":** " + escape(inc.headline()) + "\n");
        if (!inc.gaps().isEmpty()) {
            w.write(">\n> Not collected:\n");
            for (String g : inc.gaps().subList(0, Math.min(MAX_FINDINGS, inc.gaps().size()))) {
                w.write("> - " + escape(g) + "\n");
            }
            if (inc.gaps().size() > MAX_FINDINGS) {
                w.write("> - … and " + (inc.gaps().size() - MAX_FINDINGS) + " more in the full report\n");
            }
        }
        if (!inc.notEvaluatedRules().isEmpty()) {
            w.write(">\n> NOT_EVALUATED: " + inc.notEvaluatedRules().stream().map(r -> "`" + code(r) + "`")
                    .collect(java.util.stream.Collectors.joining(", ")) + "\n");
        }
        if (!inc.errorRules().isEmpty()) {
            w.write(">\n> Failed (ERROR): " + inc.errorRules().stream().map(r -> "`" + code(r) + "`")
                    .collect(java.util.stream.Collectors.joining(", ")) + "\n");
        }
        w.write("\n");
    }

    private static String changeCounts(List<ReportInput.ChangeRow> changes) {
        if (changes.isEmpty()) {
            return "none.";
        }
        long added = changes.stream().filter(c -> c.type() == ReportInput.ChangeType.ADDED).count();
        long removed = changes.stream().filter(c -> c.type() == ReportInput.ChangeType.REMOVED).count();
        long changed = changes.stream().filter(c -> c.type() == ReportInput.ChangeType.CHANGED).count();
        long unseen = changes.stream().filter(c -> c.type() == ReportInput.ChangeType.NOT_COLLECTED).count();
        return added + " added, " + removed + " removed, " + changed + " changed"
                + (unseen == 0 ? "." : "; " + unseen + " not collected this run (unknown, not removed or resolved).");
    }

    private static String sev(Severity s) {
        return s == null ? "" : s.lower();
    }

    /**
     * Escapes text for a Markdown table cell: Markdown punctuation is backslash-escaped, HTML
     * is neutralised, line breaks are flattened, @ cannot mention anyone and terminal-control
     * characters are made visible ({@link SafeText}).
     */
    static String escape(String raw) {
        if (raw == null) {
            return "";
        }
        String text = SafeText.text(raw);
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '#', '!', '|', '~' -> sb.append('\\').append(c);
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '@' -> sb.append("&#64;");
                case '\r', '\n', '\t' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Text inside a code span: backticks and pipes cannot end it or the table cell. */
    static String code(String text) {
        return text == null ? "" : SafeText.text(text).replace('`', '\'').replace("|", "\\|").replaceAll("[\\r\\n]", " ");
    }
}
