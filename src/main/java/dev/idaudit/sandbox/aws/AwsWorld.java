package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.BadInputException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The AWS side of a scenario as the emulator serves it: read once from aws.yaml, times
 * resolved against the moment of loading, references between entities checked. Immutable.
 */
final class AwsWorld {

    static final String RESERVED_SSO_PATH = "/aws-reserved/sso.amazonaws.com/";
    static final List<String> ACCOUNT_STATES = List.of("PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED");

    record Caller(String arn, String userId) {}

    record Organization(String id, String featureSet, String managementAccountId, List<String> enabledFeatures, String rootId, String rootName) {
        String arn() {
            return "arn:aws:organizations::" + managementAccountId + ":organization/" + id;
        }
    }

    record OrganizationalUnit(String id, String name, String parentId) {}

    record Account(String id, String name, String email, String parentId, String state, String joinedMethod, Instant joined) {}

    record ServiceControlPolicy(String id, String name, String description, boolean awsManaged, List<String> targets, String content) {}

    record Trail(String name, String homeRegion, boolean organizationTrail, boolean multiRegion, String bucket,
                 boolean logging, Instant loggingSince, Instant stoppedAt) {}

    record Instance(String id, String name, String ownerAccountId, String identityStoreId, String status, Instant created) {
        String arn() {
            return "arn:aws:sso:::instance/" + id;
        }
    }

    record CustomerManagedPolicy(String name, String path) {}

    /** Exactly one of the two is set. */
    record PermissionsBoundary(CustomerManagedPolicy customerManagedPolicy, String managedPolicyArn) {}

    record PermissionSet(String id, String instanceId, String name, String description, String sessionDuration, String relayState,
                         Instant created, List<String> managedPolicyArns, List<CustomerManagedPolicy> customerManagedPolicies,
                         String inlinePolicy, PermissionsBoundary permissionsBoundary, List<String> provisioned, List<String> outdated) {
        String arn() {
            return "arn:aws:sso:::permissionSet/" + instanceId + "/" + id;
        }
    }

    record Assignment(PermissionSet permissionSet, String principalType, String principalId, String accountId) {}

    record ProvisioningRequest(String id, PermissionSet permissionSet, String accountId, String status, String failureReason, Instant created) {}

    record User(String id, String userName, String givenName, String familyName, String email, String externalId, String status, Instant created) {
        String displayName() {
            return givenName + " " + familyName;
        }
    }

    record Group(String id, String displayName, String description, String externalId, List<String> memberIds, Instant created) {}

    record IdentityStore(String id, String externalIssuer, List<User> users, List<Group> groups) {}

    record Role(String name, String path, Instant created, Instant lastUsed, String trustedAccount, String trustedService,
                String trustedSamlProvider) {
        boolean reserved() {
            return path.equals(RESERVED_SSO_PATH);
        }
    }

    record SamlProvider(String name, Instant created, Instant validUntil) {}

    record AccessKey(boolean active, Instant lastRotated, Instant lastUsed, String region, String service) {}

    /** One row of the credential report; {@code <root_account>} is the root user. */
    record CredentialReportUser(String user, Instant created, boolean passwordEnabled, Instant passwordLastUsed, boolean mfaActive,
                                AccessKey accessKey1, AccessKey accessKey2) {
        boolean root() {
            return user.equals("<root_account>");
        }
    }

    record MemberAccount(String accountId, List<Role> roles, List<SamlProvider> samlProviders, List<CredentialReportUser> credentialReport) {}

    final Instant loadedAt;
    final String region;
    final Caller caller;
    final String memberRole;
    final Set<String> unassumableAccounts;
    /** ListInstances leaves Status out (as before 2023), so a client must ask DescribeInstance. */
    final boolean instancesListedWithoutStatus;
    final Organization organization;
    final List<OrganizationalUnit> organizationalUnits;
    final List<Account> accounts;
    final List<ServiceControlPolicy> policies;
    final List<Trail> trails;
    final List<Instance> instances;
    final List<PermissionSet> permissionSets;
    final List<Assignment> assignments;
    final List<ProvisioningRequest> provisioningRequests;
    final Map<String, IdentityStore> identityStores;
    final Map<String, MemberAccount> memberAccounts;

    // Indexes for the lookups every call makes, so that large generated scenarios stay fast.
    private final Map<String, Account> accountsById;
    private final Map<String, List<Assignment>> assignmentsByPermissionSetAndAccount;

    private AwsWorld(DataNode root, Instant now) {
        loadedAt = now;
        region = root.has("region") ? root.text("region") : "us-east-1";
        DataNode callerNode = root.child("caller");
        caller = new Caller(callerNode.text("arn"), callerNode.text("userId"));
        memberRole = root.text("memberRole");
        unassumableAccounts = Set.copyOf(root.texts("unassumableAccounts"));
        instancesListedWithoutStatus = root.bool("instancesListedWithoutStatus", false);

        DataNode org = root.child("organization");
        DataNode orgRoot = org.child("root");
        organization = new Organization(org.text("id"), org.oneOf("featureSet", "ALL", List.of("ALL", "CONSOLIDATED_BILLING")),
                org.text("managementAccount"), org.texts("enabledFeatures"), orgRoot.text("id"), orgRoot.text("name"));
        organizationalUnits = root.list("organizationalUnits", n -> new OrganizationalUnit(n.text("id"), n.text("name"), n.text("parent")));
        accounts = root.list("accounts", n -> new Account(n.text("id"), n.text("name"), n.text("email"), n.text("parent"),
                n.oneOf("state", "ACTIVE", ACCOUNT_STATES), n.oneOf("joinedMethod", "CREATED", List.of("INVITED", "CREATED")),
                n.instant("joined")));
        accountsById = accounts.stream().collect(Collectors.toMap(Account::id, Function.identity(), (a, b) -> {
            throw root.error("accounts: " + a.id() + " is listed twice");
        }, LinkedHashMap::new));
        Set<String> parents = organizationalUnits.stream().map(OrganizationalUnit::id).collect(Collectors.toSet());
        parents.add(organization.rootId());
        for (DataNode n : root.list("organizationalUnits")) {
            requireIn(parents, n.text("parent"), n, "parent");
        }
        for (DataNode n : root.list("accounts")) {
            requireIn(parents, n.text("parent"), n, "parent");
        }
        Set<String> accountIds = accounts.stream().map(Account::id).collect(Collectors.toSet());
        requireIn(accountIds, organization.managementAccountId(), org, "managementAccount");

        Set<String> targets = new HashSet<>(parents);
        targets.addAll(accountIds);
        policies = root.list("serviceControlPolicies", n -> {
            List<String> policyTargets = n.texts("targets");
            policyTargets.forEach(t -> requireIn(targets, t, n, "targets"));
            return new ServiceControlPolicy(n.text("id"), n.text("name"), n.optText("description"), n.bool("awsManaged", false),
                    policyTargets, n.text("content"));
        });
        trails = root.list("trails", n -> new Trail(n.text("name"), n.text("homeRegion"), n.bool("organizationTrail", false),
                n.bool("multiRegion", false), n.text("bucket"), n.bool("logging", true), n.instant("loggingSince"), n.optInstant("stoppedAt")));

        DataNode ic = root.child("identityCenter");
        instances = ic.list("instances", n -> new Instance(n.text("id"), n.text("name"), n.text("owner"), n.text("identityStore"),
                n.oneOf("status", "ACTIVE", List.of("CREATE_IN_PROGRESS", "CREATE_FAILED", "DELETE_IN_PROGRESS", "ACTIVE")),
                n.instant("created")));
        Set<String> instanceIds = instances.stream().map(Instance::id).collect(Collectors.toSet());
        permissionSets = ic.list("permissionSets", n -> {
            requireIn(instanceIds, n.text("instance"), n, "instance");
            PermissionsBoundary boundary = null;
            if (n.has("permissionsBoundary")) {
                DataNode b = n.child("permissionsBoundary");
                boundary = b.has("customerManagedPolicy")
                        ? new PermissionsBoundary(customerPolicy(b.child("customerManagedPolicy")), null)
                        : new PermissionsBoundary(null, b.text("managedPolicyArn"));
            }
            List<String> provisioned = n.texts("provisioned");
            List<String> outdated = n.texts("outdated");
            provisioned.forEach(a -> requireIn(accountIds, a, n, "provisioned"));
            outdated.forEach(a -> requireIn(accountIds, a, n, "outdated"));
            return new PermissionSet(n.text("id"), n.text("instance"), n.text("name"), n.optText("description"),
                    n.text("sessionDuration"), n.optText("relayState"), n.instant("created"), n.texts("managedPolicies"),
                    n.list("customerManagedPolicies", AwsWorld::customerPolicy), n.optText("inlinePolicy"), boundary,
                    provisioned, outdated);
        });
        Map<String, PermissionSet> setsByName = permissionSets.stream()
                .collect(Collectors.toMap(PermissionSet::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        assignments = ic.list("assignments").stream().flatMap(n -> {
            PermissionSet ps = lookup(setsByName, n.text("permissionSet"), n, "permissionSet");
            String type = n.oneOf("principalType", null, List.of("USER", "GROUP"));
            String principal = n.text("principalId");
            List<String> assignedAccounts = n.texts("accounts");
            assignedAccounts.forEach(a -> requireIn(accountIds, a, n, "accounts"));
            return assignedAccounts.stream().map(a -> new Assignment(ps, type, principal, a));
        }).toList();
        assignmentsByPermissionSetAndAccount = assignments.stream().collect(Collectors.groupingBy(
                a -> a.permissionSet().arn() + "|" + a.accountId(), LinkedHashMap::new, Collectors.toList()));
        provisioningRequests = ic.list("provisioningRequests", n -> new ProvisioningRequest(n.text("id"),
                lookup(setsByName, n.text("permissionSet"), n, "permissionSet"), n.text("account"),
                n.oneOf("status", null, List.of("IN_PROGRESS", "FAILED", "SUCCEEDED")), n.optText("failureReason"), n.instant("created")));

        identityStores = new LinkedHashMap<>();
        for (DataNode store : root.entries("identityStores")) {
            String issuer = store.text("externalIssuer");
            List<User> users = store.list("users", n -> new User(n.text("id"), n.text("userName"), n.text("givenName"),
                    n.text("familyName"), n.text("email"), n.optText("externalId"),
                    // status: null serves the user without UserStatus, which the API model does not require.
                    n.isExplicitNull("status") ? null : n.oneOf("status", "ENABLED", List.of("ENABLED", "DISABLED")),
                    n.instant("created")));
            Set<String> userIds = users.stream().map(User::id).collect(Collectors.toSet());
            List<Group> groups = store.list("groups", n -> {
                List<String> members = n.texts("members");
                members.forEach(m -> requireIn(userIds, m, n, "members"));
                return new Group(n.text("id"), n.text("name"), n.optText("description"), n.optText("externalId"), members,
                        n.instant("created"));
            });
            identityStores.put(store.name(), new IdentityStore(store.name(), issuer, users, groups));
        }
        for (DataNode n : ic.list("instances")) {
            requireIn(identityStores.keySet(), n.text("identityStore"), n, "identityStore");
        }

        memberAccounts = new LinkedHashMap<>();
        for (DataNode member : root.entries("memberAccounts")) {
            requireIn(accountIds, member.name(), member, "account id");
            memberAccounts.put(member.name(), new MemberAccount(member.name(),
                    member.list("roles", n -> new Role(n.text("name"), n.text("path"), n.instant("created"), n.optInstant("lastUsed"),
                            n.optText("trustedAccount"), n.optText("trustedService"), n.optText("trustedSamlProvider"))),
                    member.list("samlProviders", n -> new SamlProvider(n.text("name"), n.instant("created"), n.instant("validUntil"))),
                    member.list("credentialReport", n -> new CredentialReportUser(n.text("user"), n.instant("created"),
                            n.bool("passwordEnabled", false), n.optInstant("passwordLastUsed"), n.bool("mfaActive", false),
                            accessKey(n, "accessKey1"), accessKey(n, "accessKey2")))));
            MemberAccount added = memberAccounts.get(member.name());
            if (added.roles().stream().anyMatch(Role::reserved) && identityCenterSamlProvider(added).isEmpty()) {
                throw member.error("has roles under " + RESERVED_SSO_PATH + " but no AWSSSO_*_DO_NOT_DELETE SAML provider for them to trust");
            }
        }
    }

    /** Reads the AWS part of a scenario, resolving relative times against {@code now}. */
    static AwsWorld read(String scenarioName, JsonNode aws, Instant now) {
        if (aws == null || !aws.isObject()) {
            throw new BadInputException("scenario " + scenarioName + ": aws.yaml is empty or not a mapping");
        }
        return new AwsWorld(new DataNode(aws, "scenario " + scenarioName + " aws.yaml", "", now.truncatedTo(ChronoUnit.SECONDS)),
                now.truncatedTo(ChronoUnit.SECONDS));
    }

    private static CustomerManagedPolicy customerPolicy(DataNode n) {
        return new CustomerManagedPolicy(n.text("name"), n.has("path") ? n.text("path") : "/");
    }

    private static AccessKey accessKey(DataNode row, String key) {
        if (!row.has(key)) {
            return null;
        }
        DataNode n = row.child(key);
        return new AccessKey(n.bool("active", false), n.instant("lastRotated"), n.optInstant("lastUsed"), n.optText("region"),
                n.optText("service"));
    }

    private static void requireIn(Set<String> known, String value, DataNode where, String key) {
        if (!known.contains(value)) {
            throw where.error("'" + key + "' names " + value + ", which is not defined in this file");
        }
    }

    private static <T> T lookup(Map<String, T> byName, String name, DataNode where, String key) {
        T found = byName.get(name);
        if (found == null) {
            throw where.error("'" + key + "' names " + name + ", which is not defined in this file (known: " + byName.keySet() + ")");
        }
        return found;
    }

    // ---- lookups the services share ----

    /** The SAML provider Identity Center made in the account, which its reserved roles trust. */
    static Optional<String> identityCenterSamlProvider(MemberAccount account) {
        return account.samlProviders().stream().map(SamlProvider::name)
                .filter(n -> n.startsWith("AWSSSO_") && n.endsWith("_DO_NOT_DELETE")).findFirst();
    }

    String managementAccountId() {
        return organization.managementAccountId();
    }

    Optional<Account> account(String id) {
        return Optional.ofNullable(accountsById.get(id));
    }

    /** The assignments of one permission set in one account (ListAccountAssignments). */
    List<Assignment> assignments(PermissionSet permissionSet, String accountId) {
        return assignmentsByPermissionSetAndAccount.getOrDefault(permissionSet.arn() + "|" + accountId, List.of());
    }

    Optional<Instance> instanceByArn(String arn) {
        return instances.stream().filter(i -> i.arn().equals(arn)).findFirst();
    }

    Optional<MemberAccount> memberAccount(String accountId) {
        return Optional.ofNullable(memberAccounts.get(accountId));
    }
}
