package dev.idaudit.cli;

import dev.idaudit.util.BadInputException;
import picocli.CommandLine;

/**
 * Turns an exception from a command into one clear line on stderr and an exit code. A stack
 * trace is shown only with {@code --verbose}: users should read what is wrong, not where.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        boolean verbose = parseResult.hasMatchedOption("--verbose")
                || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose"));
        var err = cl.getErr();
        if (ex instanceof BadInputException) {
            err.println("idaudit: " + ex.getMessage());
            if (verbose) {
                ex.printStackTrace(err);
            }
            return ExitCode.BAD_INPUT.code;
        }
        err.println("idaudit: failed: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        if (verbose) {
            ex.printStackTrace(err);
        } else {
            err.println("(run with --verbose for details)");
        }
        return ExitCode.INCOMPLETE.code;
    }
}
