package dev.idaudit.cli;

/**
 * The process exit codes. CI gates depend on these numbers: never renumber. The root command's
 * {@code --help} lists them all; each command lists in its own {@code --help} only those it
 * returns, from the lines below (picocli's "code:meaning" entries of {@code exitCodeList}).
 */
public enum ExitCode {
    CLEAN(0, "clean: nothing at or above --fail-on (or the command's work done)"),
    FINDINGS(1, "findings at or above --fail-on (or drift with --fail-on-drift, or evidence that does not verify)"),
    BAD_INPUT(2, "usage, config or input error"),
    INCOMPLETE(3, "audit incomplete (data not collected, rules not evaluated or failed), even with findings at or above --fail-on;"
            + " or a runtime failure");

    /** The heading of every command's list. */
    static final String HEADING = "%nExit codes:%n";
    static final String DONE = "  0:done";
    static final String AUDIT_CLEAN = "  0:clean: nothing at or above --fail-on";
    static final String AUDIT_FINDINGS = "  1:findings at or above --fail-on";
    static final String USAGE = "  2:usage, config or input error";
    static final String AUDIT_INCOMPLETE = "  3:audit incomplete (data not collected, rules not evaluated or failed), even with findings"
            + " at or above --fail-on; or a runtime failure";
    static final String FAILURE = "  3:a runtime failure (the message says what)";

    public final int code;
    public final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The exit code of an audit's verdict. */
    public static ExitCode of(dev.idaudit.audit.Verdict verdict) {
        return switch (verdict.outcome()) {
            case CLEAN -> CLEAN;
            case FINDINGS -> FINDINGS;
            case INCOMPLETE -> INCOMPLETE;
        };
    }
}
