package dev.idaudit.cli;

import dev.idaudit.evidence.EvidenceVerifier;
import dev.idaudit.evidence.Manifest;
import dev.idaudit.report.ReportData;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.Reporter;
import dev.idaudit.util.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code idaudit report --run RUN_DIR}: renders a stored run again, e.g. in another format or
 * with the user's own templates. The run directory is evidence and is never written to.
 */
@Command(name = "report", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Renders the reports of a stored run again (the run directory itself is not changed).")
public final class ReportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A run directory, e.g. idaudit-runs/2026-11-28T03-00-00Z.")
    Path runDir;

    @Option(names = "--format", split = ",", paramLabel = "FORMAT",
            description = "Formats to write, comma-separated: html, xlsx, sarif, junit, csv, md (default: all).")
    List<String> formats = ReportFormats.NAMES;

    @Option(names = "--templates", paramLabel = "DIR", description = "Freemarker templates that replace the built-in ones, file by file.")
    Path templates;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the reports (default: the current directory).")
    Path out = Path.of(".");

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @picocli.CommandLine.Mixin
    RunCommand.DocsUrlOption docs;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!Files.isDirectory(runDir)) {
            throw new BadInputException(runDir + ": no such run directory");
        }
        if (Files.isDirectory(out) && Files.isSameFile(out, runDir)) {
            throw new BadInputException("--out is the run directory: its files are evidence and must not change; choose another --out");
        }
        List<Reporter> reporters = ReportFormats.select(formats, templates);
        ReportInput input = ReportData.read(runDir);
        // The run's own address (report.docsUrl when it ran) unless --docs-url names another.
        input = input.withDocsUrl(docs.or(input.docsUrl()));
        if (Files.exists(runDir.resolve(Manifest.FILE_NAME))) {
            // Read first: a manifest that is not one is bad input, said in one line (no warning before it).
            Manifest manifest = Manifest.read(runDir);
            EvidenceVerifier.Verification v = EvidenceVerifier.verify(runDir);
            if (!v.ok()) {
                stderr.println("idaudit: warning: " + runDir + " differs from its manifest (changed " + v.changed() + ", added "
                        + v.added() + ", removed " + v.removed() + ", fields " + v.changedFields() + ", refused " + v.problems()
                        + ", signature " + v.signature().status() + "); the reports show the files as they are now");
            }
            // The stored run is complete now: its evidence is every file the manifest lists.
            input = input.withEvidence(RunReports.evidence(manifest));
        }
        Files.createDirectories(out);
        for (Reporter r : reporters) {
            Path file = out.resolve(r.defaultFileName());
            r.write(input, file);
            stdout.println(file);
        }
        return ExitCode.CLEAN.code;
    }
}
