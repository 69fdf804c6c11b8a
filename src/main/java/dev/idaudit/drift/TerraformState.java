package dev.idaudit.drift;

import static dev.idaudit.drift.Property.scalar;
import static dev.idaudit.drift.Property.set;
import static dev.idaudit.drift.Property.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a Terraform state file (JSON, format version 4: Terraform 0.12 and later) into a
 * {@link DesiredState}. It reads the AWS provider's IAM Identity Center and Identity Store
 * resources, {@code aws_iam_saml_provider}, and the Okta provider's groups, SAML apps, app group
 * assignments and push groups, with the attribute names the providers write. Every other
 * resource, and every data source, is listed as ignored.
 *
 * <p>A permission set declared by {@code aws_ssoadmin_permission_set} declares its whole policy
 * set: a managed policy, customer policy, inline policy or permissions boundary that no
 * attachment in the state declares is drift (that is how a console-added AdministratorAccess shows up).
 */
public final class TerraformState {
    private TerraformState() {}

    public static final int FORMAT_VERSION = 4;

    private static final Set<String> APP_NAMES = DriftCheck.AWS_APP_NAMES;

    /** Reads one state file; see {@link DesiredState#merge} for several. */
    public static DesiredState read(Path file) {
        LocatedTree tree = LocatedTree.read(file, new JsonFactory());
        return new Reader(tree).read();
    }

    /** One instance of one resource, with its address and the file it came from. */
    private record Instance(String type, String address, JsonNode attributes, LocatedTree tree) {
        String where() {
            return tree.file + ": " + address + " (line " + tree.line(attributes) + ")";
        }

        String required(String field) {
            return tree.requiredText(attributes, field, address);
        }

        String optional(String field) {
            return LocatedTree.optionalText(attributes, field);
        }
    }

    private static final class Reader {
        final LocatedTree tree;
        final List<Instance> instances = new ArrayList<>();
        /** Data sources: never compared, but they name the groups and users a state refers to by id. */
        final List<Instance> dataInstances = new ArrayList<>();
        final List<IgnoredResource> ignored = new ArrayList<>();
        String source;

        Reader(LocatedTree tree) {
            this.tree = tree;
        }

        DesiredState read() {
            JsonNode root = tree.root;
            if (!root.isObject()) {
                throw tree.error(root, "not a Terraform state (expected a JSON object)");
            }
            JsonNode version = root.get("version");
            if (version == null || !version.isIntegralNumber()) {
                throw tree.error(root, "not a Terraform state (no \"version\")");
            }
            if (version.asInt() != FORMAT_VERSION) {
                throw tree.error(root, "Terraform state format version " + version.asInt()
                        + " is not supported: idaudit reads version " + FORMAT_VERSION + " (Terraform 0.12 and later)");
            }
            JsonNode resources = root.get("resources");
            if (resources == null || !resources.isArray()) {
                throw tree.error(root, "not a Terraform state (no \"resources\" list)");
            }
            source = tree.file + " (serial " + root.path("serial").asText("?") + ", lineage "
                    + root.path("lineage").asText("?") + ", terraform " + root.path("terraform_version").asText("?") + ")";
            for (JsonNode resource : resources) {
                collect(resource);
            }
            return build();
        }

        private void collect(JsonNode resource) {
            if (!resource.isObject()) {
                throw tree.error(resource, "a resource must be an object");
            }
            String mode = tree.requiredText(resource, "mode", "resource");
            String type = tree.requiredText(resource, "type", "resource");
            String name = tree.requiredText(resource, "name", "resource");
            String module = LocatedTree.optionalText(resource, "module");
            boolean data = "data".equals(mode);
            String base = (module == null ? "" : module + ".") + (data ? "data." : "") + type + "." + name;
            JsonNode list = resource.get("instances");
            if (list == null || !list.isArray()) {
                throw tree.error(resource, base + " has no \"instances\" list");
            }
            if (!data && !"managed".equals(mode)) {
                throw tree.error(resource, base + ": unknown mode '" + mode + "'");
            }
            if (data) {
                ignored.add(new IgnoredResource(tree.file, base, "data source: read by Terraform, not managed"));
            }
            for (JsonNode instance : list) {
                JsonNode key = instance.get("index_key");
                String address = base + (key == null ? "" : key.isNumber() ? "[" + key.asText() + "]" : "[\"" + key.asText() + "\"]");
                JsonNode attributes = instance.get("attributes");
                if (attributes == null || !attributes.isObject()) {
                    throw tree.error(instance, address + " has no \"attributes\" object"
                            + (instance.has("attributes_flat") ? " (flat attributes are written by Terraform before 0.12)" : ""));
                }
                if (instance.hasNonNull("deposed")) {
                    // create_before_destroy left the old object behind: Terraform destroys it on the next apply.
                    ignored.add(new IgnoredResource(tree.file, address + " (deposed " + instance.get("deposed").asText() + ")",
                            "deposed object: Terraform will destroy it, nobody wants it"));
                    continue;
                }
                (data ? dataInstances : instances).add(new Instance(type, address, attributes, tree));
            }
        }

        private DesiredState build() {
            List<Instance> named = new ArrayList<>(instances);
            named.addAll(dataInstances);
            Names names = new Names(named);
            List<DesiredState.Declared> declared = new ArrayList<>();
            Map<String, PermissionSetBuilder> permissionSets = new LinkedHashMap<>();
            List<EntityType> types = new ArrayList<>();
            for (Instance i : instances) {
                switch (i.type) {
                    case "aws_ssoadmin_permission_set" -> {
                        PermissionSetBuilder ps = permissionSets.computeIfAbsent(i.required("arn"), PermissionSetBuilder::new);
                        ps.declare(i);
                    }
                    case "aws_ssoadmin_managed_policy_attachment" ->
                        permissionSets.computeIfAbsent(i.required("permission_set_arn"), PermissionSetBuilder::new)
                                .managed.add(i.required("managed_policy_arn"));
                    case "aws_ssoadmin_customer_managed_policy_attachment" -> {
                        JsonNode refs = i.attributes.get("customer_managed_policy_reference");
                        if (refs == null || !refs.isArray() || refs.isEmpty()) {
                            throw i.tree.error(i.attributes, i.address + " has no customer_managed_policy_reference");
                        }
                        PermissionSetBuilder ps = permissionSets.computeIfAbsent(i.required("permission_set_arn"), PermissionSetBuilder::new);
                        for (JsonNode ref : refs) {
                            ps.customer.add(SnapshotEntities.customerPolicy(LocatedTree.optionalText(ref, "path"),
                                    i.tree.requiredText(ref, "name", i.address + " customer_managed_policy_reference")));
                        }
                    }
                    case "aws_ssoadmin_permission_set_inline_policy" ->
                        permissionSets.computeIfAbsent(i.required("permission_set_arn"), PermissionSetBuilder::new)
                                .inline = Policies.canonical(i.required("inline_policy"));
                    case "aws_ssoadmin_permissions_boundary_attachment" -> {
                        JsonNode boundary = first(i, "permissions_boundary");
                        JsonNode ref = boundary.path("customer_managed_policy_reference");
                        JsonNode customer = ref.isArray() && !ref.isEmpty() ? ref.get(0) : null;
                        String managed = LocatedTree.optionalText(boundary, "managed_policy_arn");
                        if (managed == null && customer == null) {
                            throw i.tree.error(i.attributes, i.address + ": permissions_boundary names no policy");
                        }
                        permissionSets.computeIfAbsent(i.required("permission_set_arn"), PermissionSetBuilder::new).boundary =
                                SnapshotEntities.permissionsBoundary(managed, customer == null ? null : LocatedTree.optionalText(customer, "path"),
                                        customer == null ? null : i.tree.requiredText(customer, "name", i.address + " customer_managed_policy_reference"));
                    }
                    case "aws_ssoadmin_account_assignment" -> {
                        String targetType = i.optional("target_type");
                        if (targetType != null && !"AWS_ACCOUNT".equals(targetType)) {
                            throw i.tree.error(i.attributes, i.address + ": target_type '" + targetType + "' is not AWS_ACCOUNT");
                        }
                        String psArn = i.required("permission_set_arn");
                        String account = i.required("target_id");
                        String principalType = i.required("principal_type");
                        String principalId = i.required("principal_id");
                        String principal = "USER".equals(principalType) ? names.user(principalId) : names.group(principalId);
                        declared.add(new DesiredState.Declared(new Entity(EntityType.IDC_ASSIGNMENT,
                                SnapshotEntities.assignmentId(psArn, account, principalType, principalId),
                                SnapshotEntities.assignmentName(principalType, principal, names.permissionSet(psArn), account),
                                List.of()), i.where()));
                        types.add(EntityType.IDC_ASSIGNMENT);
                    }
                    case "aws_identitystore_group" -> {
                        declared.add(new DesiredState.Declared(new Entity(EntityType.IDC_GROUP, i.required("group_id"),
                                i.required("display_name"), List.of(scalar("displayName", i.required("display_name")),
                                        scalar("description", i.optional("description")))), i.where()));
                        types.add(EntityType.IDC_GROUP);
                    }
                    case "aws_identitystore_user" -> {
                        declared.add(new DesiredState.Declared(new Entity(EntityType.IDC_USER, i.required("user_id"),
                                i.required("user_name"), List.of(scalar("userName", i.required("user_name")),
                                        scalar("displayName", i.optional("display_name")),
                                        scalar("primaryEmail", primaryEmail(i.attributes.get("emails"))))), i.where()));
                        types.add(EntityType.IDC_USER);
                    }
                    case "aws_identitystore_group_membership" -> {
                        String group = i.required("group_id");
                        String member = i.required("member_id");
                        declared.add(new DesiredState.Declared(new Entity(EntityType.IDC_GROUP_MEMBERSHIP,
                                SnapshotEntities.membershipId(group, member),
                                SnapshotEntities.membershipName(names.group(group), names.user(member)), List.of()), i.where()));
                        types.add(EntityType.IDC_GROUP_MEMBERSHIP);
                    }
                    case "aws_iam_saml_provider" -> {
                        String arn = i.required("arn");
                        declared.add(new DesiredState.Declared(new Entity(EntityType.IAM_SAML_PROVIDER,
                                dev.idaudit.model.view.SamlProvidersView.key(SnapshotEntities.accountOf(arn), arn, i.required("name")),
                                i.required("name") + " in " + SnapshotEntities.accountOf(arn),
                                List.of(scalar("name", i.required("name")))), i.where()));
                        types.add(EntityType.IAM_SAML_PROVIDER);
                    }
                    case "aws_iam_role" -> ignored.add(new IgnoredResource(tree.file, i.address,
                            DriftCheck.RESERVED_ROLE.matcher(Objects.toString(i.optional("name"), "")).matches()
                                    ? "an AWSReservedSSO role belongs to IAM Identity Center: never drift"
                                    : "idaudit collects only Identity Center's reserved roles"));
                    case "okta_group" -> {
                        declared.add(new DesiredState.Declared(new Entity(EntityType.OKTA_GROUP, i.required("id"),
                                i.required("name"), List.of(scalar("name", i.required("name")),
                                        scalar("description", i.optional("description")))), i.where()));
                        types.add(EntityType.OKTA_GROUP);
                    }
                    case "okta_app_saml" -> {
                        String template = Objects.requireNonNullElse(i.optional("preconfigured_app"), Objects.toString(i.optional("name"), ""));
                        if (!APP_NAMES.contains(template)) {
                            ignored.add(new IgnoredResource(tree.file, i.address,
                                    "not an AWS app ('" + template + "'): drift compares only the apps that reach AWS"));
                            continue;
                        }
                        declared.add(new DesiredState.Declared(new Entity(EntityType.OKTA_APP, i.required("id"),
                                i.required("label"), List.of(scalar("label", i.required("label")), scalar("name", template),
                                        scalar("status", i.optional("status")))), i.where()));
                        types.add(EntityType.OKTA_APP);
                    }
                    case "okta_app_group_assignment" -> {
                        declared.add(appGroup(i, i.required("app_id"), i.required("group_id"), i.attributes.get("priority"), names));
                        types.add(EntityType.OKTA_APP_GROUP);
                    }
                    case "okta_app_group_assignments" -> {
                        String app = i.required("app_id");
                        JsonNode groups = i.attributes.get("group");
                        if (groups == null || !groups.isArray()) {
                            throw i.tree.error(i.attributes, i.address + " has no \"group\" list");
                        }
                        for (JsonNode g : groups) {
                            declared.add(appGroup(i, app, i.tree.requiredText(g, "id", i.address + " group"), g.get("priority"), names));
                        }
                        types.add(EntityType.OKTA_APP_GROUP);
                    }
                    case "okta_push_group" -> {
                        String source = i.required("source_group_id");
                        declared.add(new DesiredState.Declared(new Entity(EntityType.OKTA_PUSH_MAPPING, i.required("id"),
                                names.oktaGroup(source), List.of(scalar("sourceGroupId", source),
                                        scalar("targetGroupId", i.optional("target_group_id")),
                                        scalar("status", Objects.requireNonNullElse(i.optional("status"), "ACTIVE")))), i.where()));
                        types.add(EntityType.OKTA_PUSH_MAPPING);
                    }
                    default -> ignored.add(new IgnoredResource(tree.file, i.address, "resource type " + i.type + " is not one idaudit reads"));
                }
            }
            for (PermissionSetBuilder ps : permissionSets.values()) {
                declared.add(ps.build(names));
                types.add(EntityType.IDC_PERMISSION_SET);
            }
            return new DesiredState(List.of(source), declared, types, ignored);
        }

        private static DesiredState.Declared appGroup(Instance i, String app, String group, JsonNode priority, Names names) {
            String p = priority == null || priority.isNull() ? null : priority.asText();
            return new DesiredState.Declared(new Entity(EntityType.OKTA_APP_GROUP, app + SnapshotEntities.SEP + group,
                    names.oktaGroup(group) + " in " + names.oktaApp(app), List.of(scalar("priority", p))), i.where());
        }

        /** The single block of a nested attribute that Terraform writes as a one-element list. */
        private static JsonNode first(Instance i, String field) {
            JsonNode list = i.attributes.get(field);
            if (list == null || !list.isArray() || list.isEmpty() || !list.get(0).isObject()) {
                throw i.tree.error(i.attributes, i.address + " has no " + field);
            }
            return list.get(0);
        }

        private static String primaryEmail(JsonNode emails) {
            if (emails == null || !emails.isArray()) {
                return null;
            }
            String first = null;
            for (JsonNode e : emails) {
                String value = LocatedTree.optionalText(e, "value");
                if (e.path("primary").asBoolean(false)) {
                    return value;
                }
                first = first == null ? value : first;
            }
            return first;
        }
    }

    /** A permission set gathered from its resource and its attachment resources. */
    private static final class PermissionSetBuilder {
        final String arn;
        Instance resource;
        final Set<String> managed = new TreeSet<>();
        final Set<String> customer = new TreeSet<>();
        String inline;
        String boundary;

        PermissionSetBuilder(String arn) {
            this.arn = arn;
        }

        void declare(Instance i) {
            resource = i;
        }

        DesiredState.Declared build(Names names) {
            List<Property> props = new ArrayList<>();
            if (resource != null) {
                props.add(scalar("name", resource.required("name")));
                props.add(scalar("description", resource.optional("description")));
                props.add(scalar("sessionDuration", resource.optional("session_duration")));
                props.add(scalar("relayState", resource.optional("relay_state")));
                props.add(text("inlinePolicy", inline == null ? "" : inline));
                props.add(scalar("permissionsBoundary", boundary == null ? "" : boundary));
            } else {
                props.add(text("inlinePolicy", inline));
                props.add(scalar("permissionsBoundary", boundary));
            }
            props.add(set("managedPolicies", managed));
            props.add(set("customerManagedPolicies", customer));
            String where = resource != null ? resource.where() : "attachments of " + arn;
            return new DesiredState.Declared(new Entity(EntityType.IDC_PERMISSION_SET, arn, names.permissionSet(arn), props), where);
        }
    }

    /** Ids to names through the state's own resources and data sources, so that a MISSING object still reads well. */
    private static final class Names {
        final Map<String, String> permissionSets = new HashMap<>();
        final Map<String, String> groups = new HashMap<>();
        final Map<String, String> users = new HashMap<>();
        final Map<String, String> oktaGroups = new HashMap<>();
        final Map<String, String> oktaApps = new HashMap<>();

        Names(List<Instance> instances) {
            for (Instance i : instances) {
                switch (i.type) {
                    case "aws_ssoadmin_permission_set" -> put(permissionSets, i.optional("arn"), i.optional("name"));
                    case "aws_identitystore_group" -> put(groups, i.optional("group_id"), i.optional("display_name"));
                    case "aws_identitystore_user" -> put(users, i.optional("user_id"), i.optional("user_name"));
                    case "okta_group" -> put(oktaGroups, i.optional("id"), i.optional("name"));
                    case "okta_app_saml" -> put(oktaApps, i.optional("id"), i.optional("label"));
                    default -> { }
                }
            }
        }

        private static void put(Map<String, String> map, String id, String name) {
            if (id != null && name != null) {
                map.putIfAbsent(id, name);
            }
        }

        String permissionSet(String arn) {
            return permissionSets.getOrDefault(arn, arn);
        }

        String group(String id) {
            return groups.getOrDefault(id, id);
        }

        String user(String id) {
            return users.getOrDefault(id, id);
        }

        String oktaGroup(String id) {
            return oktaGroups.getOrDefault(id, id);
        }

        String oktaApp(String id) {
            return oktaApps.getOrDefault(id, id);
        }
    }
}
