package dev.idaudit.model.view;

import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The indexes and joins that several views read, built once per model: ids to records, the
 * Okta user ↔ Identity Store user join, group memberships both ways, app users per Okta user
 * and the accounts each Identity Store user reaches. Views read these instead of recomputing.
 *
 * <p>The user join (RULES.md join order): AppUser.externalId = UserId, else ExternalIds[].Id =
 * Okta user id, else UserName = the app user's credentials.userName, else UserName = the user name
 * the app's user-name template makes from the Okta user's login or email (user names compared
 * case-insensitively). The app user's externalId alone is not enough: Okta unassigns it when it
 * deprovisions the app user (spec: AppUserStatus DEPROVISIONED), which is when a leaver matters most.
 *
 * <p>Groups are joined to OKTA_GROUPs only: Okta's group list also holds the APP_GROUPs that stand
 * for pushed groups in the app, under the same names as their source groups.
 */
public final class Joins {
    /** What the Okta user ↔ Identity Store user join reads. */
    public static final List<String> USER_JOIN = List.of(Sections.OKTA_USERS, Sections.OKTA_AWS_APP_USERS, Sections.AWS_IDC_USERS);
    /** What the accounts an Identity Store user reaches read (assignments direct or through a group). */
    public static final List<String> ACCOUNTS_REACHED = List.of(Sections.AWS_IDC_ASSIGNMENTS, Sections.AWS_IDC_GROUP_MEMBERSHIPS,
            Sections.AWS_IDC_USERS);

    /** Okta's type of the groups made in Okta (GroupType). */
    static final String OKTA_GROUP = "OKTA_GROUP";

    /** How an Identity Store user was joined to an Okta user: the Okta user id and which rule matched. */
    public record UserJoin(String oktaUserId, String joinedBy) {}

    private final Snapshot snapshot;
    private final OktaSnapshot okta;
    private final AwsSnapshot aws;
    private final AwsSnapshot.IdentityCenter idc;
    public final Map<String, OktaSnapshot.User> oktaUserById;
    public final Map<String, OktaSnapshot.Group> oktaGroupById;
    /** The groups made in Okta (type OKTA_GROUP), by id and by name: what an Identity Store group can come from. */
    public final Map<String, OktaSnapshot.Group> oktaGroupOnlyById;
    public final Map<String, OktaSnapshot.Group> oktaGroupOnlyByName;
    public final Map<String, AwsSnapshot.IdentityStoreUser> idsUserById;
    public final Map<String, AwsSnapshot.IdentityStoreGroup> idsGroupById;
    public final Map<String, AwsSnapshot.Account> accountById;
    public final Set<String> activeAppIds;
    private final Map<String, UserJoin> idsToOkta = new LinkedHashMap<>();
    private final Map<String, String> oktaToIds = new HashMap<>();
    private final Map<String, List<String>> idsGroupsOfUser = new HashMap<>();
    private final Map<String, List<String>> idsMembersOfGroup = new HashMap<>();
    private Map<String, List<String>> accountsByIdsUser;
    private Map<String, List<OktaSnapshot.AppUser>> appUsersByOktaUser;
    private Set<OktaSnapshot.AppUser> activeAppUsers;

    public Joins(Snapshot snapshot, OktaSnapshot okta, AwsSnapshot aws, AwsSnapshot.IdentityCenter idc) {
        this.snapshot = snapshot;
        this.okta = okta;
        this.aws = aws;
        this.idc = idc;
        oktaUserById = index(okta.users(), OktaSnapshot.User::id);
        oktaGroupById = index(okta.groups(), OktaSnapshot.Group::id);
        List<OktaSnapshot.Group> oktaGroups = okta.groups().stream().filter(g -> OKTA_GROUP.equals(g.type())).toList();
        oktaGroupOnlyById = index(oktaGroups, OktaSnapshot.Group::id);
        oktaGroupOnlyByName = index(oktaGroups, OktaSnapshot.Group::name);
        idsUserById = index(idc.users(), AwsSnapshot.IdentityStoreUser::userId);
        idsGroupById = index(idc.groups(), AwsSnapshot.IdentityStoreGroup::groupId);
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
        Map<String, String> appUserByUserName = new HashMap<>();
        for (OktaSnapshot.AwsApp app : okta.awsApps()) {
            for (OktaSnapshot.AppUser u : app.users()) {
                if (u.externalId() != null && u.userId() != null) {
                    appUserByExternalId.putIfAbsent(u.externalId(), u.userId());
                }
                if (u.userName() != null && u.userId() != null) {
                    appUserByUserName.putIfAbsent(lower(u.userName()), u.userId());
                }
            }
        }
        // The user names each app's template makes, in app order; the first template that makes a name wins.
        // Without an app (none collected), Okta's default template is the one there is to go by.
        Map<String, UserJoin> byTemplate = new HashMap<>();
        List<String> templates = okta.awsApps().isEmpty() ? List.of(UserNameTemplate.DEFAULT)
                : okta.awsApps().stream().map(UserNameTemplate::of).toList();
        for (String template : templates) {
            for (OktaSnapshot.User o : okta.users()) {
                String name = UserNameTemplate.apply(template, o);
                if (name != null && o.id() != null) {
                    byTemplate.putIfAbsent(lower(name), new UserJoin(o.id(), "userNameTemplate " + template));
                }
            }
        }
        for (AwsSnapshot.IdentityStoreUser u : idc.users()) {
            UserJoin join = null;
            String oktaId = appUserByExternalId.get(u.userId());
            if (oktaId != null) {
                join = new UserJoin(oktaId, "appUser.externalId");
            }
            if (join == null) {
                oktaId = u.externalIds().stream().map(AwsSnapshot.ExternalId::id)
                        .filter(oktaUserById::containsKey).findFirst().orElse(null);
                join = oktaId == null ? null : new UserJoin(oktaId, "externalId");
            }
            if (join == null && u.userName() != null) {
                oktaId = appUserByUserName.get(lower(u.userName()));
                join = oktaId == null ? byTemplate.get(lower(u.userName())) : new UserJoin(oktaId, "appUser.userName");
            }
            if (join != null) {
                idsToOkta.put(u.userId(), join);
                oktaToIds.putIfAbsent(join.oktaUserId(), u.userId());
            }
        }
    }

    /** The Okta user an Identity Store user is joined to, or null. */
    public UserJoin oktaUserOf(String idsUserId) {
        return idsToOkta.get(idsUserId);
    }

    /** The Identity Store user an Okta user is joined to (the first, when several match), or null. */
    public String idsUserOf(String oktaUserId) {
        return oktaToIds.get(oktaUserId);
    }

    /** The Identity Store groups of an Identity Store user, in membership order. */
    public List<String> idsGroupsOf(String idsUserId) {
        return idsGroupsOfUser.getOrDefault(idsUserId, List.of());
    }

    /** The Identity Store users in an Identity Store group, in membership order. */
    public List<String> idsMembersOf(String idsGroupId) {
        return idsMembersOfGroup.getOrDefault(idsGroupId, List.of());
    }

    /** The management account's id, or null when the organization was not collected. */
    public String managementAccountId() {
        return aws.organization() == null ? null : aws.organization().managementAccountId();
    }

    /** No collection issue concerns {@code section} for this app (an issue without an app concerns every app). */
    public boolean collected(String section, String appId) {
        return snapshot.collectionIssues().stream().noneMatch(i -> Sections.overlaps(i.section(), section)
                && (i.appId() == null || i.appId().equals(appId)));
    }

    /** An Identity Store user's user name, or its id when it has none or is unknown. */
    public String idsUserName(String idsUserId) {
        AwsSnapshot.IdentityStoreUser u = idsUserById.get(idsUserId);
        return u == null || u.userName() == null ? idsUserId : u.userName();
    }

    /** The accounts an Identity Store user reaches, directly or through a group: the access matrix's accounts, without building it. */
    public synchronized List<String> accountsOf(String idsUserId) {
        if (accountsByIdsUser == null) {
            Map<String, SortedSet<String>> sets = new HashMap<>();
            for (AwsSnapshot.Assignment a : idc.assignments()) {
                List<String> users = "USER".equals(a.principalType()) ? List.of(a.principalId()) : idsMembersOf(a.principalId());
                for (String userId : users) {
                    if (idsUserById.containsKey(userId)) {
                        sets.computeIfAbsent(userId, k -> new TreeSet<>()).add(a.accountId());
                    }
                }
            }
            accountsByIdsUser = new HashMap<>();
            sets.forEach((k, v) -> accountsByIdsUser.put(k, List.copyOf(v)));
        }
        return accountsByIdsUser.getOrDefault(idsUserId, List.of());
    }

    /** The app users of an Okta user, in any amazon_aws_sso app. */
    public synchronized List<OktaSnapshot.AppUser> appUsersOf(String oktaUserId) {
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

    /** The app users of ACTIVE apps, by identity (records with equal fields in two apps stay apart). */
    public synchronized Set<OktaSnapshot.AppUser> activeAppUsers() {
        if (activeAppUsers == null) {
            activeAppUsers = okta.awsApps().stream().filter(a -> activeAppIds.contains(a.id())).flatMap(a -> a.users().stream())
                    .collect(Collectors.toCollection(() -> Collections.newSetFromMap(new IdentityHashMap<>())));
        }
        return activeAppUsers;
    }

    /** The Okta user has an app user in an ACTIVE amazon_aws_sso app. */
    public boolean assignedToActiveApp(String oktaUserId) {
        Set<OktaSnapshot.AppUser> active = activeAppUsers();
        return appUsersOf(oktaUserId).stream().anyMatch(active::contains);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** A map by key, first element wins, elements without a key left out. */
    public static <T> Map<String, T> index(List<T> list, Function<T, String> key) {
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
