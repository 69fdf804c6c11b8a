package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_ACCOUNTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_ASSIGNMENTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUPS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_PERMISSION_SETS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_USERS;
import static dev.idaudit.snapshot.Sections.AWS_ORGANIZATION;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code assignments}: account assignments joined with their principal, permission set and account. */
public final class AssignmentsView {
    private AssignmentsView() {}

    /** What naming an assignment reads: its permission set's name and its principal's name. */
    static final List<String> NAMING = List.of(AWS_IDC_PERMISSION_SETS, AWS_IDC_USERS, AWS_IDC_GROUPS);

    public static final View<Views.Assignment> VIEW = View.of("assignments", Views.Assignment.class,
                    "account assignments joined with principal, permission set and account")
            .reads(AWS_IDC_ASSIGNMENTS)
            .field(NAMING, "id", "name")
            .field(List.of(AWS_IDC_PERMISSION_SETS), "permissionSetName", "permissionSetAdmin")
            .field(List.of(AWS_ACCOUNTS), "accountName", "accountState", "accountInOrganization")
            .field(List.of(AWS_ORGANIZATION), "managementAccount")
            .field(List.of(AWS_IDC_USERS, AWS_IDC_GROUPS), "principalName", "principalExists")
            .key(Views.Assignment::id)
            .displayName(Views.Assignment::name)
            .derive(AssignmentsView::derive)
            .build();

    static List<Views.Assignment> derive(ViewContext c) {
        Joins j = c.joins();
        Map<String, Views.PermissionSet> ps = c.view(PermissionSetsView.VIEW).stream()
                .collect(Collectors.toMap(Views.PermissionSet::arn, p -> p, (a, b) -> a));
        String mgmt = j.managementAccountId();
        List<Views.Assignment> out = new ArrayList<>();
        for (AwsSnapshot.Assignment a : c.idc().assignments()) {
            Views.PermissionSet p = ps.get(a.permissionSetArn());
            String psName = p == null ? a.permissionSetArn() : p.name();
            boolean user = "USER".equals(a.principalType());
            String principalName = user
                    ? Optional.ofNullable(j.idsUserById.get(a.principalId())).map(AwsSnapshot.IdentityStoreUser::userName).orElse(null)
                    : Optional.ofNullable(j.idsGroupById.get(a.principalId())).map(AwsSnapshot.IdentityStoreGroup::displayName).orElse(null);
            boolean exists = user ? j.idsUserById.containsKey(a.principalId()) : j.idsGroupById.containsKey(a.principalId());
            String shown = principalName != null ? principalName : a.principalId();
            AwsSnapshot.Account acct = j.accountById.get(a.accountId());
            out.add(new Views.Assignment(a.accountId() + "/" + psName + "/" + shown,
                    a.principalType() + " " + shown + " → " + psName + " in " + a.accountId()
                            + (acct == null || acct.name() == null ? "" : " (" + acct.name() + ")"),
                    a.permissionSetArn(), psName, p != null && p.admin(), a.accountId(),
                    acct == null ? null : acct.name(), acct == null ? null : acct.state(), acct != null,
                    a.accountId().equals(mgmt), a.principalType(), a.principalId(), principalName, exists));
        }
        return out;
    }
}
