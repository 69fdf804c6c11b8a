package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_ACCOUNTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_ASSIGNMENTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_PERMISSION_SETS;
import static dev.idaudit.snapshot.Sections.AWS_MEMBER_ROLES;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code reservedRoles}: the AWSReservedSSO roles found in member accounts, and the ones the
 * assignments should have produced there but that are missing ({@code roleExists} false).
 */
public final class ReservedRolesView {
    private ReservedRolesView() {}

    public static final View<Views.ReservedRole> VIEW = View.of("reservedRoles", Views.ReservedRole.class,
                    "AWSReservedSSO roles found, or expected from assignments, in member accounts")
            .reads(AWS_MEMBER_ROLES)
            .field(List.of(AWS_ACCOUNTS), "accountName")
            // which permission sets are assigned where: the assignments, named through the permission sets
            .field(List.of(AWS_IDC_ASSIGNMENTS, AWS_IDC_PERMISSION_SETS), "assigned")
            .key(Views.ReservedRole::id)
            .displayName(r -> r.roleName() + " in " + r.accountId())
            .derive(ReservedRolesView::derive)
            .build();

    static List<Views.ReservedRole> derive(ViewContext c) {
        AwsSnapshot.IdentityCenter idc = c.idc();
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
        for (AwsSnapshot.MemberAccount m : c.aws().memberAccounts()) {
            String accountName = Optional.ofNullable(c.joins().accountById.get(m.accountId())).map(AwsSnapshot.Account::name).orElse(null);
            Set<String> expected = assignedPs.getOrDefault(m.accountId(), Set.of());
            Set<String> present = new LinkedHashSet<>();
            for (AwsSnapshot.ReservedRole r : m.reservedRoles()) {
                present.add(r.permissionSetName());
                Instant since = r.lastUsed() != null ? r.lastUsed() : r.created();
                out.add(new Views.ReservedRole(r.arn() != null ? r.arn() : m.accountId() + "/" + r.roleName(), m.accountId(),
                        accountName, r.roleName(), r.arn(), r.permissionSetName(), true, expected.contains(r.permissionSetName()),
                        r.lastUsed(), since == null ? null : Duration.between(since, c.asOf()).toDays()));
            }
            for (String ps : expected) {
                if (!present.contains(ps)) {
                    out.add(new Views.ReservedRole(m.accountId() + "/AWSReservedSSO_" + ps, m.accountId(), accountName,
                            "AWSReservedSSO_" + ps + "_*", null, ps, false, true, null, null));
                }
            }
        }
        return out;
    }
}
