package dev.idaudit.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.idaudit.util.Json;

/** The JSON rendering of a {@link SnapshotDiff} or {@link DriftReport}: the records as they are. */
public final class JsonRendering {
    private JsonRendering() {}

    public static String of(SnapshotDiff diff) {
        return write(diff);
    }

    public static String of(DriftReport report) {
        return write(report);
    }

    private static String write(Object value) {
        try {
            return Json.json().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
