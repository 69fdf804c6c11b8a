package dev.idaudit.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/**
 * Policy documents in one canonical form: keys sorted, pretty-printed, so that the same policy
 * written twice (AWS reorders keys, Terraform minifies) compares equal and a real change shows
 * as a short line diff.
 */
final class Policies {
    private Policies() {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** The canonical text, or the text unchanged (trimmed) when it is not JSON; null stays null. */
    static String canonical(String document) {
        if (document == null || document.isBlank()) {
            return null;
        }
        try {
            JsonNode tree = MAPPER.readTree(document);
            if (tree == null || tree.isMissingNode()) {
                return document.strip();
            }
            Object plain = MAPPER.treeToValue(tree, Object.class);
            String text = plain instanceof Map<?, ?> || plain instanceof java.util.List<?>
                    ? MAPPER.writeValueAsString(plain)
                    : MAPPER.writeValueAsString(tree);
            return text.replace("\r\n", "\n");
        } catch (JsonProcessingException e) {
            return document.strip();
        }
    }
}
