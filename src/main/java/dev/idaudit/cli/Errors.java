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
            err.println("idaudit: " + oneLine(ex.getMessage()));
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

    /** SnakeYAML's "in 'reader', line 4, column 1:" marks and the quoted source line under them. */
    private static final java.util.regex.Pattern YAML_MARK = java.util.regex.Pattern.compile(" in '[^']*', line \\d+, column \\d+:?");

    /** "(java.time.format.DateTimeParseException)" inside a parser's message: where it failed, not what is wrong. */
    private static final java.util.regex.Pattern JAVA_EXCEPTION =
            java.util.regex.Pattern.compile("\\s*\\((?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\)");
    /** A value quoted back from the file, e.g. a 1 MB string: its start is enough to find it. */
    private static final java.util.regex.Pattern LONG_QUOTED = java.util.regex.Pattern.compile("\"([^\"]{80})[^\"]{20,}\"");

    /**
     * A bad-input message as one line: the parsers' multi-line context (SnakeYAML repeats the
     * offending source line with a caret under it) is dropped, since our message already names
     * file and line; control characters that came from the file are shown escaped, so a hostile
     * file cannot drive the terminal. Java exception names and long quoted values are dropped.
     */
    static String oneLine(String message) {
        if (message == null) {
            return "bad input";
        }
        StringBuilder b = new StringBuilder();
        for (String line : message.split("\\R")) {
            if (YAML_MARK.matcher(line).matches() || line.startsWith("    ") || line.isBlank() || line.strip().equals("^")) {
                continue;
            }
            b.append(b.length() == 0 ? "" : "; ").append(line.strip());
        }
        String line = JAVA_EXCEPTION.matcher(b).replaceAll("");
        line = LONG_QUOTED.matcher(line).replaceAll("\"$1...\"");
        StringBuilder safe = new StringBuilder(line.length());
        line.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.FORMAT) {
                safe.append(String.format("\\u%04x", c));
            } else {
                safe.appendCodePoint(c);
            }
        });
        return safe.toString();
    }
}
