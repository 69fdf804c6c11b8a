package dev.idaudit.report.csv;

import static dev.idaudit.report.Text.orEmpty;

import dev.idaudit.report.FindingKey;
import dev.idaudit.report.Frameworks;
import dev.idaudit.report.ReportFiles;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportSummary;
import dev.idaudit.report.Reporter;
import dev.idaudit.report.SpreadsheetText;
import dev.idaudit.rules.Finding;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every finding as one RFC 4180 row (CRLF line ends, UTF-8, no BOM). Values that a
 * spreadsheet would take for a formula are prefixed with an apostrophe.
 */
public final class CsvReporter implements Reporter {

    static final List<String> HEADER = List.of(
            "rule_id", "title", "severity", "status", "resource_type", "resource_id", "resource_name", "account_id",
            "reason", "frameworks", "waiver_reason", "waiver_expires", "fingerprint");

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
        List<Finding> findings = new ArrayList<>(input.findings());
        findings.sort(ReportSummary.REPORT_ORDER);
        ReportFiles.writeText(out, w -> {
            row(w, HEADER);
            for (Finding f : findings) {
                Finding.Resource r = f.resource() == null ? new Finding.Resource(null, null, null, null) : f.resource();
                row(w, List.of(
                        orEmpty(f.ruleId()), orEmpty(f.title()), f.severity() == null ? "" : f.severity().lower(), f.status().name(),
                        orEmpty(r.type()), orEmpty(r.id()), orEmpty(r.name()), orEmpty(r.accountId()), orEmpty(f.reason()), Frameworks.compact(f.frameworks()),
                        f.waiver() == null ? "" : orEmpty(f.waiver().reason()), f.waiver() == null ? "" : orEmpty(f.waiver().expires()),
                        FindingKey.fingerprint(f)));
            }
        });
    }

    /** One CSV row, every value formula-inert and quoted where needed (also used by the access review's revocations.csv). */
    public static void row(Writer w, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(quote(SpreadsheetText.inert(values.get(i))));
        }
        w.write("\r\n");
    }

    static String quote(String v) {
        boolean needs = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return needs ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }


}
