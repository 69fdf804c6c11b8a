package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.evidence.Digests;
import dev.idaudit.evidence.RunStore;
import dev.idaudit.evidence.RunWriter;
import dev.idaudit.report.ReportData;
import dev.idaudit.report.ReportFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportsTest {
    @TempDir Path tmp;

    @Test
    void writesInputsFirstAndReportsListTheirHashes() throws Exception {
        try (RunWriter run = RunStore.at(tmp).begin(Instant.parse("2026-11-28T03:00:00Z"))) {
            run.write("findings.json", "[]".getBytes(StandardCharsets.UTF_8));
            List<Path> written = RunReports.write(run, ReportFixtures.input(), ReportFormats.all(null));
            assertEquals(6, written.size());
            String snapshotHash = Digests.sha256Hex(run.resolve(ReportData.SNAPSHOT_FILE));
            String dataHash = Digests.sha256Hex(run.resolve(ReportData.FILE_NAME));
            String findingsHash = Digests.sha256Hex(run.resolve("findings.json"));
            String html = Files.readString(run.resolve("report.html"));
            for (String hash : List.of(snapshotHash, dataHash, findingsHash)) {
                assertTrue(html.contains(hash), hash);
            }
            assertEquals(ReportFixtures.input().findings(), ReportData.read(run.dir()).findings(), "report data round-trips");
        }
    }
}
