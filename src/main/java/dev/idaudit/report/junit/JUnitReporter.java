package dev.idaudit.report.junit;

import static dev.idaudit.report.Text.orEmpty;

import dev.idaudit.report.FindingKey;
import dev.idaudit.report.ReportFiles;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.report.ReportSummary;
import dev.idaudit.report.Reporter;
import dev.idaudit.report.RuleCatalog;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Status;
import dev.idaudit.util.SafeText;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit XML for CI systems: one test suite per rule, one test case per rule and resource.
 * FAIL is a failure, ERROR an error; NOT_EVALUATED and WAIVED are skipped with the reason, so
 * a CI dashboard shows them without failing the build. A rule with no finding at all appears
 * as one skipped case: missing data is never shown as a pass.
 */
public final class JUnitReporter implements Reporter {

    @Override
    public String format() {
        return "junit";
    }

    @Override
    public String defaultFileName() {
        return "junit.xml";
    }

    @Override
    public void write(ReportInput input, Path out) throws IOException {
        ReportFiles.writeText(out, w -> write(input, w));
    }

    private void write(ReportInput input, Writer w) throws IOException {
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        RuleCatalog catalog = RuleCatalog.of(input);
        catalog.rules().forEach(r -> byRule.put(r.id(), new ArrayList<>()));
        input.findings().stream().sorted(ReportSummary.REPORT_ORDER).forEach(f -> byRule.get(f.ruleId()).add(f));

        String timestamp = input.run().startedAt() == null ? "" : input.run().startedAt().toString();
        int[] totals = new int[4];
        StringBuilder suites = new StringBuilder();
        for (RuleInfo rule : catalog.rules()) {
            List<Finding> findings = byRule.get(rule.id());
            int[] counts = counts(findings);
            for (int i = 0; i < 4; i++) {
                totals[i] += counts[i];
            }
            suites.append("  <testsuite name=\"").append(attr(rule.id())).append("\" tests=\"").append(counts[0])
                    .append("\" failures=\"").append(counts[1]).append("\" errors=\"").append(counts[2])
                    .append("\" skipped=\"").append(counts[3]).append("\" timestamp=\"").append(attr(timestamp)).append("\">\n");
            if (findings.isEmpty()) {
                suites.append("    <testcase classname=\"").append(attr(rule.id())).append("\" name=\"(no resources)\">\n")
                        .append("      <skipped message=\"the rule produced no result: not evaluated\"/>\n")
                        .append("    </testcase>\n");
            }
            for (Finding f : findings) {
                testcase(suites, rule, f);
            }
            suites.append("  </testsuite>\n");
        }
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        w.write("<testsuites name=\"idaudit " + attr(input.run().runId()) + "\" tests=\"" + totals[0] + "\" failures=\""
                + totals[1] + "\" errors=\"" + totals[2] + "\" skipped=\"" + totals[3] + "\" timestamp=\"" + attr(timestamp)
                + "\">\n");
        w.write(suites.toString());
        w.write("</testsuites>\n");
    }

    /** tests, failures, errors, skipped; a rule without findings counts one skipped case. */
    private static int[] counts(List<Finding> findings) {
        if (findings.isEmpty()) {
            return new int[] {1, 0, 0, 1};
        }
        int[] c = new int[4];
        for (Finding f : findings) {
            c[0]++;
            switch (f.status()) {
                case FAIL -> c[1]++;
                case ERROR -> c[2]++;
                case NOT_EVALUATED, WAIVED -> c[3]++;
                case PASS -> { }
            }
        }
        return c;
    }

    private static void testcase(StringBuilder sb, RuleInfo rule, Finding f) {
        String name = FindingKey.resourceKey(f.resource());
        String display = FindingKey.displayName(f.resource());
        if (!display.isEmpty() && f.resource() != null && !display.equals(f.resource().id())) {
            name += " (" + display + ")";
        }
        sb.append("    <testcase classname=\"").append(attr(f.ruleId())).append("\" name=\"").append(attr(name)).append('"');
        if (f.status() == Status.PASS) {
            sb.append("/>\n");
            return;
        }
        sb.append(">\n");
        String reason = f.reason() == null ? "" : f.reason();
        switch (f.status()) {
            case FAIL -> sb.append("      <failure message=\"").append(attr(reason)).append("\" type=\"")
                    .append(f.severity() == null ? "" : f.severity().lower()).append("\">")
                    .append(text(reason + "\nRemediation: " + (f.remediation() != null ? f.remediation() : orEmpty(rule.remediation()))))
                    .append("</failure>\n");
            case ERROR -> sb.append("      <error message=\"").append(attr(reason)).append("\"/>\n");
            case NOT_EVALUATED -> sb.append("      <skipped message=\"").append(attr("not evaluated: " + reason)).append("\"/>\n");
            case WAIVED -> sb.append("      <skipped message=\"").append(attr("waived: "
                    + (f.waiver() == null ? reason : orEmpty(f.waiver().reason()) + " (until " + orEmpty(f.waiver().expires()) + ")")))
                    .append("\"/>\n");
            case PASS -> { }
        }
        sb.append("    </testcase>\n");
    }

    static String attr(String s) {
        return escape(s, true);
    }

    static String text(String s) {
        return escape(s, false);
    }

    /**
     * XML escaping; terminal-control characters are first made visible ({@link SafeText}: CI
     * consoles show these messages), and what XML 1.0 still cannot carry becomes U+FFFD.
     */
    private static String escape(String raw, boolean attribute) {
        if (raw == null) {
            return "";
        }
        String s = SafeText.text(raw);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                default -> {
                    boolean valid = c >= 0x20 && c != 0xFFFE && c != 0xFFFF
                            || Character.isSurrogate(c) && validSurrogate(s, i);
                    sb.append(valid ? c : '\uFFFD');
                }
            }
        }
        return sb.toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

}
