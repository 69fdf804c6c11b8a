package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.report.ReportFixtures;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.Reporter;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFormatsTest {
    @TempDir Path dir;

    @Test
    void selectsFormatsByNameInTheOrderGiven() {
        assertEquals(List.of("md", "html"), ReportFormats.select(List.of("markdown", "HTML", "md"), null).stream()
                .map(Reporter::format).toList());
        assertEquals(ReportFormats.NAMES, ReportFormats.all(null).stream().map(Reporter::format).toList());
        BadInputException e = assertThrows(BadInputException.class, () -> ReportFormats.select(List.of("pdf"), null));
        assertTrue(e.getMessage().contains("html, xlsx, sarif, junit, csv, md"), e.getMessage());
    }

    @Test
    void everyFormatRendersFindingsWithMissingFields() throws Exception {
        var sparse = new dev.idaudit.rules.Finding("custom_rule", null, dev.idaudit.rules.Status.FAIL, null, null, null, null,
                null, null);
        ReportInput base = ReportFixtures.input();
        ReportInput input = new ReportInput(base.run(), base.snapshot(), List.of(sparse), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of());
        for (Reporter r : ReportFormats.all(null)) {
            r.write(input, dir.resolve(r.defaultFileName()));
        }
        assertTrue(Files.readString(dir.resolve("findings.csv")).contains("custom_rule,,,FAIL,"));
        assertTrue(Files.readString(dir.resolve("findings.sarif")).contains("\"ruleId\" : \"custom_rule\""));
        assertTrue(Files.readString(dir.resolve("report.html")).contains("custom_rule"));
    }

    @Test
    void everyFormatRendersARunThatCollectedNothing() throws Exception {
        Snapshot empty = new Snapshot(1, null, null, null, List.of());
        ReportInput input = new ReportInput(ReportFixtures.input().run(), empty, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of());
        for (Reporter r : ReportFormats.all(null)) {
            Path out = dir.resolve(r.defaultFileName());
            r.write(input, out);
            assertTrue(Files.size(out) > 0, r.format());
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains(">n/a<"), "no pass rate without evaluated findings");
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("Pass rate n/a"));
        try (var files = Files.list(dir)) {
            assertEquals(6, files.count(), "no temporary file left behind");
        }
    }
}
