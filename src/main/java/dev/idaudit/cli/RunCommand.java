package dev.idaudit.cli;

import dev.idaudit.config.ConfigLoader;
import dev.idaudit.config.IdAuditConfig;
import dev.idaudit.evidence.S3RunStore;
import dev.idaudit.snapshot.Pseudonymizer;
import dev.idaudit.snapshot.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.AUDIT_CLEAN, ExitCode.AUDIT_FINDINGS, ExitCode.USAGE, ExitCode.AUDIT_INCOMPLETE}, mixinStandardHelpOptions = true,
        description = {"Collects, checks, compares with the previous run, renders every report and files the run as evidence.",
                "The run directory is STORE/<UTC timestamp>/ and appears only when complete."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "idaudit.yaml (Okta org, AWS Organization, rules).")
    Path config;

    @Option(names = "--out", defaultValue = "idaudit-runs", paramLabel = "STORE",
            description = "A directory, or s3://bucket/prefix (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--retain-days", paramLabel = "N", description = "With an s3:// store: Object Lock retention (COMPLIANCE) in days.")
    Integer retainDays;

    @Mixin
    GateOptions gate;

    @Mixin
    EvidenceCommand.SigningOptions signing;

    @Mixin
    DocsUrlOption docs;

    @Option(names = "--redact-pii", paramLabel = "KEYFILE", description = "Pseudonymise people's logins, emails and names in every output.")
    Path redactKey;

    @Option(names = "--notify", paramLabel = "ENV_VAR",
            description = {"Post the summary to the Slack- or Teams-compatible webhook whose URL is in this environment variable,",
                    "when the run ends or fails. (The URL embeds a token, so it is never given as an argument.)"})
    String notifyEnv;

    @Option(names = "--notify-kind", paramLabel = "KIND", description = "slack or teams (default: from the webhook's host).")
    String notifyKind;

    @Option(names = "--review", paramLabel = "DIR",
            description = {"A closed access review campaign (idaudit review): adds rule access_review_revocations_applied",
                    "(overrides review: in the config)."})
    Path review;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** notify.reportUrl of the config, for the run just filed (null when not set). */
    private String reportUrl;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        RunNotice notice = RunNotice.fromEnvironment(notifyEnv, notifyKind, System::getenv);
        try {
            AuditRun.Outcome outcome = execute(err);
            notice.ended(outcome, reportUrl, err);
            return outcome.exitCode().code;
        } catch (RuntimeException | IOException e) {
            notice.failed(e, err);
            throw e;
        }
    }

    private AuditRun.Outcome execute(PrintWriter err) throws IOException {
        IdAuditConfig cfg = ConfigLoader.load(config);
        Collector.requireBothSides(cfg, config);
        Pseudonymizer redactor = redactKey == null ? null : CollectCommand.pseudonymizer(redactKey);
        Supplier<Snapshot> collect = () -> {
            Snapshot s = Collector.fromConfig(cfg, config, common.progress(err));
            return redactor == null ? s : redactor.apply(s);
        };
        S3RunStore s3 = null;
        Path staging = Path.of(out);
        if (S3RunStore.isS3(out)) {
            var aws = cfg.aws();
            s3 = S3RunStore.open(out, aws.region(), aws.profile(), aws.endpointUrl(), retainDays);
            staging = Files.createTempDirectory("idaudit-run-");
        }
        AuditRun.Settings settings = gate.settings(config, docs.or(cfg.docsUrl()));
        Path reviewDir = review != null ? review : cfg.review();
        if (reviewDir != null) {
            settings = settings.withReview(reviewDir);
        }
        AuditRun.Outcome outcome = new AuditRun(settings, Clock.systemUTC(), signing.signer(cfg))
                .execute(staging, s3, collect, AuditRun.sources(cfg.okta().orgUrl().toString(), cfg.aws()), err);
        AuditRun.printOutcome(spec.commandLine().getOut(), outcome, common.quiet);
        reportUrl = cfg.reportUrl(outcome.runDir().getFileName().toString());
        return outcome;
    }

    /** The options that decide what a run checks and when it fails; shared by run and demo. */
    static final class GateOptions {
        @Option(names = "--waivers", paramLabel = "FILE", description = "waivers.yaml: accepted risks.")
        Path waivers;

        @Option(names = "--fail-on", defaultValue = "high", paramLabel = "SEVERITY",
                description = "Exit 1 when a FAIL at or above this remains: critical, high, medium, low or none (default: ${DEFAULT-VALUE}).")
        String failOn;

        @Option(names = "--rules", paramLabel = "DIR", description = "A directory of your own rule files (repeatable).")
        List<Path> ruleDirs = new ArrayList<>();

        @Option(names = "--templates", paramLabel = "DIR", description = "Your own Freemarker templates for the HTML report.")
        Path templates;

        @Option(names = "--allow-incomplete",
                description = "Do not exit 3 when something was not collected or evaluated (a rule that failed still exits 3).")
        boolean allowIncomplete;

        @Option(names = "--new-only", description = "Fail only on failures that are new since the previous complete run in the store.")
        boolean newOnly;

        @Option(names = "--baseline", paramLabel = "RUN_DIR_OR_FINDINGS",
                description = "Fail only on failures that are not in this accepted run (or findings.json).")
        Path baseline;

        AuditRun.Settings settings(Path config, String docsUrl) {
            if (baseline != null && !Files.exists(baseline)) {
                throw new dev.idaudit.util.BadInputException(baseline + ": no findings.json to use as the baseline");
            }
            return new AuditRun.Settings(config, waivers, ruleDirs, templates, dev.idaudit.audit.Gate.severity(failOn), allowIncomplete, newOnly,
                    baseline, null, docsUrl);
        }
    }

    /** {@code --docs-url}: shared by the commands that render reports (run, demo, report). */
    static final class DocsUrlOption {
        @Option(names = "--docs-url", paramLabel = "URL",
                description = "Where the rule pages (idaudit rules docs) are published; reports link to <URL>/<rule id>.md. "
                        + "Overrides report.docsUrl; without either, reports embed the rule documentation and link nowhere.")
        String docsUrl;

        /** This option's address, else {@code fallback} (the config's); null when neither is set. */
        String or(String fallback) {
            if (docsUrl == null) {
                return fallback;
            }
            String problem = dev.idaudit.config.ConfigLoader.docsUrlProblem(docsUrl);
            if (problem != null) {
                throw new dev.idaudit.util.BadInputException("--docs-url: " + problem);
            }
            return docsUrl.strip();
        }
    }
}
