package dev.idaudit.sandbox.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario files write times relative to "now" ({@code -200d}, {@code +10d}, {@code -3h},
 * {@code -15m}) so that a scenario never goes stale; this turns them into the ISO-8601 instants
 * the vendors send, with milliseconds as Okta writes them ({@code 2026-01-02T03:04:05.000Z}).
 */
public final class RelativeDates {
    private RelativeDates() {}

    private static final Pattern RELATIVE = Pattern.compile("([+-])(\\d+)([dhm])");
    private static final DateTimeFormatter OKTA_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** The instant a relative time stands for, or null when {@code text} is not one. */
    public static Instant parse(String text, Instant now) {
        Matcher m = RELATIVE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(2)) * (m.group(1).equals("-") ? -1 : 1);
        Duration offset = switch (m.group(3)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMinutes(amount);
        };
        return now.plus(offset);
    }

    public static String format(Instant instant) {
        return OKTA_FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** A deep copy of {@code node} with every relative time replaced by an Okta timestamp. */
    public static JsonNode resolve(JsonNode node, Instant now) {
        JsonNode copy = node.deepCopy();
        resolveInPlace(copy, now);
        return copy;
    }

    private static void resolveInPlace(JsonNode node, Instant now) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode replaced = replacement(field.getValue(), now);
                if (replaced != null) {
                    field.setValue(replaced);
                } else {
                    resolveInPlace(field.getValue(), now);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode replaced = replacement(array.get(i), now);
                if (replaced != null) {
                    array.set(i, replaced);
                } else {
                    resolveInPlace(array.get(i), now);
                }
            }
        }
    }

    private static JsonNode replacement(JsonNode value, Instant now) {
        if (!value.isTextual()) {
            return null;
        }
        Instant instant = parse(value.asText(), now);
        return instant == null ? null : TextNode.valueOf(format(instant));
    }
}
