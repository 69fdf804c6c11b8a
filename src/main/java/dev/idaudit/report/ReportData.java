package dev.idaudit.report;

import dev.idaudit.report.ReportInput.AccessRow;
import dev.idaudit.report.ReportInput.ChangeRow;
import dev.idaudit.report.ReportInput.EvidenceFile;
import dev.idaudit.report.ReportInput.FindingDetail;
import dev.idaudit.report.ReportInput.FrameworkInfo;
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
 *
 * <p>Version 2 added the finding details, the frameworks and the documentation address (and
 * dropped the rules' helpUri). Version 1 still reads: its findings then have no details (each
 * says only its own account), its rules no risk or remediation parts, and there are no frameworks.
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
        List<ChangeRow> changes,
        List<FindingDetail> details,
        List<FrameworkInfo> frameworks,
        String docsUrl) {

    public static final String FILE_NAME = "report-data.json";
    public static final String SNAPSHOT_FILE = "snapshot.json.gz";
    public static final int CURRENT_VERSION = 2;
    /** The oldest version this idaudit reads. */
    public static final int OLDEST_VERSION = 1;

    public ReportData {
        findings = Lists.copy(findings);
        rules = Lists.copy(rules);
        waivers = Lists.copy(waivers);
        collectionIssues = Lists.copy(collectionIssues);
        evidence = Lists.copy(evidence);
        accessMatrix = Lists.copy(accessMatrix);
        reconciliation = Lists.copy(reconciliation);
        changes = Lists.copy(changes);
        details = Lists.copy(details);
        frameworks = Lists.copy(frameworks);
    }

    public static ReportData of(ReportInput in) {
        return new ReportData(CURRENT_VERSION, in.run(), in.findings(), in.rules(), in.waivers(), in.collectionIssues(),
                in.evidence(), in.accessMatrix(), in.reconciliation(), in.changes(), in.details(), in.frameworks(), in.docsUrl());
    }

    public ReportInput withSnapshot(Snapshot snapshot) {
        return new ReportInput(run, snapshot, findings, rules, waivers, collectionIssues, evidence, accessMatrix, reconciliation,
                changes, details, frameworks, docsUrl);
    }

    /** Writes {@value #FILE_NAME} into {@code dir} (the snapshot is written by whoever collected it). */
    public static void write(ReportInput input, Path dir) throws IOException {
        ReportFiles.writeAtomically(dir.resolve(FILE_NAME), os -> Json.json().writeValue(os, of(input)));
    }

    /** Reads a run directory's report data and snapshot back into a {@link ReportInput}. */
    public static ReportInput read(Path runDir) {
        return readData(runDir).withSnapshot(SnapshotIO.read(runDir.resolve(SNAPSHOT_FILE)));
    }

    /** Reads a run directory's report data alone (no snapshot), e.g. the previous run's finding details. */
    public static ReportData readData(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(runDir + ": no " + FILE_NAME + " (not a run directory written by idaudit run?)");
        }
        ReportData data;
        try {
            var tree = Json.json().readTree(file.toFile());
            int version = tree == null || !tree.has("version") ? -1 : tree.get("version").asInt();
            if (version < OLDEST_VERSION || version > CURRENT_VERSION) {
                throw new BadInputException(file + ": report data version " + version + " is not one this idaudit reads ("
                        + OLDEST_VERSION + " to " + CURRENT_VERSION + ")" + (version > CURRENT_VERSION ? "; use a newer idaudit" : ""));
            }
            data = Json.json().treeToValue(tree, ReportData.class);
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid report data: " + e.getMessage(), e);
        }
        if (data.run() == null) {
            throw new BadInputException(file + ": no run information");
        }
        if (!data.details().isEmpty() && data.details().size() != data.findings().size()) {
            throw new BadInputException(file + ": " + data.details().size() + " finding details for " + data.findings().size() + " findings");
        }
        return data;
    }
}
