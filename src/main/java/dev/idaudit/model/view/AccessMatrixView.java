package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_ACCOUNTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_ASSIGNMENTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUPS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUP_MEMBERSHIPS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_PERMISSION_SETS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_USERS;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code accessMatrix}: who reaches which account with which permission set, through which
 * group (or directly). Lazy: the reports read it, no built-in rule does (119,819 rows on the
 * large scenario).
 */
public final class AccessMatrixView {
    private AccessMatrixView() {}

    public static final View<Views.AccessPath> VIEW = View.of("accessMatrix", Views.AccessPath.class,
                    "who reaches which account with which permission set, through which group")
            .reads(AWS_IDC_ASSIGNMENTS, AWS_IDC_USERS, AWS_IDC_GROUP_MEMBERSHIPS)
            .field(Joins.USER_JOIN, "oktaUserId")
            .field(List.of(AWS_IDC_PERMISSION_SETS), "permissionSetName")
            .field(List.of(AWS_ACCOUNTS), "accountName")
            .field(List.of(AWS_IDC_GROUPS), "viaGroupName")
            .lazy()
            .key(p -> ReviewRevocationsView.pathKey(p.idcUserId(), p.accountId(), p.permissionSetName(), p.viaGroupId()))
            .displayName(p -> p.userName() + " → " + p.permissionSetName() + " in " + p.accountId())
            .derive(AccessMatrixView::derive)
            .build();

    static List<Views.AccessPath> derive(ViewContext c) {
        Joins j = c.joins();
        Map<String, Views.PermissionSet> ps = c.view(PermissionSetsView.VIEW).stream()
                .collect(Collectors.toMap(Views.PermissionSet::arn, p -> p, (a, b) -> a));
        List<Views.AccessPath> out = new ArrayList<>();
        for (AwsSnapshot.Assignment a : c.idc().assignments()) {
            String psName = Optional.ofNullable(ps.get(a.permissionSetArn())).map(Views.PermissionSet::name).orElse(a.permissionSetArn());
            String accountName = Optional.ofNullable(j.accountById.get(a.accountId())).map(AwsSnapshot.Account::name).orElse(null);
            if ("USER".equals(a.principalType())) {
                AwsSnapshot.IdentityStoreUser u = j.idsUserById.get(a.principalId());
                if (u != null) {
                    out.add(path(j, u, a.accountId(), accountName, psName, null, null));
                }
            } else {
                AwsSnapshot.IdentityStoreGroup g = j.idsGroupById.get(a.principalId());
                for (String userId : j.idsMembersOf(a.principalId())) {
                    AwsSnapshot.IdentityStoreUser u = j.idsUserById.get(userId);
                    if (u != null) {
                        out.add(path(j, u, a.accountId(), accountName, psName, a.principalId(), g == null ? null : g.displayName()));
                    }
                }
            }
        }
        out.sort(Comparator.comparing((Views.AccessPath p) -> String.valueOf(p.userName()))
                .thenComparing(p -> String.valueOf(p.accountId())).thenComparing(p -> String.valueOf(p.permissionSetName())));
        return out;
    }

    private static Views.AccessPath path(Joins j, AwsSnapshot.IdentityStoreUser u, String accountId, String accountName, String psName,
            String groupId, String groupName) {
        Joins.UserJoin okta = j.oktaUserOf(u.userId());
        return new Views.AccessPath(u.userId(), u.userName(), okta == null ? null : okta.oktaUserId(), accountId, accountName,
                psName, groupId, groupName);
    }
}
