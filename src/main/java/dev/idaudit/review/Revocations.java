package dev.idaudit.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** From a campaign's Revoke decisions to the removals that carry them out (see {@link Revocation}). */
public final class Revocations {
    private Revocations() {}

    public static List<Revocation> of(Campaign c) {
        Map<String, Campaign.Decided> now = c.current();
        List<Campaign.Decided> revoked = now.values().stream().filter(d -> d.decision().decision().equals("Revoke")).toList();
        List<Revocation> out = new ArrayList<>();
        // A group assignment all of whose paths were revoked: delete the assignment, not each membership.
        Map<String, List<AccessItem>> byGroupAssignment = new LinkedHashMap<>();
        c.items().stream().filter(i -> i.viaGroupId() != null)
                .forEach(i -> byGroupAssignment.computeIfAbsent(groupAssignment(i), k -> new ArrayList<>()).add(i));
        Map<String, List<Campaign.Decided>> memberships = new LinkedHashMap<>();
        Map<String, List<Campaign.Decided>> storeMemberships = new LinkedHashMap<>();
        List<String> whole = new ArrayList<>();
        for (Campaign.Decided d : revoked) {
            AccessItem i = d.item();
            if (i.viaGroupId() == null) {
                out.add(revocation(Revocation.IDC_ACCOUNT_ASSIGNMENT, List.of(d), "USER", i.idcUserId(), List.of()));
                continue;
            }
            List<AccessItem> all = byGroupAssignment.get(groupAssignment(i));
            boolean allRevoked = all.stream().allMatch(x -> now.containsKey(x.id()) && now.get(x.id()).decision().decision().equals("Revoke"));
            if (allRevoked) {
                if (!whole.contains(groupAssignment(i))) {
                    whole.add(groupAssignment(i));
                    List<Campaign.Decided> ds = all.stream().map(x -> now.get(x.id())).toList();
                    out.add(revocation(Revocation.IDC_ACCOUNT_ASSIGNMENT, ds, "GROUP", i.viaGroupId(), List.of()));
                }
            } else if (Boolean.TRUE.equals(i.oktaGroupMember())) {
                memberships.computeIfAbsent(i.oktaGroupId() + "|" + i.oktaUserId(), k -> new ArrayList<>()).add(d);
            } else if (i.membershipId() != null) {
                // Not in the Okta group (an extra member, or a group not pushed from Okta): Okta cannot remove it.
                storeMemberships.computeIfAbsent(i.membershipId(), k -> new ArrayList<>()).add(d);
            } else {
                out.add(revocation(Revocation.MANUAL, List.of(d), null, null, List.of()));
            }
        }
        for (List<Campaign.Decided> ds : memberships.values()) {
            out.add(revocation(Revocation.OKTA_GROUP_MEMBERSHIP, ds, null, null, alsoRemoved(c, ds)));
        }
        for (List<Campaign.Decided> ds : storeMemberships.values()) {
            out.add(revocation(Revocation.IDENTITY_STORE_GROUP_MEMBERSHIP, ds, null, null, alsoRemoved(c, ds)));
        }
        return out;
    }

    /** Leaving a group takes away every path it grants the person, not only the revoked ones. */
    private static List<String> alsoRemoved(Campaign c, List<Campaign.Decided> ds) {
        AccessItem first = ds.get(0).item();
        List<String> covered = ds.stream().map(d -> d.item().id()).toList();
        return c.items().stream().filter(x -> Objects.equals(x.idcUserId(), first.idcUserId())
                        && Objects.equals(x.viaGroupId(), first.viaGroupId()) && !covered.contains(x.id()))
                .map(x -> x.id() + " " + x.permissionSetName() + " in " + x.accountId()).toList();
    }

    private static String groupAssignment(AccessItem i) {
        return i.accountId() + "|" + i.permissionSetName() + "|" + i.viaGroupId();
    }

    private static Revocation revocation(String kind, List<Campaign.Decided> ds, String principalType, String principalId, List<String> also) {
        AccessItem i = ds.get(0).item();
        Campaign.Decided d = ds.get(0);
        List<String> people = ds.stream().map(x -> x.item().person()).distinct().toList();
        return new Revocation(kind, ds.stream().map(x -> x.item().id()).toList(), String.join(", ", people), i.accountId(),
                i.permissionSetName(), i.grantedThrough(), kind.equals(Revocation.OKTA_GROUP_MEMBERSHIP) ? i.oktaGroupId() : null,
                kind.equals(Revocation.OKTA_GROUP_MEMBERSHIP) ? i.oktaUserId() : null, i.pushMappingId(), i.instanceArn(),
                i.permissionSetArn(), principalType, principalId, i.identityStoreId(),
                kind.equals(Revocation.IDENTITY_STORE_GROUP_MEMBERSHIP) ? i.membershipId() : null, d.from().reviewer(), d.from().importedAt().toString(),
                ds.stream().map(x -> x.decision().comment()).filter(s -> !s.isEmpty()).distinct().reduce((a, b) -> a + "; " + b).orElse(""),
                also);
    }
}
