package dev.idaudit.config;

/**
 * A token or key. Its {@code toString} never shows the value, so it cannot leak into a log
 * line, an exception message or a report by accident; {@link #reveal()} is the one way out.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
