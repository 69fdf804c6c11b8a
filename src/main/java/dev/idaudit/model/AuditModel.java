package dev.idaudit.model;

import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The audit model: a snapshot with both sides joined, built once and read by the rules and
 * the reports. Joins: Okta user ↔ app user ↔ Identity Store user (AppUser.externalId = UserId,
 * else ExternalIds[].Id = Okta user id, else UserName = Okta login); Okta group ↔ push mapping
 * ↔ Identity Store group; assignment ↔ principal ↔ permission set ↔ account ↔ reserved role.
 *
 * <p>"Now" for ages (days since sign-in, days left on a key) is the time the snapshot was
 * finished, so a stored snapshot gives the same findings whenever it is checked.
 */
public final class AuditModel {
    /** AWS managed policies that grant control of identity or the organization. */
    private static final List<String> ESCALATING_MANAGED_POLICIES = List.of(
            "IAMFullAccess", "AWSSSOMasterAccountAdministrator", "AWSSSOMemberAccountAdministrator",
            "AWSSSODirectoryAdministrator", "AWSOrganizationsFullAccess");
    /** The service wildcards a non-admin permission set must not allow on *. */
    public static final List<String> PRIVILEGED_SERVICES = List.of(
            "sso:*", "sso-directory:*", "identitystore:*", "organizations:*", "iam:*");

    private final Snapshot snapshot;
    private final Instant asOf;
    private final Views.Organization organization;
    private final List<Views.AwsApp> awsApps;
    private final List<Views.OktaApp> oktaApps;
    private final List<Views.AppUser> appUsers;
    private final List<Views.SigningKey> signingKeys;
    private final List<Views.SignOnRule> signOnRules;
    private final List<Views.OktaUser> oktaUsers;
    private final List<Views.IdcUser> idcUsers;
    private final List<Views.IdcGroup> idcGroups;
    private final List<Views.PushMapping> pushMappings;
    private final List<Views.Instance> instances;
    private final List<Views.PermissionSet> permissionSets;
    private final List<Views.Assignment> assignments;
    private final List<Views.Account> accounts;
    private final List<Views.Scp> scps;
    private final List<Views.ReservedRole> reservedRoles;
    private final List<Views.SamlProvider> samlProviders;
    private final List<Views.IamUser> iamUsers;
    private final List<Views.Trail> trails;
    /** Built on first use: the reports read it, no built-in rule does (119,819 rows on the large scenario). */
    private final Supplier<List<Views.AccessPath>> accessMatrix;

    private AuditModel(Snapshot snapshot, Instant asOf) {
        this.snapshot = snapshot;
        this.asOf = asOf;
        Builder b = new Builder(snapshot, asOf);
        this.organization = b.organization();
        this.awsApps = b.awsApps();
        this.oktaApps = b.okta.apps().stream()
                .map(a -> new Views.OktaApp(a.id(), a.name(), a.label(), a.status(), a.signOnMode())).toList();
        this.appUsers = b.appUsers();
        this.signingKeys = b.signingKeys();
        this.signOnRules = b.signOnRules();
        this.pushMappings = b.pushMappings();
        this.accounts = b.accounts();
        this.scps = b.scps();
        this.permissionSets = b.permissionSets();
        this.assignments = b.assignments();
        this.accessMatrix = memoize(b::accessMatrix);
        this.idcUsers = b.idcUsers();
        this.oktaUsers = b.oktaUsers();
        this.idcGroups = b.idcGroups();
        this.instances = b.instances();
        this.reservedRoles = b.reservedRoles();
        this.samlProviders = b.samlProviders();
        this.iamUsers = b.iamUsers();
        this.trails = b.aws.trails().stream()
                .map(t -> new Views.Trail(t.name(), t.arn(), t.homeRegion(), t.organizationTrail(), t.multiRegion(), t.logging()))
                .toList();
    }

    /** Builds the model as of the time the snapshot was finished (or started; else now). */
    public static AuditModel of(Snapshot snapshot) {
        Instant asOf = snapshot.metadata() == null ? null
                : snapshot.metadata().finishedAt() != null ? snapshot.metadata().finishedAt() : snapshot.metadata().startedAt();
        return of(snapshot, asOf == null ? Instant.now() : asOf);
    }

    public static AuditModel of(Snapshot snapshot, Instant asOf) {
        return new AuditModel(Objects.requireNonNull(snapshot, "snapshot"), Objects.requireNonNull(asOf, "asOf"));
    }

    public Snapshot snapshot() { return snapshot; }
    public Instant asOf() { return asOf; }
    public String oktaOrgUrl() { return snapshot.okta() == null ? null : snapshot.okta().orgUrl(); }
    /** Null when the organization was not collected. */
    public Views.Organization organization() { return organization; }
    public List<Views.AwsApp> awsApps() { return awsApps; }
    public List<Views.OktaApp> oktaApps() { return oktaApps; }
    public List<Views.AppUser> appUsers() { return appUsers; }
    public List<Views.SigningKey> signingKeys() { return signingKeys; }
    public List<Views.SignOnRule> signOnRules() { return signOnRules; }
    public List<Views.OktaUser> oktaUsers() { return oktaUsers; }
    public List<Views.IdcUser> idcUsers() { return idcUsers; }
    public List<Views.IdcGroup> idcGroups() { return idcGroups; }
    public List<Views.PushMapping> pushMappings() { return pushMappings; }
    public List<Views.Instance> instances() { return instances; }
    public List<Views.PermissionSet> permissionSets() { return permissionSets; }
    public List<Views.Assignment> assignments() { return assignments; }
    public List<Views.Account> accounts() { return accounts; }
    public List<Views.Scp> scps() { return scps; }
    public List<Views.ReservedRole> reservedRoles() { return reservedRoles; }
    public List<Views.SamlProvider> samlProviders() { return samlProviders; }
    public List<Views.IamUser> iamUsers() { return iamUsers; }
    public List<Views.Trail> trails() { return trails; }

    /** Who reaches which account with which permission set, through which group (or directly). */
    public List<Views.AccessPath> accessMatrix() { return accessMatrix.get(); }

    /** Computes once, on the first call, from whichever thread; then lets go of what it computed from. */
    private static <T> Supplier<T> memoize(Supplier<T> compute) {
        return new Supplier<>() {
            private Supplier<T> pending = compute;
            private T value;

            @Override
            public synchronized T get() {
                if (pending != null) {
                    value = pending.get();
                    pending = null;
                }
                return value;
            }
        };
    }

    /** Identity Store users that match no Okta user (reconciliation: AWS side only). */
    public List<Views.IdcUser> identityCenterOnlyUsers() {
        return idcUsers.stream().filter(u -> u.oktaUserId() == null).toList();
    }

    /** Okta users assigned to an active AWS app that have no Identity Store user (Okta side only). */
    public List<Views.OktaUser> oktaOnlyUsers() {
        return oktaUsers.stream().filter(u -> u.assignedToAwsApp() && u.idcUserId() == null).toList();
    }

    /** Identity Store groups with no Okta group behind them (AWS side only). */
    public List<Views.IdcGroup> identityCenterOnlyGroups() {
        return idcGroups.stream().filter(g -> g.oktaGroupId() == null).toList();
    }

    /** Okta groups pushed by a mapping whose target is not in the Identity Store (Okta side only). */
    public List<Views.PushMapping> pushMappingsWithoutTarget() {
        Set<String> ids = idcGroups.stream().map(Views.IdcGroup::groupId).collect(Collectors.toSet());
        return pushMappings.stream().filter(m -> m.targetGroupId() == null || !ids.contains(m.targetGroupId())).toList();
    }

    /** The collection issues of the snapshot that concern {@code section} (either contains the other). */
    public List<CollectionIssue> issuesFor(String section) {
        return snapshot.collectionIssues().stream().filter(i -> Sections.overlaps(i.section(), section)).toList();
    }

    /** The one place that does the joins; its fields live only while the model is built. */
    private static final class Builder {
        final Snapshot snap;
        final Instant asOf;
        final OktaSnapshot okta;
        final AwsSnapshot aws;
        final AwsSnapshot.IdentityCenter idc;
        final Map<String, OktaSnapshot.User> oktaUserById;
        final Map<String, OktaSnapshot.User> oktaUserByLogin;
        final Map<String, OktaSnapshot.Group> oktaGroupById;
        final Map<String, AwsSnapshot.IdentityStoreUser> idsUserById;
        final Map<String, AwsSnapshot.IdentityStoreGroup> idsGroupById;
        final Map<String, AwsSnapshot.PermissionSet> psByArn;
        final Map<String, AwsSnapshot.Account> accountById;
        final Set<String> activeAppIds;
        /** Identity Store user id → Okta user id, with how it was joined. */
        final Map<String, String[]> idsToOkta = new LinkedHashMap<>();
        final Map<String, String> oktaToIds = new HashMap<>();
        final Map<String, List<String>> idsGroupsOfUser = new HashMap<>();
        final Map<String, List<String>> idsMembersOfGroup = new HashMap<>();
        List<Views.PermissionSet> psViews;

        Builder(Snapshot snap, Instant asOf) {
            this.snap = snap;
            this.asOf = asOf;
            this.okta = snap.okta() != null ? snap.okta() : new OktaSnapshot(null, null, null, null, null, null);
            this.aws = snap.aws() != null ? snap.aws()
                    : new AwsSnapshot(null, null, null, null, null, null, null, null, null);
            this.idc = aws.identityCenter() != null ? aws.identityCenter()
                    : new AwsSnapshot.IdentityCenter(null, null, null, null, null, null, null);
            oktaUserById = index(okta.users(), OktaSnapshot.User::id);
            oktaUserByLogin = index(okta.users().stream().filter(u -> u.login() != null).toList(), u -> lower(u.login()));
            oktaGroupById = index(okta.groups(), OktaSnapshot.Group::id);
            idsUserById = index(idc.users(), AwsSnapshot.IdentityStoreUser::userId);
            idsGroupById = index(idc.groups(), AwsSnapshot.IdentityStoreGroup::groupId);
            psByArn = index(idc.permissionSets(), AwsSnapshot.PermissionSet::arn);
            accountById = index(aws.accounts(), AwsSnapshot.Account::id);
            activeAppIds = okta.awsApps().stream().filter(a -> "ACTIVE".equals(a.status()))
                    .map(OktaSnapshot.AwsApp::id).collect(Collectors.toSet());
            for (AwsSnapshot.GroupMembership m : idc.groupMemberships()) {
                idsGroupsOfUser.computeIfAbsent(m.userId(), k -> new ArrayList<>()).add(m.groupId());
                idsMembersOfGroup.computeIfAbsent(m.groupId(), k -> new ArrayList<>()).add(m.userId());
            }
            joinUsers();
        }

        private void joinUsers() {
            Map<String, String> appUserByExternalId = new HashMap<>();
            for (OktaSnapshot.AwsApp app : okta.awsApps()) {
                for (OktaSnapshot.AppUser u : app.users()) {
                    if (u.externalId() != null && u.userId() != null) {
                        appUserByExternalId.putIfAbsent(u.externalId(), u.userId());
                    }
                }
            }
            for (AwsSnapshot.IdentityStoreUser u : idc.users()) {
                String oktaId = appUserByExternalId.get(u.userId());
                String by = "appUser.externalId";
                if (oktaId == null) {
                    by = "externalId";
                    oktaId = u.externalIds().stream().map(AwsSnapshot.ExternalId::id)
                            .filter(oktaUserById::containsKey).findFirst().orElse(null);
                }
                if (oktaId == null && u.userName() != null) {
                    by = "userName";
                    OktaSnapshot.User o = oktaUserByLogin.get(lower(u.userName()));
                    oktaId = o == null ? null : o.id();
                }
                if (oktaId != null) {
                    idsToOkta.put(u.userId(), new String[] {oktaId, by});
                    oktaToIds.putIfAbsent(oktaId, u.userId());
                }
            }
        }

        Views.Organization organization() {
            AwsSnapshot.Organization o = aws.organization();
            return o == null ? null : new Views.Organization(o.id(), o.featureSet(), o.managementAccountId(), o.enabledFeatures());
        }

        String managementAccountId() {
            return aws.organization() == null ? null : aws.organization().managementAccountId();
        }

        boolean collected(String section, String appId) {
            return snap.collectionIssues().stream().noneMatch(i -> Sections.overlaps(i.section(), section)
                    && (i.appId() == null || i.appId().equals(appId)));
        }

        List<Views.AwsApp> awsApps() {
            String primary = okta.awsApps().stream().filter(a -> "ACTIVE".equals(a.status()))
                    .sorted(Comparator.comparingInt((OktaSnapshot.AwsApp a) -> -a.users().size())
                            .thenComparing(OktaSnapshot.AwsApp::id))
                    .map(OktaSnapshot.AwsApp::id).findFirst().orElse(null);
            List<Views.AwsApp> out = new ArrayList<>();
            for (OktaSnapshot.AwsApp a : okta.awsApps()) {
                boolean featuresKnown = collected(Sections.OKTA_AWS_APP_FEATURES, a.id());
                boolean connectionKnown = collected(Sections.OKTA_AWS_APP_DEFAULT_CONNECTION, a.id()) && a.defaultConnection() != null;
                Optional<OktaSnapshot.Feature> prov = a.features().stream()
                        .filter(f -> "USER_PROVISIONING".equals(f.name())).findFirst();
                String provisioning;
                if (featuresKnown && prov.isPresent() && "ENABLED".equals(prov.get().status())) {
                    provisioning = "ENABLED";
                } else if (connectionKnown && "ENABLED".equals(a.defaultConnection().status())) {
                    provisioning = "ENABLED";
                } else if (featuresKnown || connectionKnown) {
                    provisioning = "DISABLED";
                } else {
                    provisioning = "UNKNOWN";
                }
                Function<String, String> capability = name -> {
                    if ("DISABLED".equals(provisioning)) {
                        return "DISABLED";
                    }
                    if (!featuresKnown) {
                        return "UNKNOWN";
                    }
                    return prov.map(f -> f.capabilities().getOrDefault(name, "DISABLED")).orElse("DISABLED");
                };
                out.add(new Views.AwsApp(a.id(), a.label(), a.status(), "ACTIVE".equals(a.status()), a.id().equals(primary),
                        featuresKnown, connectionKnown, provisioning, capability.apply("update.lifecycleDeactivate"),
                        capability.apply("create.lifecycleCreate"), capability.apply("update.profile"),
                        a.defaultConnection() == null ? null : a.defaultConnection().status(), a.users().size(),
                        a.accessPolicy() == null ? null : a.accessPolicy().id()));
            }
            return List.copyOf(out);
        }

        List<Views.AppUser> appUsers() {
            List<Views.AppUser> out = new ArrayList<>();
            for (OktaSnapshot.AwsApp a : okta.awsApps()) {
                for (OktaSnapshot.AppUser u : a.users()) {
                    OktaSnapshot.User o = oktaUserById.get(u.userId());
                    out.add(new Views.AppUser(a.id(), a.label(), "ACTIVE".equals(a.status()), u.userId(),
                            o == null ? u.userName() : o.login(), o == null ? null : o.status(), u.externalId(),
                            u.userName(), u.scope(), u.status(), u.syncState()));
                }
            }
            return List.copyOf(out);
        }

        List<Views.SigningKey> signingKeys() {
            List<Views.SigningKey> out = new ArrayList<>();
            for (OktaSnapshot.AwsApp a : okta.awsApps()) {
                for (OktaSnapshot.SigningKey k : a.signingKeys()) {
                    out.add(new Views.SigningKey(a.id(), a.label(), k.kid(), k.expiresAt(),
                            k.expiresAt() == null ? null : Duration.between(asOf, k.expiresAt()).toDays()));
                }
            }
            return List.copyOf(out);
        }

        List<Views.SignOnRule> signOnRules() {
            List<Views.SignOnRule> out = new ArrayList<>();
            for (OktaSnapshot.AwsApp a : okta.awsApps()) {
                OktaSnapshot.AccessPolicy p = a.accessPolicy();
                if (p == null) {
                    continue;
                }
                for (OktaSnapshot.PolicyRule r : p.rules()) {
                    out.add(new Views.SignOnRule(a.id(), a.label(), p.id(), p.name(), r.id(), r.name(), r.status(),
                            r.priority(), r.access(), r.factorMode()));
                }
            }
            return List.copyOf(out);
        }

        List<Views.PushMapping> pushMappings() {
            List<Views.PushMapping> out = new ArrayList<>();
            for (OktaSnapshot.AwsApp a : okta.awsApps()) {
                for (OktaSnapshot.PushMapping m : a.pushMappings()) {
                    OktaSnapshot.Group g = oktaGroupById.get(m.sourceGroupId());
                    out.add(new Views.PushMapping(m.id(), a.id(), m.sourceGroupId(), g == null ? null : g.name(),
                            m.targetGroupId(), m.status(), m.errorSummary()));
                }
            }
            return List.copyOf(out);
        }

        List<Views.Scp> scps() {
            return aws.serviceControlPolicies().stream().map(p -> {
                PolicyDocument doc = PolicyDocument.parse(p.content());
                return new Views.Scp(p.id(), p.name(), p.awsManaged(),
                        p.targets().stream().map(AwsSnapshot.Target::targetId).toList(), doc.deniedActions(), doc.regionAllowList());
            }).toList();
        }

        List<Views.Account> accounts() {
            Map<String, AwsSnapshot.OrganizationalUnit> ous = index(aws.organizationalUnits(), AwsSnapshot.OrganizationalUnit::id);
            List<Views.Scp> all = scps();
            List<Views.Account> out = new ArrayList<>();
            for (AwsSnapshot.Account a : aws.accounts()) {
                // The targets an SCP can be attached to above this account: itself, each OU up the path, and the root.
                Set<String> chain = new LinkedHashSet<>();
                chain.add(a.id());
                String parent = a.parentId();
                while (parent != null && chain.add(parent)) {
                    AwsSnapshot.OrganizationalUnit ou = ous.get(parent);
                    parent = ou == null ? null : ou.parentId();
                }
                List<Views.Scp> applied = all.stream().filter(p -> p.targetIds().stream().anyMatch(chain::contains)).toList();
                // Each region-locking SCP denies everything outside its list, so only regions in every list stay usable.
                List<String> regions = null;
                for (Views.Scp p : applied) {
                    if (!p.regionAllowList().isEmpty()) {
                        List<String> mine = p.regionAllowList();
                        regions = regions == null ? List.copyOf(mine) : regions.stream().filter(mine::contains).toList();
                    }
                }
                out.add(new Views.Account(a.id(), a.name(), a.state(), a.ouPath(), a.id().equals(managementAccountId()),
                        applied.stream().map(p -> p.name() != null ? p.name() : p.id()).toList(),
                        applied.stream().flatMap(p -> p.deniedActions().stream()).distinct().toList(),
                        regions == null ? List.of() : regions, regions != null));
            }
            return List.copyOf(out);
        }

        List<Views.PermissionSet> permissionSets() {
            Map<String, List<AwsSnapshot.Assignment>> byPs = idc.assignments().stream()
                    // an assignment without a permission set ARN (a broken snapshot) belongs to no permission set
                    .filter(a -> a.permissionSetArn() != null)
                    .collect(Collectors.groupingBy(AwsSnapshot.Assignment::permissionSetArn));
            // The latest provisioning request per (permission set, account) decides whether it last FAILED.
            Map<String, AwsSnapshot.ProvisioningRequest> latest = new HashMap<>();
            for (AwsSnapshot.ProvisioningRequest r : idc.provisioningRequests()) {
                String key = r.permissionSetArn() + "|" + r.accountId();
                AwsSnapshot.ProvisioningRequest prev = latest.get(key);
                if (prev == null || (r.createdDate() != null && (prev.createdDate() == null || r.createdDate().isAfter(prev.createdDate())))) {
                    latest.put(key, r);
                }
            }
            List<Views.PermissionSet> out = new ArrayList<>();
            for (AwsSnapshot.PermissionSet p : idc.permissionSets()) {
                PolicyDocument inline = PolicyDocument.parse(p.inlinePolicy());
                List<String> managed = p.awsManagedPolicies().stream()
                        .map(m -> m.name() != null ? m.name() : m.arn().substring(m.arn().lastIndexOf('/') + 1)).toList();
                boolean admin = managed.contains("AdministratorAccess") || inline.allowedActionsOnAnyResource().contains("*");
                List<String> escalation = new ArrayList<>();
                for (String service : PRIVILEGED_SERVICES) {
                    if (PolicyDocument.anyCovers(inline.allowedActionsOnAnyResource(), service)) {
                        escalation.add(service);
                    }
                }
                managed.stream().filter(ESCALATING_MANAGED_POLICIES::contains).forEach(escalation::add);
                List<AwsSnapshot.Assignment> as = byPs.getOrDefault(p.arn(), List.of());
                List<Views.FailedProvisioning> failed = latest.values().stream()
                        .filter(r -> p.arn().equals(r.permissionSetArn()) && "FAILED".equals(r.status()))
                        .sorted(Comparator.comparing(r -> String.valueOf(r.accountId())))
                        .map(r -> new Views.FailedProvisioning(r.accountId(), r.requestId(), r.failureReason())).toList();
                out.add(new Views.PermissionSet(p.arn(), p.name(), p.sessionDuration(), sessionHours(p.sessionDuration()),
                        managed, p.customerManagedPolicies().stream().map(AwsSnapshot.CustomerManagedPolicy::name).toList(),
                        inline.parsed(), inline.allowedActionsOnAnyResource(), admin, escalation, as.size(),
                        as.stream().map(AwsSnapshot.Assignment::accountId).distinct().sorted().toList(),
                        p.outdatedAccountIds(), failed));
            }
            psViews = List.copyOf(out);
            return psViews;
        }

        List<Views.Assignment> assignments() {
            Map<String, Views.PermissionSet> ps = psViews.stream().collect(Collectors.toMap(Views.PermissionSet::arn, p -> p, (a, b) -> a));
            List<Views.Assignment> out = new ArrayList<>();
            for (AwsSnapshot.Assignment a : idc.assignments()) {
                Views.PermissionSet p = ps.get(a.permissionSetArn());
                String psName = p == null ? a.permissionSetArn() : p.name();
                boolean user = "USER".equals(a.principalType());
                String principalName = user
                        ? Optional.ofNullable(idsUserById.get(a.principalId())).map(AwsSnapshot.IdentityStoreUser::userName).orElse(null)
                        : Optional.ofNullable(idsGroupById.get(a.principalId())).map(AwsSnapshot.IdentityStoreGroup::displayName).orElse(null);
                boolean exists = user ? idsUserById.containsKey(a.principalId()) : idsGroupById.containsKey(a.principalId());
                String shown = principalName != null ? principalName : a.principalId();
                AwsSnapshot.Account acct = accountById.get(a.accountId());
                out.add(new Views.Assignment(a.accountId() + "/" + psName + "/" + shown,
                        a.principalType() + " " + shown + " → " + psName + " in " + a.accountId()
                                + (acct == null || acct.name() == null ? "" : " (" + acct.name() + ")"),
                        a.permissionSetArn(), psName, p != null && p.admin(), a.accountId(),
                        acct == null ? null : acct.name(), acct == null ? null : acct.state(), acct != null,
                        a.accountId().equals(managementAccountId()), a.principalType(), a.principalId(), principalName, exists));
            }
            return List.copyOf(out);
        }

        List<Views.AccessPath> accessMatrix() {
            Map<String, Views.PermissionSet> ps = psViews.stream().collect(Collectors.toMap(Views.PermissionSet::arn, p -> p, (a, b) -> a));
            List<Views.AccessPath> out = new ArrayList<>();
            for (AwsSnapshot.Assignment a : idc.assignments()) {
                String psName = Optional.ofNullable(ps.get(a.permissionSetArn())).map(Views.PermissionSet::name).orElse(a.permissionSetArn());
                String accountName = Optional.ofNullable(accountById.get(a.accountId())).map(AwsSnapshot.Account::name).orElse(null);
                if ("USER".equals(a.principalType())) {
                    AwsSnapshot.IdentityStoreUser u = idsUserById.get(a.principalId());
                    if (u != null) {
                        out.add(path(u, a.accountId(), accountName, psName, null, null));
                    }
                } else {
                    AwsSnapshot.IdentityStoreGroup g = idsGroupById.get(a.principalId());
                    for (String userId : idsMembersOfGroup.getOrDefault(a.principalId(), List.of())) {
                        AwsSnapshot.IdentityStoreUser u = idsUserById.get(userId);
                        if (u != null) {
                            out.add(path(u, a.accountId(), accountName, psName, a.principalId(), g == null ? null : g.displayName()));
                        }
                    }
                }
            }
            out.sort(Comparator.comparing((Views.AccessPath p) -> String.valueOf(p.userName()))
                    .thenComparing(p -> String.valueOf(p.accountId())).thenComparing(p -> String.valueOf(p.permissionSetName())));
            return List.copyOf(out);
        }

        private Views.AccessPath path(AwsSnapshot.IdentityStoreUser u, String accountId, String accountName, String psName,
                String groupId, String groupName) {
            String[] okta = idsToOkta.get(u.userId());
            return new Views.AccessPath(u.userId(), u.userName(), okta == null ? null : okta[0], accountId, accountName,
                    psName, groupId, groupName);
        }

        private Map<String, List<String>> accountsByIdsUser;
        private Map<String, List<OktaSnapshot.AppUser>> appUsersByOktaUser;

        /** The accounts an Identity Store user reaches, directly or through a group: the access matrix's accounts, without building it. */
        private List<String> accountsOf(String idsUserId) {
            if (accountsByIdsUser == null) {
                Map<String, java.util.SortedSet<String>> sets = new HashMap<>();
                for (AwsSnapshot.Assignment a : idc.assignments()) {
                    List<String> users = "USER".equals(a.principalType()) ? List.of(a.principalId())
                            : idsMembersOfGroup.getOrDefault(a.principalId(), List.of());
                    for (String userId : users) {
                        if (idsUserById.containsKey(userId)) {
                            sets.computeIfAbsent(userId, k -> new java.util.TreeSet<>()).add(a.accountId());
                        }
                    }
                }
                accountsByIdsUser = new HashMap<>();
                sets.forEach((k, v) -> accountsByIdsUser.put(k, List.copyOf(v)));
            }
            return accountsByIdsUser.getOrDefault(idsUserId, List.of());
        }

        /** The app users of an Okta user, in any amazon_aws_sso app. */
        private List<OktaSnapshot.AppUser> appUsersOf(String oktaUserId) {
            if (appUsersByOktaUser == null) {
                appUsersByOktaUser = new HashMap<>();
                for (OktaSnapshot.AwsApp a : okta.awsApps()) {
                    for (OktaSnapshot.AppUser u : a.users()) {
                        if (u.userId() != null) {
                            appUsersByOktaUser.computeIfAbsent(u.userId(), k -> new ArrayList<>()).add(u);
                        }
                    }
                }
            }
            return appUsersByOktaUser.getOrDefault(oktaUserId, List.of());
        }

        private Set<OktaSnapshot.AppUser> activeAppUsers;

        /** The app users of ACTIVE apps, by identity (records with equal fields in two apps stay apart). */
        private Set<OktaSnapshot.AppUser> activeAppUsers() {
            if (activeAppUsers == null) {
                activeAppUsers = okta.awsApps().stream().filter(a -> activeAppIds.contains(a.id())).flatMap(a -> a.users().stream())
                        .collect(Collectors.toCollection(() -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>())));
            }
            return activeAppUsers;
        }

        private boolean assignedToActiveApp(String oktaUserId) {
            return appUsersOf(oktaUserId).stream().anyMatch(activeAppUsers()::contains);
        }

        List<Views.IdcUser> idcUsers() {
            List<Views.IdcUser> out = new ArrayList<>();
            for (AwsSnapshot.IdentityStoreUser u : idc.users()) {
                String[] join = idsToOkta.get(u.userId());
                OktaSnapshot.User o = join == null ? null : oktaUserById.get(join[0]);
                List<String> groupIds = idsGroupsOfUser.getOrDefault(u.userId(), List.of());
                out.add(new Views.IdcUser(u.userId(), u.userName(), u.displayName(), u.primaryEmail(), u.userStatus(),
                        u.externalIds().stream().map(AwsSnapshot.ExternalId::id).filter(Objects::nonNull).toList(),
                        o == null ? null : o.id(), o == null ? null : o.login(), o == null ? null : o.email(),
                        o == null ? null : o.status(), join == null ? null : join[1], o != null && assignedToActiveApp(o.id()),
                        groupIds, groupIds.stream().map(idsGroupById::get).filter(Objects::nonNull)
                                .map(AwsSnapshot.IdentityStoreGroup::displayName).filter(Objects::nonNull).toList(),
                        accountsOf(u.userId())));
            }
            return List.copyOf(out);
        }

        List<Views.OktaUser> oktaUsers() {
            Map<String, List<String>> groupsOfUser = new HashMap<>();
            for (OktaSnapshot.GroupMembers gm : okta.groupMembers()) {
                OktaSnapshot.Group g = oktaGroupById.get(gm.groupId());
                for (String u : gm.userIds()) {
                    groupsOfUser.computeIfAbsent(u, k -> new ArrayList<>()).add(g == null || g.name() == null ? gm.groupId() : g.name());
                }
            }
            List<Views.OktaUser> out = new ArrayList<>();
            for (OktaSnapshot.User u : okta.users()) {
                String idsId = oktaToIds.get(u.id());
                AwsSnapshot.IdentityStoreUser ids = idsId == null ? null : idsUserById.get(idsId);
                Long sinceLogin = u.lastLogin() == null ? null : Duration.between(u.lastLogin(), asOf).toDays();
                Instant since = u.lastLogin() != null ? u.lastLogin() : u.created();
                List<String> scopes = appUsersOf(u.id()).stream().filter(activeAppUsers()::contains)
                        .map(OktaSnapshot.AppUser::scope).filter(Objects::nonNull).distinct().toList();
                List<String> accounts = ids == null ? List.of() : accountsOf(ids.userId());
                out.add(new Views.OktaUser(u.id(), u.login(), u.email(), u.status(), u.lastLogin(), sinceLogin,
                        since == null ? null : Duration.between(since, asOf).toDays(), assignedToActiveApp(u.id()),
                        !appUsersOf(u.id()).isEmpty(), scopes,
                        groupsOfUser.getOrDefault(u.id(), List.of()), idsId, ids == null ? null : ids.userName(),
                        ids == null ? null : ids.primaryEmail(), ids == null ? null : ids.userStatus(), accounts,
                        ids != null && "ENABLED".equals(ids.userStatus()) && !accounts.isEmpty()));
            }
            return List.copyOf(out);
        }

        List<Views.IdcGroup> idcGroups() {
            List<Views.PushMapping> mappings = pushMappings();
            Map<String, OktaSnapshot.Group> oktaGroupByName = index(
                    okta.groups().stream().filter(g -> g.name() != null).toList(), OktaSnapshot.Group::name);
            Map<String, List<String>> oktaMembers = okta.groupMembers().stream()
                    .collect(Collectors.toMap(OktaSnapshot.GroupMembers::groupId, OktaSnapshot.GroupMembers::userIds, (a, b) -> a));
            Set<String> assignedGroups = idc.assignments().stream().filter(a -> "GROUP".equals(a.principalType()))
                    .map(AwsSnapshot.Assignment::principalId).collect(Collectors.toSet());
            List<Views.IdcGroup> out = new ArrayList<>();
            for (AwsSnapshot.IdentityStoreGroup g : idc.groups()) {
                List<Views.PushMapping> mine = mappings.stream().filter(m -> g.groupId().equals(m.targetGroupId())).toList();
                List<String> ext = g.externalIds().stream().map(AwsSnapshot.ExternalId::id).filter(Objects::nonNull).toList();
                OktaSnapshot.Group source = Stream.concat(
                                mine.stream().map(Views.PushMapping::sourceGroupId), ext.stream())
                        .map(oktaGroupById::get).filter(Objects::nonNull).findFirst()
                        .orElseGet(() -> g.displayName() == null ? null : oktaGroupByName.get(g.displayName()));
                List<String> idsMembers = idsMembersOfGroup.getOrDefault(g.groupId(), List.of());
                boolean known = source != null && oktaMembers.containsKey(source.id());
                List<String> extra = new ArrayList<>();
                List<String> missing = new ArrayList<>();
                if (known) {
                    Set<String> oktaSide = new LinkedHashSet<>(oktaMembers.get(source.id()));
                    Set<String> idsSideOkta = new LinkedHashSet<>();
                    for (String m : idsMembers) {
                        String[] join = idsToOkta.get(m);
                        if (join == null || !oktaSide.contains(join[0])) {
                            extra.add(userName(m));
                        }
                        if (join != null) {
                            idsSideOkta.add(join[0]);
                        }
                    }
                    for (String o : oktaSide) {
                        if (!idsSideOkta.contains(o)) {
                            OktaSnapshot.User u = oktaUserById.get(o);
                            missing.add(u == null || u.login() == null ? o : u.login());
                        }
                    }
                }
                out.add(new Views.IdcGroup(g.groupId(), g.displayName(), ext, source == null ? null : source.id(),
                        source == null ? null : source.name(), mine, assignedGroups.contains(g.groupId()),
                        idsMembers.stream().map(this::userName).toList(), known, extra, missing));
            }
            return List.copyOf(out);
        }

        private String userName(String idsUserId) {
            AwsSnapshot.IdentityStoreUser u = idsUserById.get(idsUserId);
            return u == null || u.userName() == null ? idsUserId : u.userName();
        }

        List<Views.Instance> instances() {
            String mgmt = managementAccountId();
            return idc.instances().stream().map(i -> new Views.Instance(i.instanceArn(), i.identityStoreId(), i.ownerAccountId(),
                    i.name(), i.status(), mgmt != null && mgmt.equals(i.ownerAccountId()))).toList();
        }

        List<Views.ReservedRole> reservedRoles() {
            Map<String, Set<String>> assignedPs = new HashMap<>();
            Map<String, String> psNameByArn = idc.permissionSets().stream()
                    .collect(Collectors.toMap(AwsSnapshot.PermissionSet::arn, p -> String.valueOf(p.name()), (a, b) -> a));
            for (AwsSnapshot.Assignment a : idc.assignments()) {
                String name = psNameByArn.get(a.permissionSetArn());
                if (name != null) {
                    assignedPs.computeIfAbsent(a.accountId(), k -> new LinkedHashSet<>()).add(name);
                }
            }
            List<Views.ReservedRole> out = new ArrayList<>();
            for (AwsSnapshot.MemberAccount m : aws.memberAccounts()) {
                String accountName = Optional.ofNullable(accountById.get(m.accountId())).map(AwsSnapshot.Account::name).orElse(null);
                Set<String> expected = assignedPs.getOrDefault(m.accountId(), Set.of());
                Set<String> present = new LinkedHashSet<>();
                for (AwsSnapshot.ReservedRole r : m.reservedRoles()) {
                    present.add(r.permissionSetName());
                    Instant since = r.lastUsed() != null ? r.lastUsed() : r.created();
                    out.add(new Views.ReservedRole(r.arn() != null ? r.arn() : m.accountId() + "/" + r.roleName(), m.accountId(),
                            accountName, r.roleName(), r.arn(), r.permissionSetName(), true, expected.contains(r.permissionSetName()),
                            r.lastUsed(), since == null ? null : Duration.between(since, asOf).toDays()));
                }
                for (String ps : expected) {
                    if (!present.contains(ps)) {
                        out.add(new Views.ReservedRole(m.accountId() + "/AWSReservedSSO_" + ps, m.accountId(), accountName,
                                "AWSReservedSSO_" + ps + "_*", null, ps, false, true, null, null));
                    }
                }
            }
            return List.copyOf(out);
        }

        List<Views.SamlProvider> samlProviders() {
            List<Views.SamlProvider> out = new ArrayList<>();
            for (AwsSnapshot.MemberAccount m : aws.memberAccounts()) {
                for (AwsSnapshot.SamlProvider p : m.samlProviders()) {
                    String name = p.name() != null ? p.name() : p.arn().substring(p.arn().lastIndexOf('/') + 1);
                    out.add(new Views.SamlProvider(p.arn() != null ? p.arn() : m.accountId() + "/" + name, m.accountId(), name,
                            p.arn(), name.matches("AWSSSO_[A-Za-z0-9]+_DO_NOT_DELETE")));
                }
            }
            return List.copyOf(out);
        }

        List<Views.IamUser> iamUsers() {
            List<Views.IamUser> out = new ArrayList<>();
            for (AwsSnapshot.MemberAccount m : aws.memberAccounts()) {
                for (AwsSnapshot.CredentialReportRow r : m.credentialReport()) {
                    if ("<root_account>".equals(r.user())) {
                        continue;
                    }
                    out.add(new Views.IamUser(r.arn() != null ? r.arn() : m.accountId() + "/" + r.user(), m.accountId(), r.user(),
                            r.arn(), r.passwordEnabled(), r.accessKey1Active(), r.accessKey2Active()));
                }
            }
            return List.copyOf(out);
        }
    }

    /** Hours of an ISO-8601 duration as AWS returns it (PT8H, PT1H30M); AWS's default PT1H when unset; null when unreadable. */
    static Double sessionHours(String iso) {
        if (iso == null || iso.isBlank()) {
            return 1.0;
        }
        try {
            return Duration.parse(iso).toMinutes() / 60.0;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static <T> Map<String, T> index(List<T> list, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T t : list) {
            String k = key.apply(t);
            if (k != null) {
                map.putIfAbsent(k, t);
            }
        }
        return map;
    }
}
