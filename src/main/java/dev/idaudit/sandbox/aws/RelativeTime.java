package dev.idaudit.sandbox.aws;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario times: {@code -200d} (200 days before now), {@code +2y}, {@code -3h}, {@code -15m},
 * or an ISO-8601 instant. Relative times keep a scenario from going stale.
 */
final class RelativeTime {
    private RelativeTime() {}

    private static final Pattern RELATIVE = Pattern.compile("([+-])(\\d{1,6})([mhdy])");

    static Instant parse(String text, Instant now, DataNode where, String key) {
        Matcher m = RELATIVE.matcher(text.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(2));
            Duration unit = switch (m.group(3)) {
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(365);
            };
            Duration offset = unit.multipliedBy(amount);
            return m.group(1).equals("-") ? now.minus(offset) : now.plus(offset);
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw where.error("'" + key + "' is '" + text + "': expected a time like -200d, +2y, -3h, -15m or an ISO-8601 instant");
        }
    }
}
