package dev.idaudit.cli;

/** The process exit codes, listed in {@code --help}. CI gates depend on these numbers: never renumber. */
public enum ExitCode {
    CLEAN(0, "clean: nothing at or above --fail-on"),
    FINDINGS(1, "findings at or above --fail-on (or drift with --fail-on-drift)"),
    BAD_INPUT(2, "usage, config or input error"),
    INCOMPLETE(3, "audit incomplete (rules not evaluated, data not collected) or runtime failure");

    public final int code;
    public final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }
}
