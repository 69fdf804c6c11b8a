package dev.idaudit.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point. {@link #run} is what tests call: no System.exit, streams passed in. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
        try {
            return IdAuditCommand.commandLine(o, e).execute(args);
        } catch (OutOfMemoryError ex) {
            // the heap the failed work held is free again once it has unwound to here
            e.println("idaudit: failed: out of memory (" + ex.getMessage() + "); give the JVM more heap (java -Xmx...) or check"
                    + " that the input is what it should be");
            return ExitCode.INCOMPLETE.code;
        } catch (RuntimeException | Error ex) {
            // picocli hands an Exception to Errors; an Error (StackOverflowError, LinkageError...) passes it by. Exit 1
            // would read as "findings" to a CI gate: a crash is an incomplete audit.
            e.println("idaudit: failed: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": "
                    + Errors.oneLine(ex.getMessage())));
            if (java.util.Arrays.asList(args).contains("--verbose")) {
                ex.printStackTrace(e);
            } else {
                e.println("(run with --verbose for details)");
            }
            return ExitCode.INCOMPLETE.code;
        }
    }
}
