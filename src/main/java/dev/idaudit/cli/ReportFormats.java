package dev.idaudit.cli;

import dev.idaudit.report.Reporter;
import dev.idaudit.report.csv.CsvReporter;
import dev.idaudit.report.html.HtmlReporter;
import dev.idaudit.report.junit.JUnitReporter;
import dev.idaudit.report.markdown.MarkdownReporter;
import dev.idaudit.report.sarif.SarifReporter;
import dev.idaudit.report.xlsx.XlsxReporter;
import dev.idaudit.util.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report formats {@code --format} accepts, by name. */
public final class ReportFormats {
    private ReportFormats() {}

    public static final List<String> NAMES = List.of("html", "xlsx", "sarif", "junit", "csv", "md");

    /** Every reporter, HTML with the user's templates when {@code templatesDir} is given. */
    public static List<Reporter> all(Path templatesDir) {
        return List.of(new HtmlReporter(templatesDir), new XlsxReporter(), new SarifReporter(), new JUnitReporter(),
                new CsvReporter(), new MarkdownReporter());
    }

    /** The reporters for {@code names} (in the order given, duplicates once); an unknown name is a bad input. */
    public static List<Reporter> select(List<String> names, Path templatesDir) {
        Map<String, Reporter> byName = new LinkedHashMap<>();
        all(templatesDir).forEach(r -> byName.put(r.format(), r));
        List<Reporter> chosen = new ArrayList<>();
        for (String name : names) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            if (key.equals("markdown")) {
                key = "md";
            }
            Reporter r = byName.get(key);
            if (r == null) {
                throw new BadInputException("unknown report format '" + name + "'; choose from " + String.join(", ", NAMES));
            }
            if (!chosen.contains(r)) {
                chosen.add(r);
            }
        }
        return List.copyOf(chosen);
    }
}
