package dev.idaudit.cli;

import dev.idaudit.config.ConfigLoader;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Pseudonymizer;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "collect", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {"  0:everything was collected", ExitCode.USAGE, "  3:something could not be collected (the snapshot is still written, with the issues in it), or a runtime failure"}, mixinStandardHelpOptions = true,
        description = {"Reads one Okta org and one AWS Organization into a snapshot.",
                "Exits 3 when something could not be collected (the snapshot is still written, with the issues in it)."})
public final class CollectCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--config", paramLabel = "FILE", description = "idaudit.yaml naming the Okta org and the AWS Organization.")
        Path config;

        @Option(names = "--sandbox", paramLabel = "SCENARIO", description = "Collect the built-in sandbox instead (e.g. acme); no credentials needed.")
        String sandbox;

        @Option(names = "--sandbox-dir", paramLabel = "DIR",
                description = "Collect the sandbox serving your own scenario folder (okta.yaml, aws.yaml, optional scenario.yaml).")
        Path sandboxDir;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write the snapshot (.json.gz or .json).")
    Path out;

    @Option(names = "--redact-pii", paramLabel = "KEYFILE",
            description = "Replace people's logins, emails and names with keyed HMAC pseudonyms (same key, same pseudonyms).")
    Path redactKey;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Snapshot snapshot = source.sandboxDir != null ? collectDir(source.sandboxDir, redactKey, common, err)
                : collect(source.config, source.sandbox, redactKey, common, err);
        SnapshotIO.write(snapshot, out);
        common.log(err, "snapshot written to " + out);
        return reportIssues(snapshot, err).code;
    }

    /** Collects from a config or a sandbox scenario, redacting when asked. Shared by collect and run. */
    static Snapshot collect(Path config, String sandbox, Path redactKey, CommonOptions common, PrintWriter err) {
        Pseudonymizer redactor = redactKey == null ? null : pseudonymizer(redactKey);
        Snapshot snapshot = sandbox != null
                ? Collector.fromSandbox(sandbox, common.progress(err))
                : Collector.fromConfig(ConfigLoader.load(config), config, common.progress(err));
        return redactor == null ? snapshot : redactor.apply(snapshot);
    }

    private static Snapshot collectDir(Path dir, Path redactKey, CommonOptions common, PrintWriter err) {
        Pseudonymizer redactor = redactKey == null ? null : pseudonymizer(redactKey);
        Snapshot snapshot;
        try (dev.idaudit.sandbox.Sandbox sandbox = dev.idaudit.sandbox.ScenarioDir.start(dir)) {
            snapshot = Collector.fromSandbox(sandbox, common.progress(err));
        }
        return redactor == null ? snapshot : redactor.apply(snapshot);
    }

    static Pseudonymizer pseudonymizer(Path keyFile) {
        try {
            byte[] key = Files.readAllBytes(keyFile);
            if (key.length < 16) {
                throw new BadInputException(keyFile + ": a redaction key needs at least 16 bytes (e.g. head -c 32 /dev/urandom > key)");
            }
            return new Pseudonymizer(key);
        } catch (IOException e) {
            throw new BadInputException(keyFile + ": cannot read the redaction key: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Lists what could not be collected; INCOMPLETE when anything is missing. */
    static ExitCode reportIssues(Snapshot snapshot, PrintWriter err) {
        if (snapshot.collectionIssues().isEmpty()) {
            return ExitCode.CLEAN;
        }
        err.println("idaudit: the collection is incomplete; " + snapshot.collectionIssues().size() + " issue(s):");
        for (CollectionIssue i : snapshot.collectionIssues()) {
            String where = i.accountId() != null ? " [account " + i.accountId() + "]" : i.appId() != null ? " [app " + i.appId() + "]" : "";
            err.println(SafeText.line("  - " + i.section() + where + ": " + i.api() + " -> " + i.error() + ": " + i.message()));
        }
        return ExitCode.INCOMPLETE;
    }
}
