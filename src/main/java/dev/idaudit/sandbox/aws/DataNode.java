package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.BadInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One node of a scenario's aws.yaml with the path that leads to it, so that a missing or wrong
 * value is reported as e.g. {@code acme aws.yaml: accounts[2]: 'id' is missing}.
 */
final class DataNode {
    private final JsonNode node;
    private final String file;
    private final String path;
    private final Instant now;

    DataNode(JsonNode node, String file, String path, Instant now) {
        this.node = node;
        this.file = file;
        this.path = path;
        this.now = now;
    }

    BadInputException error(String what) {
        return new BadInputException(file + ": " + (path.isEmpty() ? "" : path + ": ") + what);
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    /** True when the key is written with the value null (as opposed to left out). */
    boolean isExplicitNull(String key) {
        return node.has(key) && node.get(key).isNull();
    }

    DataNode child(String key) {
        JsonNode child = node.get(key);
        if (child == null || child.isNull()) {
            throw error("'" + key + "' is missing");
        }
        return new DataNode(child, file, join(key), now);
    }

    String text(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull() || !value.isValueNode() || value.asText().isEmpty()) {
            throw error("'" + key + "' is missing or not a text value");
        }
        return value.asText();
    }

    String optText(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw error("'" + key + "' must be a text value");
        }
        return value.asText();
    }

    /**
     * Marks an enum value newer than the API model (e.g. {@code state: "newer-than-model:QUARANTINED"}):
     * served as written after the marker, so tests can see how the collector copes with a value
     * its SDK does not know. Without the marker a value outside the model is a scenario error.
     */
    static final String NEWER_THAN_MODEL = "newer-than-model:";

    /** A text value that must be one of {@code allowed}, or an upper-case value marked {@link #NEWER_THAN_MODEL}. */
    String oneOf(String key, String defaultValue, List<String> allowed) {
        String value = has(key) ? text(key) : defaultValue;
        if (value != null && value.startsWith(NEWER_THAN_MODEL) && value.substring(NEWER_THAN_MODEL.length()).matches("[A-Z][A-Z0-9_]*")) {
            return value.substring(NEWER_THAN_MODEL.length());
        }
        if (value == null) {
            throw error("'" + key + "' is missing, expected one of " + allowed);
        }
        if (!allowed.contains(value)) {
            throw error("'" + key + "' is " + value + ", expected one of " + allowed);
        }
        return value;
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw error("'" + key + "' must be true or false");
        }
        return value.asBoolean();
    }

    Instant instant(String key) {
        return RelativeTime.parse(text(key), now, this, key);
    }

    Instant optInstant(String key) {
        return has(key) ? instant(key) : null;
    }

    List<String> texts(String key) {
        List<String> out = new ArrayList<>();
        for (DataNode item : list(key)) {
            if (!item.node.isValueNode()) {
                throw item.error("must be a text value");
            }
            out.add(item.node.asText());
        }
        return out;
    }

    /** The items of a list; an absent key is an empty list. */
    List<DataNode> list(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error("'" + key + "' must be a list");
        }
        List<DataNode> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            out.add(new DataNode(value.get(i), file, join(key) + "[" + i + "]", now));
        }
        return out;
    }

    <T> List<T> list(String key, Function<DataNode, T> reader) {
        return list(key).stream().map(reader).toList();
    }

    /** The entries of a mapping, keyed by their field name; an absent key is an empty list. */
    List<DataNode> entries(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isObject()) {
            throw error("'" + key + "' must be a mapping");
        }
        List<DataNode> out = new ArrayList<>();
        value.fields().forEachRemaining(e -> out.add(new DataNode(e.getValue(), file, join(key) + "." + e.getKey(), now)));
        return out;
    }

    /** The field name under which this node sits in its parent mapping. */
    String name() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
