package dev.idaudit.cli;

import dev.idaudit.evidence.Digests;
import dev.idaudit.evidence.Manifest;
import dev.idaudit.evidence.RunWriter;
import dev.idaudit.report.ReportData;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportInput.EvidenceFile;
import dev.idaudit.report.Reporter;
import dev.idaudit.snapshot.SnapshotIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files a run's inputs and reports into a run directory the way {@code report --run} reads them
 * back: snapshot.json.gz (unless already written), report-data.json, then every report, which
 * list the inputs' hashes as their evidence. The caller commits the run afterwards.
 */
public final class RunReports {
    private RunReports() {}

    /** Files already in the run (e.g. findings.json from the check stage) are listed as evidence too. */
    public static List<Path> write(RunWriter run, ReportInput input, List<Reporter> reporters) throws IOException {
        Path snapshot = run.resolve(ReportData.SNAPSHOT_FILE);
        if (!Files.exists(snapshot)) {
            SnapshotIO.write(input.snapshot(), snapshot);
        }
        ReportData.write(input, run.dir());
        List<EvidenceFile> evidence = evidence(run.dir());
        ReportInput withEvidence = input.withEvidence(evidence);
        List<Path> written = new ArrayList<>();
        for (Reporter r : reporters) {
            Path out = run.resolve(r.defaultFileName());
            r.write(withEvidence, out);
            written.add(out);
        }
        return written;
    }

    /** The files of a directory (the manifest excepted) with their sizes and SHA-256, sorted by path. */
    static List<EvidenceFile> evidence(Path dir) throws IOException {
        List<EvidenceFile> files = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                if (!name.equals(Manifest.FILE_NAME)) {
                    files.add(new EvidenceFile(name, Files.size(p), Digests.sha256Hex(p)));
                }
            }
        }
        return files;
    }

    /** A stored run's evidence as its manifest records it. */
    static List<EvidenceFile> evidence(Manifest manifest) {
        return manifest.files().stream().map(f -> new EvidenceFile(f.path(), f.size(), f.sha256())).toList();
    }
}
