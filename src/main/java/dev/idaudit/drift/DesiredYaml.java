package dev.idaudit.drift;

import static dev.idaudit.drift.Property.scalar;
import static dev.idaudit.drift.Property.set;
import static dev.idaudit.drift.Property.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import dev.idaudit.util.BadInputException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a {@code desired.yaml} (format: docs/desired-state.md) into a {@link DesiredState}.
 * Strict: an unknown key, a malformed duration, account id or policy is an error naming the
 * file and line, because a typo that silently declares nothing would make drift pass.
 */
public final class DesiredYaml {
    private DesiredYaml() {}

    public static final int VERSION = 1;

    private static final Set<String> TOP = Set.of("version", "permissionSets", "assignments", "pushedGroups");
    private static final Set<String> PERMISSION_SET = Set.of(
            "name", "description", "sessionDuration", "relayState", "managedPolicies", "customerManagedPolicies", "inlinePolicy",
            "permissionsBoundary");
    private static final Set<String> ASSIGNMENT = Set.of("group", "user", "permissionSet", "accounts");
    private static final Pattern DURATION = Pattern.compile("PT(?=\\d)(\\d+H)?(\\d+M)?");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final String AWS_MANAGED_POLICY_ARN = "arn:aws:iam::aws:policy/";

    public static DesiredState read(Path file) {
        LocatedTree tree = LocatedTree.read(file, new YAMLFactory());
        JsonNode root = tree.root;
        if (!root.isObject()) {
            throw tree.error(root, "a desired state must be a mapping with version, permissionSets, assignments, pushedGroups");
        }
        checkKeys(tree, root, TOP, "desired state");
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToInt() || version.asInt() != VERSION) {
            throw tree.error(root, "desired state needs 'version: " + VERSION + "'" + (version == null ? "" : " (found " + version.asText() + ")"));
        }
        List<DesiredState.Declared> declared = new ArrayList<>();
        List<EntityType> types = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        if (root.has("permissionSets")) {
            types.add(EntityType.IDC_PERMISSION_SET);
            for (JsonNode ps : tree.array(root, "permissionSets", "desired state")) {
                declared.add(permissionSet(tree, ps));
            }
        }
        if (root.has("assignments")) {
            types.add(EntityType.IDC_ASSIGNMENT);
            for (JsonNode a : tree.array(root, "assignments", "desired state")) {
                declared.addAll(assignments(tree, a));
            }
        }
        if (root.has("pushedGroups")) {
            types.add(EntityType.OKTA_PUSH_MAPPING);
            JsonNode list = tree.array(root, "pushedGroups", "desired state");
            for (JsonNode g : list) {
                if (!g.isValueNode() || g.asText().isBlank()) {
                    throw tree.error(list, "pushedGroups lists Okta group names; found " + g);
                }
                declared.add(new DesiredState.Declared(new Entity(EntityType.OKTA_PUSH_MAPPING, null, g.asText(),
                        List.of(scalar("status", "ACTIVE"))), tree.where(list)));
            }
        }
        for (DesiredState.Declared d : declared) {
            String key = d.entity().type().key + " " + d.entity().name();
            String first = seen.putIfAbsent(key, d.declaredAt());
            if (first != null) {
                throw new BadInputException(d.declaredAt() + ": " + d.entity().name() + " is declared twice (first at " + first + ")");
            }
        }
        return new DesiredState(List.of(tree.file), declared, types, List.of());
    }

    private static DesiredState.Declared permissionSet(LocatedTree tree, JsonNode ps) {
        if (!ps.isObject()) {
            throw tree.error(ps, "a permission set must be a mapping with at least 'name'");
        }
        checkKeys(tree, ps, PERMISSION_SET, "permission set");
        String name = tree.requiredText(ps, "name", "permission set");
        String duration = LocatedTree.optionalText(ps, "sessionDuration");
        if (duration != null && !DURATION.matcher(duration).matches()) {
            throw tree.error(ps, "permission set " + name + ": sessionDuration '" + duration
                    + "' is not an ISO-8601 duration such as PT8H or PT1H30M");
        }
        Set<String> managed = new TreeSet<>();
        for (JsonNode p : tree.array(ps, "managedPolicies", "permission set " + name)) {
            String policy = p.asText();
            managed.add(policy.startsWith("arn:") ? policy : AWS_MANAGED_POLICY_ARN + policy);
        }
        Set<String> customer = new TreeSet<>();
        for (JsonNode p : tree.array(ps, "customerManagedPolicies", "permission set " + name)) {
            customer.add(customerPolicy(p.asText()));
        }
        String boundary = LocatedTree.optionalText(ps, "permissionsBoundary");
        boundary = boundary == null ? "" : boundary.startsWith("arn:") ? boundary : customerPolicy(boundary);
        String inline = "";
        JsonNode inlineNode = ps.get("inlinePolicy");
        if (inlineNode != null && !inlineNode.isNull()) {
            String doc = inlineNode.isTextual() ? inlineNode.asText() : inlineNode.toString();
            // Policies.canonical keeps text it cannot parse (a live policy is shown as it is); a declared
            // one that does not parse would show as CHANGED for ever
            boolean object;
            try {
                object = dev.idaudit.util.Json.json().readTree(doc).isObject();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                object = false;
            }
            if (!object) {
                throw tree.error(ps, "permission set " + name + ": inlinePolicy is not a JSON policy document");
            }
            String canonical = Policies.canonical(doc);
            if (canonical == null || !(canonical.startsWith("{"))) {
                throw tree.error(ps, "permission set " + name + ": inlinePolicy is not a JSON policy document");
            }
            inline = canonical;
        }
        return new DesiredState.Declared(new Entity(EntityType.IDC_PERMISSION_SET, null, name, List.of(
                scalar("name", name),
                scalar("description", LocatedTree.optionalText(ps, "description")),
                scalar("sessionDuration", duration),
                scalar("relayState", LocatedTree.optionalText(ps, "relayState")),
                set("managedPolicies", managed),
                set("customerManagedPolicies", customer),
                text("inlinePolicy", inline),
                scalar("permissionsBoundary", boundary))), tree.where(ps));
    }

    /** A customer managed policy written {@code /path/Name} or {@code Name} (path /). */
    private static String customerPolicy(String ref) {
        int slash = ref.lastIndexOf('/');
        return SnapshotEntities.customerPolicy(slash < 0 ? "/" : ref.substring(0, slash + 1), ref.substring(slash + 1));
    }

    private static List<DesiredState.Declared> assignments(LocatedTree tree, JsonNode a) {
        if (!a.isObject()) {
            throw tree.error(a, "an assignment must be a mapping with group (or user), permissionSet and accounts");
        }
        checkKeys(tree, a, ASSIGNMENT, "assignment");
        String group = LocatedTree.optionalText(a, "group");
        String user = LocatedTree.optionalText(a, "user");
        if ((group == null) == (user == null)) {
            throw tree.error(a, "an assignment names exactly one of 'group' or 'user'");
        }
        String permissionSet = tree.requiredText(a, "permissionSet", "assignment");
        JsonNode accounts = tree.array(a, "accounts", "assignment");
        if (accounts.isEmpty()) {
            throw tree.error(a, "assignment of " + permissionSet + " lists no accounts");
        }
        List<DesiredState.Declared> out = new ArrayList<>();
        for (JsonNode account : accounts) {
            String id = account.asText();
            if (!ACCOUNT.matcher(id).matches()) {
                throw tree.error(accounts, "'" + id + "' is not a 12-digit AWS account id (quote ids in YAML: \"012345678901\")");
            }
            String name = SnapshotEntities.assignmentName(group != null ? "GROUP" : "USER", group != null ? group : user, permissionSet, id);
            out.add(new DesiredState.Declared(new Entity(EntityType.IDC_ASSIGNMENT, null, name, List.of()), tree.where(a)));
        }
        return out;
    }

    private static void checkKeys(LocatedTree tree, JsonNode object, Set<String> allowed, String what) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw tree.error(object, what + ": unknown key '" + key + "' (allowed: " + new TreeSet<>(allowed) + ")");
            }
        }
    }
}
