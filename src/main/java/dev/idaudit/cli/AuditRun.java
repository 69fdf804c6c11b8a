package dev.idaudit.cli;

import dev.idaudit.audit.Audit;
import dev.idaudit.audit.Gate;
import dev.idaudit.audit.TextSummary;
import dev.idaudit.audit.Verdict;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.evidence.Digests;
import dev.idaudit.evidence.Manifest;
import dev.idaudit.evidence.RunStore;
import dev.idaudit.evidence.RunWriter;
import dev.idaudit.evidence.S3RunStore;
import dev.idaudit.report.FindingDetails;
import dev.idaudit.report.ReportData;
import dev.idaudit.report.ReportInput;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Severity;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The whole pipeline of {@code run} and {@code demo}: collect, check, compare with the previous
 * run, render every report, and file it all as one run in the evidence store. The run is written
 * to a temporary directory and renamed when complete, so a failure at any step leaves no run.
 */
final class AuditRun {
    /** What a run needs besides the snapshot. */
    record Settings(
            Path config,
            Path waivers,
            List<Path> ruleDirs,
            Path templates,
            Severity failOn,
            boolean allowIncomplete,
            boolean newOnly,
            Path baseline,
            String docsUrl) {
        /** Settings without a documentation address (no report links to rule pages). */
        Settings(Path config, Path waivers, List<Path> ruleDirs, Path templates, Severity failOn, boolean allowIncomplete,
                boolean newOnly, Path baseline) {
            this(config, waivers, ruleDirs, templates, failOn, allowIncomplete, newOnly, baseline, null);
        }
    }

    /** Where the run was filed, what it found and its verdict. */
    record Outcome(Path runDir, URI uploadedTo, CheckResult result, Verdict verdict) {
        ExitCode exitCode() {
            return ExitCode.of(verdict);
        }
    }

    private final Settings settings;
    private final Clock clock;

    AuditRun(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param store a local directory; for an S3 store, the local staging directory whose run is uploaded
     * @param collect reads the snapshot (from a real org or the sandbox)
     */
    Outcome execute(Path store, S3RunStore s3, Supplier<Snapshot> collect, List<ReportInput.Source> sources, PrintWriter err)
            throws IOException {
        // Everything a user can get wrong is read before anything is collected: no half-done work.
        Audit audit = Audit.prepare(settings.config(), settings.waivers(), settings.ruleDirs(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        List<dev.idaudit.report.Reporter> reporters = ReportFormats.all(settings.templates());

        RunStore runs = RunStore.at(store);
        Instant started = clock.instant();
        try (RunStore.StoreLock lock = runs.lock("pid " + ProcessHandle.current().pid() + ", started " + started);
                RunWriter run = runs.begin(started)) {
            for (String crashed : runs.incompleteRuns()) {
                if (!crashed.equals(run.runId())) {
                    err.println("idaudit: the run started " + crashed + " did not complete (it is not in the store); "
                            + "this run is compared with the last complete run");
                }
            }
            Snapshot snapshot = timed(run, "collect", collect::get);
            SnapshotIO.write(snapshot, run.resolve(ReportData.SNAPSHOT_FILE));

            Audit.Checked checked = timed(run, "check", () -> audit.check(snapshot));
            CheckResult result = checked.result();
            result.write(run.resolve(CheckResult.FILE_NAME));

            Optional<Path> previous = runs.previous(run.runId());
            // --baseline names accepted findings; --new-only takes the previous complete run (with none, all is new).
            List<dev.idaudit.rules.Finding> baseline = settings.baseline() != null ? Gate.readBaseline(settings.baseline())
                    : settings.newOnly() ? previous.map(Gate::readBaseline).orElse(List.of()) : null;
            Gate gate = new Gate(settings.failOn(), baseline, settings.allowIncomplete());
            Optional<Previous> before = previous.flatMap(p -> readPrevious(p, err));
            List<ReportInput.ChangeRow> changes = before.map(b -> Audit.changesSince(b.snapshot(), b.findings(), checked))
                    .orElse(List.of());
            ReportInput.RunInfo info = new ReportInput.RunInfo(run.runId(), Version.current(), started, clock.instant(),
                    audit.pack().digest(), configDigest(), sources, before.map(b -> b.run().runId()).orElse(null));
            ReportInput input = audit.reportInput(info, checked, changes, before.map(Previous::run).orElse(null), settings.docsUrl());
            timed(run, "report", () -> RunReports.write(run, input, reporters));

            Path dir = run.commit(new Manifest.Details(Version.current(), clock.instant(), audit.pack().digest(), configDigest(),
                    sources.stream().map(s -> new Manifest.Source(s.name(), s.location())).toList(), snapshot.collectionIssues()));
            URI uploaded = s3 == null ? null : s3.upload(dir);
            return new Outcome(dir, uploaded, result, checked.verdict(gate));
        }
    }

    /** The previous complete run: its snapshot and findings (for the changes) and its finding details (first seen). */
    private record Previous(Snapshot snapshot, CheckResult findings, FindingDetails.PreviousRun run) {}

    /**
     * Reads the previous complete run. A previous run that cannot be read is said so and skipped:
     * this run is still filed whole, with nothing compared.
     */
    private static Optional<Previous> readPrevious(Path previousRun, PrintWriter err) {
        String runId = previousRun.getFileName().toString();
        try {
            Snapshot before = SnapshotIO.read(previousRun.resolve(ReportData.SNAPSHOT_FILE));
            CheckResult beforeFindings = CheckResult.read(previousRun.resolve(CheckResult.FILE_NAME));
            ReportData data = ReportData.readData(previousRun);
            return Optional.of(new Previous(before, beforeFindings, new FindingDetails.PreviousRun(runId, data.run().startedAt(),
                    data.findings(), data.details())));
        } catch (BadInputException e) {
            err.println("idaudit: cannot compare with the previous run " + runId + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private String configDigest() {
        if (settings.config() == null) {
            return Digests.sha256Hex(new byte[0]);
        }
        try {
            // The file's bytes: secrets never live in it (they come from the environment or key files).
            return Digests.sha256Hex(Files.readAllBytes(settings.config()));
        } catch (IOException e) {
            throw new BadInputException(settings.config() + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A stage of the run; it may write files. */
    private interface Stage<T> {
        T run() throws IOException;
    }

    /** Runs a stage and records its wall time in the manifest. */
    private static <T> T timed(RunWriter run, String phase, Stage<T> stage) throws IOException {
        Instant start = Instant.now();
        try {
            return stage.run();
        } finally {
            run.timing(phase, Duration.between(start, Instant.now()));
        }
    }

    /** The sources a snapshot was read from, for the manifest and the report. */
    static List<ReportInput.Source> sources(String oktaUrl, AwsConfig aws) {
        List<ReportInput.Source> out = new ArrayList<>();
        out.add(new ReportInput.Source("okta", oktaUrl));
        out.add(new ReportInput.Source("aws", aws.endpointUrl() != null ? aws.endpointUrl().toString()
                : "AWS " + (aws.region() == null ? "(default region)" : aws.region())));
        return out;
    }

    /** Prints the summary and where the report is. */
    static void printOutcome(PrintWriter out, Outcome o, boolean quiet) {
        new TextSummary(out, CheckCommand.Ansi.enabled(), quiet, false).print(o.result(), o.verdict(), null);
        out.println();
        out.println("Run filed in " + o.runDir() + (o.uploadedTo() == null ? "" : " and uploaded to " + o.uploadedTo()));
        out.println("Report: " + o.runDir().resolve("report.html").toAbsolutePath());
    }

}
