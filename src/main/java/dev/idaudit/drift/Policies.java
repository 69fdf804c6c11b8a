package dev.idaudit.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

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
            // Through plain maps, so that ORDER_MAP_ENTRIES_BY_KEYS sorts the keys at every level.
            Object plain = MAPPER.treeToValue(tree, Object.class);
            return MAPPER.writeValueAsString(plain).replace("\r\n", "\n");
        } catch (JsonProcessingException e) {
            return document.strip();
        }
    }
}
