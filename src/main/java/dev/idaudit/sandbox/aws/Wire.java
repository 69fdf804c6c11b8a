package dev.idaudit.sandbox.aws;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** How timestamps travel: epoch seconds in the JSON protocols, ISO-8601 in the Query protocol. */
final class Wire {
    private Wire() {}

    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
