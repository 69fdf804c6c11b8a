package dev.idaudit.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.BadInputException;
import java.util.HashMap;
import java.util.Map;

/**
 * Each entity list of a snapshot names every entity once: a repeated id would become duplicate
 * findings. The lists and the field that identifies their records (per record type: a membership
 * list repeats its group ids by design, so only identities are listed here); {@code *} is any
 * element of the list above.
 */
final class UniqueIds {
    private UniqueIds() {}

    static final Map<String, String> ID_FIELDS = Map.ofEntries(
            Map.entry("/okta/users", "id"),
            Map.entry("/okta/groups", "id"),
            Map.entry("/okta/groupMembers", "groupId"),
            Map.entry("/okta/apps", "id"),
            Map.entry("/okta/awsApps", "id"),
            Map.entry("/okta/awsApps/*/users", "userId"),
            Map.entry("/okta/awsApps/*/groups", "groupId"),
            Map.entry("/okta/awsApps/*/pushMappings", "id"),
            Map.entry("/okta/awsApps/*/signingKeys", "kid"),
            Map.entry("/okta/awsApps/*/accessPolicy/rules", "id"),
            Map.entry("/aws/accounts", "id"),
            Map.entry("/aws/organizationalUnits", "id"),
            Map.entry("/aws/serviceControlPolicies", "id"),
            Map.entry("/aws/trails", "arn"),
            Map.entry("/aws/identityCenter/instances", "instanceArn"),
            Map.entry("/aws/identityCenter/permissionSets", "arn"),
            Map.entry("/aws/identityCenter/users", "userId"),
            Map.entry("/aws/identityCenter/groups", "groupId"),
            Map.entry("/aws/identityCenter/groupMemberships", "membershipId"),
            Map.entry("/aws/memberAccounts", "accountId"),
            Map.entry("/aws/memberAccounts/*/reservedRoles", "arn"),
            Map.entry("/aws/memberAccounts/*/samlProviders", "arn"));

    /** Fails with the JSON path of the second record that repeats an id. */
    static void check(JsonNode tree, String file) {
        walk(tree, "", "", file);
    }

    private static void walk(JsonNode node, String pattern, String path, String file) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), pattern + "/" + e.getKey(), path + "/" + e.getKey(), file));
        } else if (node.isArray()) {
            String field = ID_FIELDS.get(pattern);
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode id = node.get(i).get(field);
                if (field != null && id != null && id.isTextual()) {
                    Integer first = seen.putIfAbsent(id.asText(), i);
                    if (first != null) {
                        throw new BadInputException(file + ": " + path + "/" + i + "/" + field + ": duplicate id '" + id.asText()
                                + "' (also at " + path + "/" + first + "); each entity is listed once");
                    }
                }
                walk(node.get(i), pattern + "/*", path + "/" + i, file);
            }
        }
    }
}
