package dev.idaudit.util;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as people read them: to the second, in UTC ("2026-11-30T03:00:00Z"), never to the nanosecond. */
public final class Times {
    private Times() {}

    /** The instant to the second (ISO-8601, UTC); "" for null. */
    public static String toSecond(Instant t) {
        return t == null ? "" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
