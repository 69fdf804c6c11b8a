package dev.idaudit.cli;

import dev.idaudit.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline against the built-in sandbox; exits 0 whatever it finds.",
                "Starts the sandbox, collects it through the real Okta and AWS SDK clients, checks it, files the run",
                "and prints the summary and the path of report.html."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "idaudit-demo", paramLabel = "DIR", description = "Where to file the run (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Built-in sandbox scenario (default: acme).")
    String scenario;

    @Option(names = "--scenario-dir", paramLabel = "DIR",
            description = "Your own scenario folder (okta.yaml, aws.yaml, optional scenario.yaml) instead; see docs/sandbox.md.")
    Path scenarioDir;

    @Mixin
    CommonOptions common;

    @Mixin
    RunCommand.DocsUrlOption docs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (Sandbox sandbox = SandboxCommand.start(scenario, scenarioDir)) {
            common.log(err, "idaudit demo: sandbox '" + (scenarioDir != null ? scenarioDir.toString() : sandbox.scenario().name()) + "' on 127.0.0.1 (Okta " + sandbox.oktaConfig().orgUrl()
                    + ", AWS " + sandbox.awsConfig().endpointUrl() + ")");
            // The demo shows what --fail-on high would say (an incomplete audit included), and exits 0 whatever it finds.
            AuditRun.Settings settings = new AuditRun.Settings(null, null, List.of(), null, dev.idaudit.rules.Severity.HIGH, false, false, null,
                    docs.or(null));
            AuditRun.Outcome outcome = new AuditRun(settings, Clock.systemUTC()).execute(out, null,
                    () -> Collector.fromSandbox(sandbox, common.progress(err)),
                    AuditRun.sources(sandbox.oktaConfig().orgUrl().toString(), sandbox.awsConfig()), err);
            AuditRun.printOutcome(spec.commandLine().getOut(), outcome, common.quiet);
        }
        return ExitCode.CLEAN.code;
    }
}
