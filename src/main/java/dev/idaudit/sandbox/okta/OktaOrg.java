package dev.idaudit.sandbox.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.util.BadInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Okta org of a scenario ({@code okta.yaml}), with relative times resolved against the
 * moment the emulator started. The objects are kept as JSON in Okta's own shapes.
 */
final class OktaOrg {

    /** One app and its sub-resources, each as written in the scenario (JSON or an {@code {error: ...}}). */
    record App(ObjectNode app, JsonNode users, JsonNode groups, JsonNode features, JsonNode defaultConnection,
            JsonNode pushMappings, JsonNode keys) {
        String id() {
            return app.path("id").asText();
        }
    }

    record Policy(ObjectNode policy, JsonNode rules) {}

    final List<ObjectNode> users = new ArrayList<>();
    final List<ObjectNode> groups = new ArrayList<>();
    final Map<String, List<String>> membersByGroup = new LinkedHashMap<>();
    final Map<String, ObjectNode> usersById = new LinkedHashMap<>();
    final Map<String, App> appsById = new LinkedHashMap<>();
    final Map<String, Policy> policiesById = new LinkedHashMap<>();

    static OktaOrg from(String scenarioName, JsonNode okta, Instant now) {
        if (okta == null || !okta.isObject()) {
            throw new BadInputException("scenario " + scenarioName + ": okta.yaml is missing or not a mapping");
        }
        JsonNode data = RelativeDates.resolve(okta, now);
        OktaOrg org = new OktaOrg();
        for (JsonNode user : data.path("users")) {
            ObjectNode u = object(user, scenarioName, "users[]");
            org.users.add(u);
            org.usersById.put(requiredId(u, scenarioName, "users[]"), u);
        }
        for (JsonNode entry : data.path("groups")) {
            ObjectNode group = object(entry.path("group"), scenarioName, "groups[].group");
            String id = requiredId(group, scenarioName, "groups[].group");
            org.groups.add(group);
            List<String> members = new ArrayList<>();
            for (JsonNode member : entry.path("members")) {
                if (!org.usersById.containsKey(member.asText())) {
                    throw new BadInputException("scenario " + scenarioName + ": okta.yaml group " + id
                            + " lists unknown member " + member.asText());
                }
                members.add(member.asText());
            }
            org.membersByGroup.put(id, List.copyOf(members));
        }
        for (JsonNode entry : data.path("apps")) {
            ObjectNode app = object(entry.path("app"), scenarioName, "apps[].app");
            String id = requiredId(app, scenarioName, "apps[].app");
            org.appsById.put(id, new App(app, entry.path("users"), entry.path("groups"), entry.path("features"),
                    entry.path("defaultConnection"), entry.path("pushMappings"), entry.path("keys")));
        }
        for (JsonNode entry : data.path("policies")) {
            ObjectNode policy = object(entry.path("policy"), scenarioName, "policies[].policy");
            org.policiesById.put(requiredId(policy, scenarioName, "policies[].policy"), new Policy(policy, entry.path("rules")));
        }
        return org;
    }

    private static ObjectNode object(JsonNode node, String scenarioName, String where) {
        if (!(node instanceof ObjectNode object)) {
            throw new BadInputException("scenario " + scenarioName + ": okta.yaml " + where + " must be a mapping");
        }
        return object;
    }

    private static String requiredId(ObjectNode node, String scenarioName, String where) {
        String id = node.path("id").asText("");
        if (id.isEmpty()) {
            // Its field names, not the node itself: a broken node may be too deep to print.
            List<String> fields = new ArrayList<>();
            node.fieldNames().forEachRemaining(fields::add);
            throw new BadInputException("scenario " + scenarioName + ": okta.yaml " + where + " has no id (fields: " + fields + ")");
        }
        return id;
    }
}
