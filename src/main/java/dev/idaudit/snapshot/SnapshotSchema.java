package dev.idaudit.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives the snapshot's JSON Schema (draft 2020-12) from the records themselves, so the
 * published schema (docs/snapshot.schema.json) cannot drift from the code: a test regenerates
 * it and fails when the committed file differs.
 */
public final class SnapshotSchema {
    private SnapshotSchema() {}

    public static ObjectNode generate() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        // A URN, not an address: the schema is published nowhere but docs/snapshot.schema.json.
        root.put("$id", "urn:idaudit:schema:snapshot-v" + Snapshot.CURRENT_SCHEMA_VERSION);
        root.put("title", "idaudit snapshot, schemaVersion " + Snapshot.CURRENT_SCHEMA_VERSION);
        Map<String, ObjectNode> defs = new TreeMap<>();
        ObjectNode top = recordSchema(m, Snapshot.class, defs);
        root.setAll(top);
        ObjectNode d = root.putObject("$defs");
        defs.forEach(d::set);
        return root;
    }

    private static String defName(Class<?> c) {
        return c.getEnclosingClass() == null ? c.getSimpleName() : c.getEnclosingClass().getSimpleName() + "." + c.getSimpleName();
    }

    private static ObjectNode recordSchema(ObjectMapper m, Class<?> type, Map<String, ObjectNode> defs) {
        ObjectNode s = m.createObjectNode();
        s.put("type", "object");
        s.put("additionalProperties", false);
        ObjectNode props = s.putObject("properties");
        ArrayNode required = s.putArray("required");
        for (RecordComponent rc : type.getRecordComponents()) {
            ObjectNode property = typeSchema(m, rc.getGenericType(), defs);
            if (rc.isAnnotationPresent(Required.class)) {
                nonNull(property);
            }
            props.set(rc.getName(), property);
            required.add(rc.getName());
        }
        return s;
    }

    /** A {@link Required} component: its type without the null alternative. */
    private static void nonNull(ObjectNode property) {
        JsonNode type = property.get("type");
        if (type instanceof ArrayNode alternatives && alternatives.size() == 2 && "null".equals(alternatives.get(1).asText())) {
            property.put("type", alternatives.get(0).asText());
        } else {
            throw new IllegalStateException("@Required is for a nullable scalar, not " + property);
        }
    }

    private static ObjectNode typeSchema(ObjectMapper m, Type t, Map<String, ObjectNode> defs) {
        ObjectNode s = m.createObjectNode();
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                s.put("type", "array");
                s.set("items", typeSchema(m, p.getActualTypeArguments()[0], defs));
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                s.put("type", "object");
                s.set("additionalProperties", typeSchema(m, p.getActualTypeArguments()[1], defs));
                return s;
            }
        }
        Class<?> c = (Class<?>) t;
        if (c == int.class || c == long.class) {
            s.put("type", "integer");
        } else if (c == boolean.class) {
            s.put("type", "boolean");
        } else if (c == Integer.class || c == Long.class) {
            s.putArray("type").add("integer").add("null");
        } else if (c == Boolean.class) {
            s.putArray("type").add("boolean").add("null");
        } else if (c == String.class) {
            s.putArray("type").add("string").add("null");
        } else if (c == Instant.class) {
            s.putArray("type").add("string").add("null");
            s.put("format", "date-time");
        } else if (c.isRecord()) {
            String name = defName(c);
            if (!defs.containsKey(name)) {
                defs.put(name, m.createObjectNode()); // placeholder against recursion
                defs.put(name, recordSchema(m, c, defs));
            }
            s.putArray("anyOf").add(m.createObjectNode().put("$ref", "#/$defs/" + name)).add(m.createObjectNode().put("type", "null"));
        } else {
            throw new IllegalStateException("no JSON Schema mapping for " + c);
        }
        return s;
    }
}
