package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_USERS;
import static dev.idaudit.snapshot.Sections.OKTA_GROUPS;
import static dev.idaudit.snapshot.Sections.OKTA_GROUP_MEMBERS;
import static dev.idaudit.snapshot.Sections.OKTA_USERS;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.OktaSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** {@code oktaUsers}: Okta users with their Identity Store user and the accounts they reach. */
public final class OktaUsersView {
    private OktaUsersView() {}

    public static final View<Views.OktaUser> VIEW = View.of("oktaUsers", Views.OktaUser.class,
                    "Okta users with their Identity Store user and the accounts they reach")
            .reads(OKTA_USERS)
            .field(List.of(OKTA_AWS_APP_USERS), "assignedToAwsApp", "hasAppUser", "appScopes")
            .field(List.of(OKTA_GROUP_MEMBERS, OKTA_GROUPS), "groupNames")
            .field(Joins.USER_JOIN, "idcUserId", "idcUserName", "idcEmail", "idcStatus", "idcJoinedBy")
            .field(Stream.concat(Joins.USER_JOIN.stream(), Joins.ACCOUNTS_REACHED.stream()).distinct().toList(),
                    "accountIds", "hasAwsAccess")
            .key(Views.OktaUser::id)
            .displayName(Views.OktaUser::login)
            .derive(OktaUsersView::derive)
            .build();

    static List<Views.OktaUser> derive(ViewContext c) {
        Joins j = c.joins();
        Instant asOf = c.asOf();
        Map<String, List<String>> groupsOfUser = new HashMap<>();
        for (OktaSnapshot.GroupMembers gm : c.okta().groupMembers()) {
            OktaSnapshot.Group g = j.oktaGroupById.get(gm.groupId());
            for (String u : gm.userIds()) {
                groupsOfUser.computeIfAbsent(u, k -> new ArrayList<>()).add(g == null || g.name() == null ? gm.groupId() : g.name());
            }
        }
        List<Views.OktaUser> out = new ArrayList<>();
        for (OktaSnapshot.User u : c.okta().users()) {
            String idsId = j.idsUserOf(u.id());
            AwsSnapshot.IdentityStoreUser ids = idsId == null ? null : j.idsUserById.get(idsId);
            Long sinceLogin = u.lastLogin() == null ? null : Duration.between(u.lastLogin(), asOf).toDays();
            Instant since = u.lastLogin() != null ? u.lastLogin() : u.created();
            List<String> scopes = j.appUsersOf(u.id()).stream().filter(j.activeAppUsers()::contains)
                    .map(OktaSnapshot.AppUser::scope).filter(Objects::nonNull).distinct().toList();
            List<String> accounts = ids == null ? List.of() : j.accountsOf(ids.userId());
            out.add(new Views.OktaUser(u.id(), u.login(), u.email(), u.status(), u.lastLogin(), sinceLogin,
                    since == null ? null : Duration.between(since, asOf).toDays(), j.assignedToActiveApp(u.id()),
                    !j.appUsersOf(u.id()).isEmpty(), scopes,
                    groupsOfUser.getOrDefault(u.id(), List.of()), idsId, ids == null ? null : ids.userName(),
                    ids == null ? null : ids.primaryEmail(), ids == null ? null : ids.userStatus(), accounts,
                    ids != null && "ENABLED".equals(ids.userStatus()) && !accounts.isEmpty(),
                    ids == null ? null : j.oktaUserOf(ids.userId()).joinedBy()));
        }
        return out;
    }
}
