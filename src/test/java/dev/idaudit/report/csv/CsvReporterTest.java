package dev.idaudit.report.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.report.Golden;
import dev.idaudit.report.ReportFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReporterTest {
    @TempDir Path dir;

    @Test
    void writesEveryFindingAsOneRowMatchingTheGoldenFile() throws Exception {
        Path out = dir.resolve("findings.csv");
        new CsvReporter().write(ReportFixtures.input(), out);
        String csv = Files.readString(out, StandardCharsets.UTF_8);
        Golden.assertMatches(getClass(), "findings.csv", csv);
        assertEquals(ReportFixtures.findings().size() + 1, csv.split("\r\n").length);
    }

    @Test
    void prefixesFormulaLookingValuesWithAnApostrophe() throws Exception {
        Path out = dir.resolve("findings.csv");
        new CsvReporter().write(ReportFixtures.input(), out);
        String csv = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(csv.contains(",\"'=HYPERLINK(\"\"http://127.0.0.1:9/x\"\",\"\"click\"\")\","), csv);
        assertTrue(csv.contains(",'-management,"), "an account named -management is inert");
        for (String line : csv.split("\r\n")) {
            for (String cell : line.split(",")) {
                String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertTrue(bare.isEmpty() || "=+-@\t\r".indexOf(bare.charAt(0)) < 0, "live formula cell: " + cell);
            }
        }
    }

    @Test
    void quotesValuesWithSeparatorsQuotesAndLineBreaks() {
        assertEquals("plain", CsvReporter.quote("plain"));
        assertEquals("\"a,b\"", CsvReporter.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvReporter.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvReporter.quote("two\nlines"));
    }
}
