package dev.idaudit.drift;

import static dev.idaudit.drift.Property.scalar;
import static dev.idaudit.drift.Property.set;
import static dev.idaudit.drift.Property.text;

import dev.idaudit.model.view.AppUsersView;
import dev.idaudit.model.view.AssignmentsView;
import dev.idaudit.model.view.IamUsersView;
import dev.idaudit.model.view.ReservedRolesView;
import dev.idaudit.model.view.SamlProvidersView;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A snapshot as {@link Entity entities}: the one place that decides, per type, what the stable
 * id is, what a person reads as its name, and which fields are compared. Both the snapshot diff
 * and the drift check read snapshots only through this class.
 *
 * <p>Fields that change on every run without anyone changing anything (last sign-in, last
 * sync, role last used, provisioning request ids) are deliberately not compared: they would
 * bury the real changes. Nor are expiry times (signing keys are compared by kid, SAML providers
 * by name): rotation shows as a kid added and removed, and expiry is the rules' concern.
 */
public final class SnapshotEntities {
    private SnapshotEntities() {}

    static final String SEP = "|";
    static final String ARROW = " → ";

    /** Every entity of the snapshot by type, each list sorted by key. Types with nothing map to an empty list. */
    public static Map<EntityType, List<Entity>> of(Snapshot snapshot) {
        Map<EntityType, List<Entity>> out = new EnumMap<>(EntityType.class);
        for (EntityType t : EntityType.values()) {
            out.put(t, new ArrayList<>());
        }
        if (snapshot.okta() != null) {
            addOkta(snapshot.okta(), out);
        }
        if (snapshot.aws() != null) {
            addAws(snapshot.aws(), out);
        }
        out.replaceAll((t, list) -> list.stream().sorted(Comparator.comparing(Entity::key)).toList());
        return out;
    }

    /** How an assignment is named, by the snapshot and by desired-state readers alike. */
    public static String assignmentName(String principalType, String principal, String permissionSet, String accountId) {
        return principalType + " " + principal + ARROW + permissionSet + ARROW + accountId;
    }

    /** The model's declaration ({@link AssignmentsView#key}), so an assignment has one identity everywhere. */
    static String assignmentId(String permissionSetArn, String accountId, String principalType, String principalId) {
        return AssignmentsView.key(permissionSetArn, accountId, principalType, principalId);
    }

    /** How a group membership is named: {@code group / member}. */
    public static String membershipName(String group, String member) {
        return group + " / " + member;
    }

    static String membershipId(String groupId, String memberId) {
        return groupId + SEP + memberId;
    }

    /** True for the types that live in one member account (an issue for that account covers them). */
    static boolean perAccount(EntityType type) {
        return switch (type) {
            // An account instance is listed from inside the account that owns it.
            case IAM_RESERVED_ROLE, IAM_SAML_PROVIDER, IAM_USER, IDC_ASSIGNMENT, IDC_INSTANCE -> true;
            default -> false;
        };
    }

    /** The member account of a {@link #perAccount} entity, from its id as built here; null when it cannot be told. */
    static String accountIdOf(Entity e) {
        if (e.id() == null) {
            return null;
        }
        return switch (e.type()) {
            case IAM_RESERVED_ROLE, IAM_USER -> e.id().contains(SEP) ? e.id().substring(0, e.id().indexOf(SEP)) : null;
            case IAM_SAML_PROVIDER -> accountOf(e.id());
            case IDC_INSTANCE -> e.value("ownerAccountId");
            case IDC_ASSIGNMENT -> {
                String[] parts = e.id().split(java.util.regex.Pattern.quote(SEP), -1);
                yield parts.length == 4 ? parts[1] : null;
            }
            default -> null;
        };
    }

    /** True for the types that belong to one Okta app (an issue for that app covers them). */
    static boolean perApp(EntityType type) {
        return switch (type) {
            case OKTA_AWS_APP_SETTINGS, OKTA_APP_USER, OKTA_APP_GROUP, OKTA_PUSH_MAPPING -> true;
            default -> false;
        };
    }

    /** The Okta app of a {@link #perApp} entity; null when it cannot be told (a push mapping names its app by label). */
    static String appIdOf(Entity e) {
        if (e.id() == null) {
            return null;
        }
        return switch (e.type()) {
            case OKTA_AWS_APP_SETTINGS -> e.id();
            case OKTA_APP_USER, OKTA_APP_GROUP -> e.id().contains(SEP) ? e.id().substring(0, e.id().indexOf(SEP)) : null;
            default -> null;
        };
    }

    /** The account id inside an ARN ({@code arn:aws:iam::123456789012:...}), or null. */
    static String accountOf(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        return parts.length >= 5 && !parts[4].isEmpty() ? parts[4] : null;
    }

    private static void addOkta(OktaSnapshot okta, Map<EntityType, List<Entity>> out) {
        Map<String, String> loginById = index(okta.users(), OktaSnapshot.User::id, OktaSnapshot.User::login);
        Map<String, String> groupName = index(okta.groups(), OktaSnapshot.Group::id, OktaSnapshot.Group::name);

        for (var u : okta.users()) {
            out.get(EntityType.OKTA_USER).add(new Entity(EntityType.OKTA_USER, u.id(), u.login(), List.of(
                    scalar("login", u.login()), scalar("email", u.email()), scalar("firstName", u.firstName()),
                    scalar("lastName", u.lastName()), scalar("status", u.status()))));
        }
        for (var g : okta.groups()) {
            out.get(EntityType.OKTA_GROUP).add(new Entity(EntityType.OKTA_GROUP, g.id(), g.name(), List.of(
                    scalar("name", g.name()), scalar("description", g.description()), scalar("type", g.type()))));
        }
        for (var members : okta.groupMembers()) {
            String group = nameOr(groupName, members.groupId());
            for (String userId : members.userIds()) {
                String user = nameOr(loginById, userId);
                out.get(EntityType.OKTA_GROUP_MEMBERSHIP).add(new Entity(EntityType.OKTA_GROUP_MEMBERSHIP,
                        membershipId(members.groupId(), userId), membershipName(group, user),
                        List.of(scalar("group", group), scalar("user", user))));
            }
        }
        for (var app : okta.apps()) {
            out.get(EntityType.OKTA_APP).add(new Entity(EntityType.OKTA_APP, app.id(), app.label(), List.of(
                    scalar("label", app.label()), scalar("name", app.name()), scalar("status", app.status()),
                    scalar("signOnMode", app.signOnMode()))));
        }
        for (var app : okta.awsApps()) {
            addAwsApp(app, loginById, groupName, out);
        }
    }

    /** A sign-on rule's verification: an ASSURANCE factorMode, or each method chain's steps. */
    private static String verification(OktaSnapshot.PolicyRule r) {
        if (r.chains().isEmpty()) {
            return r.verificationMethod() == null || "ASSURANCE".equals(r.verificationMethod())
                    ? String.valueOf(r.factorMode()) : r.verificationMethod();
        }
        return r.verificationMethod() + " " + r.chains().stream()
                .map(chain -> chain.steps().stream()
                        .map(step -> step.methods().stream().map(m -> m.key() + " " + m.method()).collect(Collectors.joining(" or ")))
                        .collect(Collectors.joining(" then ")))
                .collect(Collectors.joining("; "));
    }

    private static void addAwsApp(OktaSnapshot.AwsApp app, Map<String, String> loginById, Map<String, String> groupName,
            Map<EntityType, List<Entity>> out) {
        String in = " in " + app.label();
        List<String> features = new ArrayList<>();
        for (var f : app.features()) {
            features.add(f.name() + ": " + f.status());
            f.capabilities().forEach((cap, status) -> features.add(f.name() + " " + cap + ": " + status));
        }
        var c = app.defaultConnection();
        var policy = app.accessPolicy();
        String policyText = policy == null ? null : policy.name() + " (" + policy.status() + ")\n"
                + policy.rules().stream()
                        .sorted(Comparator.comparing((OktaSnapshot.PolicyRule r) -> r.priority() == null ? Integer.MAX_VALUE : r.priority())
                                .thenComparing(OktaSnapshot.PolicyRule::name, Comparator.nullsFirst(Comparator.naturalOrder())))
                        .map(r -> "priority " + r.priority() + " " + r.name() + ": " + r.access() + " " + verification(r) + " (" + r.status() + ")")
                        .collect(Collectors.joining("\n"));
        out.get(EntityType.OKTA_AWS_APP_SETTINGS).add(new Entity(EntityType.OKTA_AWS_APP_SETTINGS, app.id(), app.label(), List.of(
                scalar("label", app.label()), scalar("status", app.status()),
                // the app object's features: what a change of Create, Update or Deactivate Users shows as
                set("appFeatures", app.appFeatures() == null ? List.of() : app.appFeatures()), set("features", features),
                scalar("defaultConnection", c == null ? null : c.authScheme() + " " + c.status() + " " + c.baseUrl()),
                set("signingKeys", app.signingKeys().stream().map(OktaSnapshot.SigningKey::kid).toList()),
                scalar("signingKid", app.signingKid()),
                text("accessPolicy", policyText))));

        for (var u : app.users()) {
            String login = loginById.getOrDefault(u.userId(), u.userName());
            out.get(EntityType.OKTA_APP_USER).add(new Entity(EntityType.OKTA_APP_USER, AppUsersView.key(app.id(), u.userId()), login + in, List.of(
                    scalar("externalId", u.externalId()), scalar("userName", u.userName()), scalar("scope", u.scope()),
                    scalar("status", u.status()), scalar("syncState", u.syncState()))));
        }
        for (var g : app.groups()) {
            out.get(EntityType.OKTA_APP_GROUP).add(new Entity(EntityType.OKTA_APP_GROUP, app.id() + SEP + g.groupId(),
                    nameOr(groupName, g.groupId()) + in, List.of(scalar("priority", g.priority()))));
        }
        for (var m : app.pushMappings()) {
            String source = nameOr(groupName, m.sourceGroupId());
            out.get(EntityType.OKTA_PUSH_MAPPING).add(new Entity(EntityType.OKTA_PUSH_MAPPING, m.id(), source, List.of(
                    scalar("app", app.label()), scalar("sourceGroupId", m.sourceGroupId()),
                    scalar("targetGroupId", m.targetGroupId()), scalar("status", m.status()),
                    scalar("errorSummary", m.errorSummary()))));
        }
    }

    private static void addAws(AwsSnapshot aws, Map<EntityType, List<Entity>> out) {
        var org = aws.organization();
        if (org != null) {
            out.get(EntityType.AWS_ORGANIZATION).add(new Entity(EntityType.AWS_ORGANIZATION, org.id(), org.id(), List.of(
                    scalar("featureSet", org.featureSet()), scalar("managementAccountId", org.managementAccountId()),
                    set("enabledFeatures", org.enabledFeatures()))));
        }
        Map<String, String> accountName = index(aws.accounts(), AwsSnapshot.Account::id, AwsSnapshot.Account::name);
        for (var a : aws.accounts()) {
            out.get(EntityType.AWS_ACCOUNT).add(new Entity(EntityType.AWS_ACCOUNT, a.id(), a.name() + " (" + a.id() + ")", List.of(
                    scalar("name", a.name()), scalar("email", a.email()), scalar("state", a.state()), scalar("ouPath", a.ouPath()))));
        }
        for (var ou : aws.organizationalUnits()) {
            out.get(EntityType.AWS_ORGANIZATIONAL_UNIT).add(new Entity(EntityType.AWS_ORGANIZATIONAL_UNIT, ou.id(), ou.path(), List.of(
                    scalar("name", ou.name()), scalar("path", ou.path()), scalar("parentId", ou.parentId()))));
        }
        for (var scp : aws.serviceControlPolicies()) {
            out.get(EntityType.AWS_SCP).add(new Entity(EntityType.AWS_SCP, scp.id(), scp.name(), List.of(
                    scalar("name", scp.name()), scalar("description", scp.description()), scalar("awsManaged", scp.awsManaged()),
                    set("targets", scp.targets().stream().map(t -> t.type() + " " + t.targetId() + " (" + t.name() + ")").toList()),
                    text("content", Policies.canonical(scp.content())))));
        }
        for (var t : aws.trails()) {
            out.get(EntityType.AWS_TRAIL).add(new Entity(EntityType.AWS_TRAIL, t.arn() != null ? t.arn() : t.name(), t.name(), List.of(
                    scalar("homeRegion", t.homeRegion()), scalar("organizationTrail", t.organizationTrail()),
                    scalar("multiRegion", t.multiRegion()), scalar("logging", t.logging()))));
        }
        if (aws.identityCenter() != null) {
            addIdentityCenter(aws.identityCenter(), accountName, out);
        }
        for (var member : aws.memberAccounts()) {
            String in = " in " + member.accountId();
            for (var r : member.reservedRoles()) {
                out.get(EntityType.IAM_RESERVED_ROLE).add(new Entity(EntityType.IAM_RESERVED_ROLE, ReservedRolesView.key(member.accountId(), r.roleName()),
                        r.roleName() + in, List.of(scalar("account", member.accountId()), scalar("permissionSet", r.permissionSetName()),
                                scalar("path", r.path()))));
            }
            for (var p : member.samlProviders()) {
                out.get(EntityType.IAM_SAML_PROVIDER).add(new Entity(EntityType.IAM_SAML_PROVIDER,
                        SamlProvidersView.key(member.accountId(), p.arn(), p.name()), p.name() + in, List.of(
                        scalar("name", p.name()), scalar("account", member.accountId()))));
            }
            for (var row : member.credentialReport()) {
                out.get(EntityType.IAM_USER).add(new Entity(EntityType.IAM_USER, IamUsersView.key(member.accountId(), row.user()), row.user() + in, List.of(
                        scalar("passwordEnabled", row.passwordEnabled()), scalar("mfaActive", row.mfaActive()),
                        scalar("accessKey1Active", row.accessKey1Active()), scalar("accessKey2Active", row.accessKey2Active()))));
            }
        }
    }

    private static void addIdentityCenter(AwsSnapshot.IdentityCenter idc, Map<String, String> accountName,
            Map<EntityType, List<Entity>> out) {
        Map<String, String> psName = index(idc.permissionSets(), AwsSnapshot.PermissionSet::arn, AwsSnapshot.PermissionSet::name);
        Map<String, String> userName = index(idc.users(), AwsSnapshot.IdentityStoreUser::userId, AwsSnapshot.IdentityStoreUser::userName);
        Map<String, String> groupName = index(idc.groups(), AwsSnapshot.IdentityStoreGroup::groupId, AwsSnapshot.IdentityStoreGroup::displayName);

        for (var i : idc.instances()) {
            out.get(EntityType.IDC_INSTANCE).add(new Entity(EntityType.IDC_INSTANCE, i.instanceArn(),
                    i.name() != null ? i.name() : i.instanceArn(), List.of(scalar("identityStoreId", i.identityStoreId()),
                            scalar("ownerAccountId", i.ownerAccountId()), scalar("status", i.status()))));
        }
        for (var ps : idc.permissionSets()) {
            out.get(EntityType.IDC_PERMISSION_SET).add(permissionSet(ps));
        }
        for (var a : idc.assignments()) {
            String principal = "USER".equals(a.principalType()) ? nameOr(userName, a.principalId()) : nameOr(groupName, a.principalId());
            String ps = nameOr(psName, a.permissionSetArn());
            String account = accountName.containsKey(a.accountId()) ? a.accountId() + " (" + accountName.get(a.accountId()) + ")" : a.accountId();
            out.get(EntityType.IDC_ASSIGNMENT).add(new Entity(EntityType.IDC_ASSIGNMENT,
                    assignmentId(a.permissionSetArn(), a.accountId(), a.principalType(), a.principalId()),
                    assignmentName(a.principalType(), principal, ps, a.accountId()), List.of(
                            scalar("principalType", a.principalType()), scalar("principal", principal),
                            scalar("permissionSet", ps), scalar("account", account))));
        }
        for (var u : idc.users()) {
            out.get(EntityType.IDC_USER).add(new Entity(EntityType.IDC_USER, u.userId(), u.userName(), List.of(
                    scalar("userName", u.userName()), scalar("displayName", u.displayName()),
                    scalar("primaryEmail", u.primaryEmail()), set("externalIds", externalIds(u.externalIds())),
                    scalar("userStatus", u.userStatus()))));
        }
        for (var g : idc.groups()) {
            out.get(EntityType.IDC_GROUP).add(new Entity(EntityType.IDC_GROUP, g.groupId(), g.displayName(), List.of(
                    scalar("displayName", g.displayName()), scalar("description", g.description()),
                    set("externalIds", externalIds(g.externalIds())))));
        }
        for (var m : idc.groupMemberships()) {
            String group = nameOr(groupName, m.groupId());
            String user = nameOr(userName, m.userId());
            out.get(EntityType.IDC_GROUP_MEMBERSHIP).add(new Entity(EntityType.IDC_GROUP_MEMBERSHIP,
                    membershipId(m.groupId(), m.userId()), membershipName(group, user),
                    List.of(scalar("group", group), scalar("user", user))));
        }
    }

    private static Entity permissionSet(AwsSnapshot.PermissionSet ps) {
        var b = ps.permissionsBoundary();
        String boundary = b == null ? ""
                : permissionsBoundary(b.managedPolicyArn(), b.customerManagedPolicyPath(), b.customerManagedPolicyName());
        return new Entity(EntityType.IDC_PERMISSION_SET, ps.arn(), ps.name(), List.of(
                scalar("name", ps.name()), scalar("description", ps.description()),
                scalar("sessionDuration", ps.sessionDuration()), scalar("relayState", ps.relayState()),
                set("managedPolicies", ps.awsManagedPolicies().stream().map(AwsSnapshot.ManagedPolicy::arn).toList()),
                set("customerManagedPolicies", ps.customerManagedPolicies().stream().map(p -> customerPolicy(p.path(), p.name())).toList()),
                text("inlinePolicy", Objects.requireNonNullElse(Policies.canonical(ps.inlinePolicy()), "")),
                scalar("permissionsBoundary", boundary),
                set("outdatedAccounts", ps.outdatedAccountIds())));
    }

    /** A permissions boundary as one string: the managed policy ARN, or the customer policy's path and name. */
    static String permissionsBoundary(String managedPolicyArn, String customerPath, String customerName) {
        return managedPolicyArn != null ? managedPolicyArn : customerPolicy(customerPath, customerName);
    }

    /** A customer managed policy reference as one string: path and name, e.g. {@code /team/DenyBilling}. */
    static String customerPolicy(String path, String name) {
        String p = path == null || path.isEmpty() ? "/" : path;
        return (p.endsWith("/") ? p : p + "/") + name;
    }

    static List<String> externalIds(List<AwsSnapshot.ExternalId> ids) {
        return ids.stream().map(e -> e.issuer() + " " + e.id()).toList();
    }

    private static <T> Map<String, String> index(List<T> items, Function<T, String> key, Function<T, String> value) {
        Map<String, String> map = new HashMap<>();
        for (T item : items) {
            if (key.apply(item) != null && value.apply(item) != null) {
                map.putIfAbsent(key.apply(item), value.apply(item));
            }
        }
        return map;
    }

    private static String nameOr(Map<String, String> names, String id) {
        return Objects.requireNonNullElse(names.get(id), id);
    }
}
