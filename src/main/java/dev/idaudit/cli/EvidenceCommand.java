package dev.idaudit.cli;

import dev.idaudit.evidence.Digests;
import dev.idaudit.evidence.EvidenceVerifier;
import dev.idaudit.evidence.Manifest;
import dev.idaudit.util.Plural;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code idaudit evidence verify RUN_DIR}: the stored evidence is what was written. */
@Command(name = "evidence", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.USAGE}, mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Works with stored runs (evidence).",
        subcommands = {EvidenceCommand.Verify.class})
public final class EvidenceCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: verify");
    }

    @Command(name = "verify", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {"  0:every file matches manifest.json", "  1:a file was changed, added or removed", ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Recomputes the SHA-256 of every file of a run and names any file changed, added or removed "
                    + "since manifest.json was written. Exit 0 when all match, 1 when not.")
    public static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "RUN_DIR", description = "A run directory, e.g. idaudit-runs/2026-11-28T03-00-00Z.")
        Path runDir;

        @Option(names = "--verbose", description = "Show stack traces of errors.")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            EvidenceVerifier.Verification v = EvidenceVerifier.verify(runDir);
            String manifestHash = Digests.sha256Hex(runDir.resolve(Manifest.FILE_NAME));
            if (v.ok()) {
                out.println("OK " + v.runId() + ": " + Plural.count(v.filesChecked(), "file matches", "files match") + " " + Manifest.FILE_NAME
                        + " (manifest sha256 " + manifestHash + ")");
                return ExitCode.CLEAN.code;
            }
            out.println("MODIFIED " + v.runId() + ": the run differs from " + Manifest.FILE_NAME);
            v.changed().forEach(p -> out.println("changed: " + p));
            v.added().forEach(p -> out.println("added: " + p));
            v.removed().forEach(p -> out.println("removed: " + p));
            return ExitCode.FINDINGS.code;
        }
    }
}
