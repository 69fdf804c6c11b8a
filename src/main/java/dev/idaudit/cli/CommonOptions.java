package dev.idaudit.cli;

import dev.idaudit.collect.ConsoleProgress;
import dev.idaudit.collect.Progress;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** --quiet and --verbose, the same on every command. */
public final class CommonOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress or log lines on stderr (errors still show).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "More detail on stderr, and stack traces with errors.")
    boolean verbose;

    Progress progress(PrintWriter err) {
        return quiet ? Progress.SILENT : new ConsoleProgress(err);
    }

    void log(PrintWriter err, String line) {
        if (!quiet) {
            err.println(line);
        }
    }
}
