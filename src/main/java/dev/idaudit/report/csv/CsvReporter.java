package dev.idaudit.report.csv;

import static dev.idaudit.report.Text.orEmpty;

import dev.idaudit.report.FindingKey;
import dev.idaudit.report.Frameworks;
import dev.idaudit.report.ReportFiles;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportSummary;
import dev.idaudit.report.Reporter;
import dev.idaudit.report.RuleCatalog;
import dev.idaudit.report.SpreadsheetText;
import dev.idaudit.rules.Finding;
import dev.idaudit.util.SafeText;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every finding as one RFC 4180 row (CRLF line ends, UTF-8, no BOM). Values that a
 * spreadsheet would take for a formula are prefixed with an apostrophe. A cell holding several
 * values (accounts, steps, links, requirements, evidence) separates them with {@value #SEPARATOR};
 * the columns are documented in docs/findings.md.
 */
public final class CsvReporter implements Reporter {

    static final List<String> HEADER = List.of(
            "rule_id", "title", "severity", "status", "resource_type", "resource_id", "resource_name", "account_id",
            "reason", "frameworks", "waiver_reason", "waiver_expires", "fingerprint",
            "accounts", "account_names", "risk", "remediation", "remediation_console", "remediation_cli", "remediation_terraform",
            "remediation_links", "requirements", "first_seen_run", "first_seen_at", "since_last_run", "evidence");

    /** Between the values of a cell that holds several. */
    static final String SEPARATOR = " ;; ";

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public String defaultFileName() {
        return "findings.csv";
    }

    @Override
    public void write(ReportInput input, Path out) throws IOException {
        List<ReportInput.Explained> findings = new ArrayList<>(input.explained());
        findings.sort(Comparator.comparing(ReportInput.Explained::finding, ReportSummary.REPORT_ORDER));
        RuleCatalog rules = RuleCatalog.of(input);
        ReportFiles.writeText(out, w -> {
            row(w, HEADER);
            for (ReportInput.Explained e : findings) {
                Finding f = e.finding();
                ReportInput.FindingDetail d = e.detail();
                ReportInput.RuleInfo rule = rules.get(f.ruleId());
                ReportInput.Remediation fix = rule == null ? null : rule.fix();
                Finding.Resource r = f.resource() == null ? new Finding.Resource(null, null, null, null) : f.resource();
                row(w, List.of(
                        orEmpty(f.ruleId()), orEmpty(f.title()), f.severity() == null ? "" : f.severity().lower(), f.status().name(),
                        orEmpty(r.type()), orEmpty(r.id()), orEmpty(r.name()), orEmpty(r.accountId()), orEmpty(f.reason()), Frameworks.compact(f.frameworks()),
                        f.waiver() == null ? "" : orEmpty(f.waiver().reason()), f.waiver() == null ? "" : orEmpty(f.waiver().expires()),
                        FindingKey.fingerprint(f),
                        join(d.accounts().stream().map(ReportInput.AccountRef::id).toList()),
                        join(d.accounts().stream().map(a -> orEmpty(a.name())).toList()),
                        rule == null ? "" : orEmpty(rule.risk()),
                        fix == null ? orEmpty(f.remediation()) : orEmpty(fix.text()),
                        fix == null ? "" : join(fix.console()), fix == null ? "" : join(fix.cli()),
                        fix == null ? "" : orEmpty(fix.terraform()), fix == null ? "" : join(fix.links()),
                        rule == null ? "" : join(rule.requirements().stream().map(CsvReporter::requirement).toList()),
                        orEmpty(d.firstSeenRun()), d.firstSeenAt() == null ? "" : d.firstSeenAt().toString(),
                        d.sinceLastRun() == null ? "" : d.sinceLastRun().name(),
                        join(d.evidence().stream().map(ReportInput.EvidenceRef::path).toList())));
            }
        });
    }

    /** One CSV row, every value formula-inert and quoted where needed (also used by the access review's revocations.csv). */
    public static void row(Writer w, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(quote(SpreadsheetText.inert(SafeText.text(values.get(i)))));
        }
        w.write("\r\n");
    }

    private static String join(List<String> values) {
        return String.join(SEPARATOR, values);
    }

    /** {@code soc2 CC6.2 Registration and authorization}: framework key, requirement id, title when known. */
    private static String requirement(ReportInput.RequirementRef q) {
        return q.framework() + " " + q.id() + (q.title() == null ? "" : " " + q.title());
    }

    static String quote(String v) {
        boolean needs = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return needs ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }


}
