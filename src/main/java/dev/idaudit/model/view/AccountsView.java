package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_ACCOUNTS;
import static dev.idaudit.snapshot.Sections.AWS_ORGANIZATION;
import static dev.idaudit.snapshot.Sections.AWS_ORGANIZATIONAL_UNITS;
import static dev.idaudit.snapshot.Sections.AWS_SERVICE_CONTROL_POLICIES;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code accounts}: organization accounts with the SCPs that apply to them. */
public final class AccountsView {
    private AccountsView() {}

    public static final View<Views.Account> VIEW = View.of("accounts", Views.Account.class,
                    "organization accounts with the SCPs that apply to them")
            .reads(AWS_ACCOUNTS)
            .field(List.of(AWS_ORGANIZATION), "management")
            .field(List.of(AWS_SERVICE_CONTROL_POLICIES, AWS_ORGANIZATIONAL_UNITS),
                    "scpNames", "scpDeniedActions", "scpRegionAllowList", "regionLocked")
            .key(Views.Account::id)
            .displayName(a -> a.name() + " (" + a.id() + ")")
            .derive(AccountsView::derive)
            .build();

    static List<Views.Account> derive(ViewContext c) {
        AwsSnapshot aws = c.aws();
        Map<String, AwsSnapshot.OrganizationalUnit> ous = Joins.index(aws.organizationalUnits(), AwsSnapshot.OrganizationalUnit::id);
        List<Views.Scp> all = c.view(ScpsView.VIEW);
        String mgmt = c.joins().managementAccountId();
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
            out.add(new Views.Account(a.id(), a.name(), a.state(), a.ouPath(), a.id().equals(mgmt),
                    applied.stream().map(p -> p.name() != null ? p.name() : p.id()).toList(),
                    applied.stream().flatMap(p -> p.deniedActions().stream()).distinct().toList(),
                    regions == null ? List.of() : regions, regions != null));
        }
        return out;
    }
}
