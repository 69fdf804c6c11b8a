package dev.idaudit.cli;

import dev.idaudit.audit.Audit;
import dev.idaudit.audit.Gate;
import dev.idaudit.audit.SinceLastRun;
import dev.idaudit.audit.TextSummary;
import dev.idaudit.audit.Verdict;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.evidence.Manifest;
import dev.idaudit.evidence.RunStore;
import dev.idaudit.evidence.RunWriter;
import dev.idaudit.evidence.S3RunStore;
import dev.idaudit.evidence.Signing;
import dev.idaudit.report.FindingDetails;
import dev.idaudit.report.FindingsFile;
import dev.idaudit.report.ReportData;
import dev.idaudit.report.ReportInput;
import dev.idaudit.review.ReviewInput;
import dev.idaudit.report.ReportInputs;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Severity;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
            Path review,
            String docsUrl) {
        /** Without an access review or a documentation address (no report links to rule pages). */
        Settings(Path config, Path waivers, List<Path> ruleDirs, Path templates, Severity failOn, boolean allowIncomplete,
                boolean newOnly, Path baseline) {
            this(config, waivers, ruleDirs, templates, failOn, allowIncomplete, newOnly, baseline, null, null);
        }

        Settings withReview(Path reviewDir) {
            return new Settings(config, waivers, ruleDirs, templates, failOn, allowIncomplete, newOnly, baseline, reviewDir, docsUrl);
        }
    }

    /** Where the run was filed, what it found and its verdict. */
    record Outcome(Path runDir, URI uploadedTo, CheckResult result, Verdict verdict, SinceLastRun since) {
        ExitCode exitCode() {
            return ExitCode.of(verdict);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Signing.Signer signer;

    AuditRun(Settings settings, Clock clock) {
        this(settings, clock, null);
    }

    /** @param signer signs the run's manifest; null files it unsigned */
    AuditRun(Settings settings, Clock clock, Signing.Signer signer) {
        this.settings = settings;
        this.clock = clock;
        this.signer = signer;
    }

    /**
     * @param store a local directory; for an S3 store, the local staging directory whose run is uploaded
     * @param collect reads the snapshot (from a real org or the sandbox)
     */
    Outcome execute(Path store, S3RunStore s3, Supplier<Snapshot> collect, List<ReportInput.Source> sources, PrintWriter err)
            throws IOException {
        // Everything a user can get wrong is read before anything is collected: no half-done work.
        Audit prepared = Audit.prepare(settings.config(), settings.waivers(), settings.ruleDirs(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        ReviewInput.Loaded review = settings.review() == null ? null : ReviewInput.load(settings.review());
        Audit audit = review == null ? prepared : prepared.withReview(review.decisions());
        List<dev.idaudit.report.Reporter> reporters = ReportFormats.all(settings.templates());

        RunStore runs = RunStore.at(store);
        Instant started = clock.instant();
        try (RunStore.StoreLock lock = runs.lock("pid " + ProcessHandle.current().pid() + ", started " + dev.idaudit.util.Times.toSecond(started));
                RunWriter run = runs.begin(started)) {
            for (String crashed : runs.incompleteRuns()) {
                if (!crashed.equals(run.runId())) {
                    err.println("idaudit: the run started " + crashed + " did not complete (it is not in the store); "
                            + "this run is compared with the last complete run");
                }
            }
            String configDigest = run.inputs(settings.config(), settings.waivers());
            run.signWith(signer);
            Snapshot snapshot = timed(run, "collect", collect::get);
            SnapshotIO.write(snapshot, run.resolve(ReportData.SNAPSHOT_FILE));

            Audit.Checked checked = timed(run, "check", () -> audit.check(snapshot));
            CheckResult result = checked.result();
            if (review != null) {
                grantedAfterReview(review, checked, err);
            }

            Optional<Path> previous = runs.previous(run.runId());
            // --baseline names accepted findings; --new-only takes the previous complete run (with none, all is new).
            List<dev.idaudit.rules.Finding> baseline = settings.baseline() != null ? Gate.readBaseline(settings.baseline())
                    : settings.newOnly() ? previous.map(Gate::readBaseline).orElse(List.of()) : null;
            Gate gate = new Gate(settings.failOn(), baseline, settings.allowIncomplete());
            Optional<Previous> before = previous.flatMap(p -> readPrevious(p, err));
            SinceLastRun since = previous.isEmpty() ? SinceLastRun.NO_PREVIOUS_RUN
                    : before.map(b -> SinceLastRun.of(b.run().runId(), Audit.compare(b.snapshot(), b.findings(), checked),
                            snapshot.collectionIssues()))
                            .orElseGet(() -> SinceLastRun.unreadable(previous.get().getFileName().toString(), "it could not be read"));
            List<ReportInput.ChangeRow> changes = since.diff() == null ? List.of() : ReportInputs.changes(since.diff());
            // Reports show times to the second (the manifest keeps the clock's precision).
            ReportInput.RunInfo info = new ReportInput.RunInfo(run.runId(), Version.current(), started.truncatedTo(ChronoUnit.SECONDS),
                    clock.instant().truncatedTo(ChronoUnit.SECONDS),
                    audit.pack().digest(), configDigest, sources, before.map(b -> b.run().runId()).orElse(null));
            ReportInput input = audit.reportInput(info, checked, changes, before.map(Previous::run).orElse(null), settings.docsUrl());
            FindingsFile.write(result, new FindingsFile.Explanation(input.details(), input.rules()), run.resolve(CheckResult.FILE_NAME));
            timed(run, "report", () -> RunReports.write(run, input, reporters));

            if (s3 != null) {
                run.chainTo(s3.chain(run.runId())); // the store's runs are in S3, not in the local staging directory
            }
            Path dir = run.commit(new Manifest.Details(Version.current(), clock.instant(), audit.pack().digest(), configDigest,
                    sources.stream().map(s -> new Manifest.Source(s.name(), s.location())).toList(), snapshot.collectionIssues()));
            URI uploaded = s3 == null ? null : s3.upload(dir);
            return new Outcome(dir, uploaded, result, checked.verdict(gate), since);
        }
    }

    /** Access granted since the review is information, not a finding: nobody has reviewed it yet. */
    private static void grantedAfterReview(ReviewInput.Loaded review, Audit.Checked checked, PrintWriter err) {
        List<dev.idaudit.model.Views.AccessPath> since = ReviewInput.grantedAfter(review.campaign(), checked.model());
        err.println("idaudit: access review " + review.campaign().id() + " (run " + review.campaign().runId() + "): "
                + review.decisions().size() + " revocations checked; " + since.size() + " access paths granted since, not reviewed yet"
                + (since.isEmpty() ? "" : ":"));
        since.forEach(p -> err.println(SafeText.line("  " + p.userName() + " → " + p.permissionSetName() + " in " + p.accountId() + " through "
                + (p.viaGroupId() == null ? "direct assignment" : "group " + (p.viaGroupName() != null ? p.viaGroupName() : p.viaGroupId())))));
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
        new TextSummary(out, CheckCommand.Ansi.enabled(), quiet, false).print(o.result(), o.verdict(), null, o.since());
        out.println();
        out.println("Run filed in " + o.runDir() + (o.uploadedTo() == null ? "" : " and uploaded to " + o.uploadedTo()));
        out.println("Report: " + o.runDir().resolve("report.html").toAbsolutePath());
    }

}
