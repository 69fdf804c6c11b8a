package dev.idaudit.collect.okta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response examples of Okta's management spec for the endpoints the collector reads, from
 * okta-openapi/management-examples.yaml (extracted from the spec unchanged): the vendor's own
 * answers, served as they stand by the contract tests.
 */
final class OktaSpecExamples {
    private static final JsonNode PATHS = read().path("paths");

    private OktaSpecExamples() {}

    /** The example {@code name} of the answer {@code status} to GET {@code path} (a spec path template). */
    static JsonNode example(String path, int status, String name) {
        JsonNode example = PATHS.path(path).path("responses").path(String.valueOf(status)).path(name).path("value");
        if (example.isMissingNode()) {
            throw new IllegalArgumentException("the spec has no example " + name + " of " + status + " for GET " + path
                    + "; it has " + names(path, status));
        }
        return example;
    }

    /** Every example of the answer {@code status} to GET {@code path}, by name, in the spec's order. */
    static Map<String, JsonNode> examples(String path, int status) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = PATHS.path(path).path("responses").path(String.valueOf(status)).fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            all.put(e.getKey(), e.getValue().path("value"));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("the spec has no example of " + status + " for GET " + path);
        }
        return all;
    }

    static String operationId(String path) {
        return PATHS.path(path).path("operationId").asText(null);
    }

    private static java.util.List<String> names(String path, int status) {
        java.util.List<String> names = new java.util.ArrayList<>();
        PATHS.path(path).path("responses").path(String.valueOf(status)).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode read() {
        try (InputStream in = OktaSpecExamples.class.getResourceAsStream("/okta-openapi/management-examples.yaml")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /okta-openapi/management-examples.yaml");
            }
            return Json.yaml().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
