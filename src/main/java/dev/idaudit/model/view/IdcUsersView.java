package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUPS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUP_MEMBERSHIPS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_USERS;
import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.OktaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** {@code idcUsers}: Identity Store users joined with their Okta user (see {@link Joins} for the join order). */
public final class IdcUsersView {
    private IdcUsersView() {}

    public static final View<Views.IdcUser> VIEW = View.of("idcUsers", Views.IdcUser.class,
                    "Identity Store users joined with their Okta user")
            .reads(AWS_IDC_USERS)
            .field(Joins.USER_JOIN, "oktaUserId", "oktaLogin", "oktaEmail", "oktaStatus", "joinedBy")
            .field(Stream.concat(Joins.USER_JOIN.stream(), Stream.of(OKTA_AWS_APP)).toList(), "oktaAssignedToAwsApp")
            .field(List.of(AWS_IDC_GROUP_MEMBERSHIPS, AWS_IDC_GROUPS), "groupIds", "groupNames")
            .field(Joins.ACCOUNTS_REACHED, "accountIds")
            .key(Views.IdcUser::userId)
            .displayName(Views.IdcUser::userName)
            .derive(IdcUsersView::derive)
            .build();

    static List<Views.IdcUser> derive(ViewContext c) {
        Joins j = c.joins();
        List<Views.IdcUser> out = new ArrayList<>();
        for (AwsSnapshot.IdentityStoreUser u : c.idc().users()) {
            Joins.UserJoin join = j.oktaUserOf(u.userId());
            OktaSnapshot.User o = join == null ? null : j.oktaUserById.get(join.oktaUserId());
            List<String> groupIds = j.idsGroupsOf(u.userId());
            out.add(new Views.IdcUser(u.userId(), u.userName(), u.displayName(), u.primaryEmail(), u.userStatus(),
                    u.externalIds().stream().map(AwsSnapshot.ExternalId::id).filter(Objects::nonNull).toList(),
                    o == null ? null : o.id(), o == null ? null : o.login(), o == null ? null : o.email(),
                    o == null ? null : o.status(), join == null ? null : join.joinedBy(), o != null && j.assignedToActiveApp(o.id()),
                    groupIds, groupIds.stream().map(j.idsGroupById::get).filter(Objects::nonNull)
                            .map(AwsSnapshot.IdentityStoreGroup::displayName).filter(Objects::nonNull).toList(),
                    j.accountsOf(u.userId())));
        }
        return out;
    }
}
