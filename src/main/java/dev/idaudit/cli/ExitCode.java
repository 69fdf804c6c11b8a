package dev.idaudit.cli;

/** The process exit codes, listed in {@code --help}. CI gates depend on these numbers: never renumber. */
public enum ExitCode {
    CLEAN(0, "clean: nothing at or above --fail-on"),
    FINDINGS(1, "findings at or above --fail-on (or drift with --fail-on-drift)"),
    BAD_INPUT(2, "usage, config or input error"),
    INCOMPLETE(3, "audit incomplete (data not collected, rules not evaluated or failed), even with findings at or above --fail-on;"
            + " or a runtime failure");

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
