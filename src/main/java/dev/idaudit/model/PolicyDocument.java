package dev.idaudit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parts of an IAM policy document (permission set inline policy, SCP) the audit reads.
 * Only statements without a {@code Condition} count as unconditional grants or denials; the
 * one conditional shape we interpret is the region lock (Deny + StringNotEquals aws:RequestedRegion).
 */
public record PolicyDocument(
        List<String> allowedActionsOnAnyResource,
        List<String> deniedActions,
        List<String> regionAllowList,
        boolean parsed) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public PolicyDocument {
        allowedActionsOnAnyResource = List.copyOf(allowedActionsOnAnyResource);
        deniedActions = List.copyOf(deniedActions);
        regionAllowList = List.copyOf(regionAllowList);
    }

    public static final PolicyDocument EMPTY = new PolicyDocument(List.of(), List.of(), List.of(), true);

    /** Parses a JSON policy; a document that is not valid JSON reads as {@code parsed = false}. */
    public static PolicyDocument parse(String json) {
        if (json == null || json.isBlank()) {
            return EMPTY;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (Exception e) {
            return new PolicyDocument(List.of(), List.of(), List.of(), false);
        }
        List<String> allowed = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        List<String> regions = new ArrayList<>();
        for (JsonNode st : asList(root.get("Statement"))) {
            String effect = st.path("Effect").asText("");
            List<String> actions = strings(st.get("Action"));
            List<String> resources = strings(st.get("Resource"));
            boolean conditional = st.has("Condition");
            if ("Allow".equals(effect) && !conditional && resources.contains("*")) {
                allowed.addAll(actions);
            } else if ("Deny".equals(effect) && !conditional) {
                denied.addAll(actions);
            } else if ("Deny".equals(effect)) {
                JsonNode notEquals = st.path("Condition").path("StringNotEquals");
                List<String> lock = strings(notEquals.get("aws:RequestedRegion"));
                if (!lock.isEmpty()) {
                    regions.addAll(lock);
                }
            }
        }
        return new PolicyDocument(allowed, denied, regions, true);
    }

    /** True when an IAM action pattern (with * and ?) covers {@code action}; case-insensitive as IAM is. */
    public static boolean covers(String pattern, String action) {
        String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return action.toLowerCase(Locale.ROOT).matches(regex);
    }

    /** True when any of the patterns covers {@code action}. */
    public static boolean anyCovers(List<String> patterns, String action) {
        return patterns.stream().anyMatch(p -> covers(p, action));
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : asList(node)) {
            if (n.isTextual()) {
                out.add(n.asText());
            }
        }
        return out;
    }
}
