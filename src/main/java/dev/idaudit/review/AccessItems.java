package dev.idaudit.review;

import dev.idaudit.model.AuditModel;
import dev.idaudit.model.Views;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The items of a campaign: the model's access matrix, each row with its facts and the flags the
 * run's findings raised. Judgments (who is a leaver, what is administrative) are read from the
 * findings the rules made, never computed a second time here.
 */
public final class AccessItems {
    private AccessItems() {}

    /** The flags, each from the rule that decides it (a FAIL or WAIVED finding on the person or assignment). */
    static final Map<String, String> FLAG_RULES = Map.of(
            "okta_aws_user_status_active", "leaver",
            "sync_deprovisioned_users_removed", "leaver",
            "okta_aws_user_inactive_within_limit", "inactive",
            "idc_assignments_to_groups_only", "direct assignment",
            "idc_admin_permission_sets_restricted", "admin outside admin groups");
    static final String ADMIN_RULE = "idc_admin_permission_sets_restricted";

    public static List<AccessItem> of(AuditModel model, List<Finding> findings) {
        Map<String, Set<String>> flagsByResource = new HashMap<>();
        Set<String> adminAssignments = new HashSet<>();
        boolean adminUnknown = findings.stream().noneMatch(f -> f.ruleId().equals(ADMIN_RULE))
                || findings.stream().anyMatch(f -> f.ruleId().equals(ADMIN_RULE) && (f.status() == Status.NOT_EVALUATED || f.status() == Status.ERROR));
        for (Finding f : findings) {
            if (f.resource() == null) {
                continue;
            }
            String flag = FLAG_RULES.get(f.ruleId());
            if (flag != null && (f.status() == Status.FAIL || f.status() == Status.WAIVED)) {
                flagsByResource.computeIfAbsent(f.resource().id(), k -> new java.util.TreeSet<>()).add(flag);
            }
            if (f.ruleId().equals(ADMIN_RULE) && (f.status() == Status.PASS || f.status() == Status.FAIL || f.status() == Status.WAIVED)) {
                adminAssignments.add(f.resource().id());
            }
        }
        Map<String, Views.OktaUser> oktaUsers = new HashMap<>();
        model.oktaUsers().forEach(u -> oktaUsers.put(u.id(), u));
        Map<String, Views.IdcGroup> groups = new HashMap<>();
        model.idcGroups().forEach(g -> groups.put(g.groupId(), g));
        Map<String, Views.ReservedRole> roles = new HashMap<>();
        model.reservedRoles().stream().filter(Views.ReservedRole::roleExists)
                .forEach(r -> roles.put(r.accountId() + "|" + r.permissionSetName(), r));
        Map<String, Views.Assignment> assignments = new HashMap<>();
        model.assignments().forEach(a -> assignments.put(a.accountId() + "|" + a.permissionSetName() + "|" + a.principalId(), a));
        Map<String, String> memberships = new HashMap<>();
        var aws = model.snapshot().aws();
        if (aws != null && aws.identityCenter() != null) {
            aws.identityCenter().groupMemberships().stream().filter(m -> m.membershipId() != null)
                    .forEach(m -> memberships.put(m.groupId() + "|" + m.userId(), m.membershipId()));
        }
        Views.Instance instance = model.instances().stream().filter(Views.Instance::organizationInstance).findFirst()
                .orElse(model.instances().isEmpty() ? null : model.instances().get(0));

        List<AccessItem> out = new ArrayList<>();
        int n = 0;
        for (Views.AccessPath p : model.accessMatrix()) {
            Views.OktaUser okta = p.oktaUserId() == null ? null : oktaUsers.get(p.oktaUserId());
            String principalId = p.viaGroupId() != null ? p.viaGroupId() : p.idcUserId();
            Views.Assignment a = assignments.get(p.accountId() + "|" + p.permissionSetName() + "|" + principalId);
            Views.IdcGroup g = p.viaGroupId() == null ? null : groups.get(p.viaGroupId());
            Views.ReservedRole role = roles.get(p.accountId() + "|" + p.permissionSetName());
            Set<String> flags = new java.util.TreeSet<>();
            if (p.oktaUserId() != null) {
                flags.addAll(flagsByResource.getOrDefault(p.oktaUserId(), Set.of()));
            }
            if (a != null) {
                flags.addAll(flagsByResource.getOrDefault(a.id(), Set.of()));
            }
            String admin = a != null && adminAssignments.contains(a.id()) ? "yes" : adminUnknown ? "unknown" : "no";
            String pushMapping = g == null || g.pushMappings().isEmpty() ? null : g.pushMappings().get(0).id();
            out.add(new AccessItem(String.format("A%04d", ++n), null, p.userName(), okta == null ? null : okta.login(),
                    p.oktaUserId(), p.idcUserId(), okta == null ? null : okta.status(),
                    okta == null ? null : okta.lastLogin() == null ? "never" : okta.lastLogin().toString(),
                    p.accountId(), p.accountName(), p.permissionSetName(), a == null ? null : a.permissionSetArn(), admin,
                    p.viaGroupId(), p.viaGroupName(),
                    role == null ? null : role.lastUsed() != null ? role.lastUsed().toString() : role.daysSinceUsed() != null ? "never" : null,
                    List.copyOf(flags), g == null ? null : g.oktaGroupId(), pushMapping,
                    instance == null ? null : instance.instanceArn(), instance == null ? null : instance.identityStoreId(),
                    a == null ? null : a.principalType(), principalId, a == null ? null : a.id(), oktaGroupMember(g, p),
                    p.viaGroupId() == null ? null : memberships.get(p.viaGroupId() + "|" + p.idcUserId())));
        }
        return out;
    }

    /**
     * Whether the Okta group behind the path's group holds the person: the model lists the
     * Identity Store members that are not in it (extra members, by user name); null when the
     * group has no Okta group or its Okta members were not collected.
     */
    private static Boolean oktaGroupMember(Views.IdcGroup g, Views.AccessPath p) {
        if (g == null || g.oktaGroupId() == null || !g.oktaMembersKnown() || p.oktaUserId() == null) {
            return null;
        }
        return !g.extraMembers().contains(p.userName());
    }
}
