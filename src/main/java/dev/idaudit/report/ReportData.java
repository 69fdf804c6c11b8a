package dev.idaudit.report;

import dev.idaudit.report.ReportInput.AccessRow;
import dev.idaudit.report.ReportInput.ChangeRow;
import dev.idaudit.report.ReportInput.EvidenceFile;
import dev.idaudit.report.ReportInput.ReconciliationRow;
import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.report.ReportInput.RunInfo;
import dev.idaudit.report.ReportInput.WaiverInfo;
import dev.idaudit.rules.Finding;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Lists;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link ReportInput} as stored in a run directory, so that {@code idaudit report --run}
 * can render a run again without collecting or checking anything: {@value #FILE_NAME} holds
 * everything but the snapshot, which is the run's {@value #SNAPSHOT_FILE}.
 */
public record ReportData(
        int version,
        RunInfo run,
        List<Finding> findings,
        List<RuleInfo> rules,
        List<WaiverInfo> waivers,
        List<CollectionIssue> collectionIssues,
        List<EvidenceFile> evidence,
        List<AccessRow> accessMatrix,
        List<ReconciliationRow> reconciliation,
        List<ChangeRow> changes) {

    public static final String FILE_NAME = "report-data.json";
    public static final String SNAPSHOT_FILE = "snapshot.json.gz";
    public static final int CURRENT_VERSION = 1;

    public ReportData {
        findings = Lists.copy(findings);
        rules = Lists.copy(rules);
        waivers = Lists.copy(waivers);
        collectionIssues = Lists.copy(collectionIssues);
        evidence = Lists.copy(evidence);
        accessMatrix = Lists.copy(accessMatrix);
        reconciliation = Lists.copy(reconciliation);
        changes = Lists.copy(changes);
    }

    public static ReportData of(ReportInput in) {
        return new ReportData(CURRENT_VERSION, in.run(), in.findings(), in.rules(), in.waivers(), in.collectionIssues(),
                in.evidence(), in.accessMatrix(), in.reconciliation(), in.changes());
    }

    public ReportInput withSnapshot(Snapshot snapshot) {
        return new ReportInput(run, snapshot, findings, rules, waivers, collectionIssues, evidence, accessMatrix, reconciliation,
                changes);
    }

    /** Writes {@value #FILE_NAME} into {@code dir} (the snapshot is written by whoever collected it). */
    public static void write(ReportInput input, Path dir) throws IOException {
        ReportFiles.writeAtomically(dir.resolve(FILE_NAME), os -> Json.json().writeValue(os, of(input)));
    }

    /** Reads a run directory's report data and snapshot back into a {@link ReportInput}. */
    public static ReportInput read(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(runDir + ": no " + FILE_NAME + " (not a run directory written by idaudit run?)");
        }
        ReportData data;
        try {
            data = Json.json().readValue(file.toFile(), ReportData.class);
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid report data: " + e.getMessage(), e);
        }
        if (data.version() != CURRENT_VERSION) {
            throw new BadInputException(file + ": version " + data.version() + " is not one this idaudit reads (" + CURRENT_VERSION + ")");
        }
        if (data.run() == null) {
            throw new BadInputException(file + ": no run information");
        }
        return data.withSnapshot(SnapshotIO.read(runDir.resolve(SNAPSHOT_FILE)));
    }
}
