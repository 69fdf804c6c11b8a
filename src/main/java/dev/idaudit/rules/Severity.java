package dev.idaudit.rules;

import java.util.Locale;

/** Rule severities, most severe first. {@code NONE} exists only as a --fail-on threshold. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, NONE;

    /** True when this severity is at or above the threshold ({@code NONE} matches nothing). */
    public boolean atLeast(Severity threshold) {
        return threshold != NONE && this != NONE && ordinal() <= threshold.ordinal();
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
