package dev.idaudit.review;

import dev.idaudit.model.Views;
import dev.idaudit.model.view.AccessMatrixView;
import java.util.List;

/**
 * One access path under review: a row of the audit model's access matrix with what a reviewer
 * needs to decide (status, last sign-in, last use, flags from the run's findings) and the ids a
 * person needs to remove it (the Okta group and user, the push mapping, the Identity Center
 * assignment).
 *
 * @param id the item's id within its campaign, e.g. A0007
 * @param oktaStatus the Okta user's status; null when no Okta user matches the Identity Store user
 * @param lastOktaSignIn the Okta user's lastLogin (ISO-8601), "never", or null when unknown
 * @param administrative "yes", "no" or "unknown", as the run's idc_admin_permission_sets_restricted judged the assignment
 * @param viaGroupId the Identity Store group that grants it, or null for a direct user assignment
 * @param roleLastUsed the account's AWSReservedSSO role for the permission set: its RoleLastUsed
 *     (ISO-8601), "never", or null when not known
 * @param flags from the run's FAIL findings: leaver, inactive, direct assignment, admin outside admin groups
 * @param oktaGroupId the Okta group behind {@code viaGroupId} (pushed to it), or null
 * @param pushMappingId the push mapping that carries that group to AWS, or null
 * @param assignmentId the readable assignment id findings use ({@code <account>/<permission set>/<principal>})
 * @param oktaGroupMember the Okta user is a member of {@code oktaGroupId} (so leaving it there removes the path);
 *     false when the Identity Store membership does not come from Okta (an extra member); null when not known
 * @param membershipId the Identity Store group membership that grants the path, or null
 */
public record AccessItem(
        String id, String reviewer, String person, String oktaLogin, String oktaUserId, String idcUserId, String oktaStatus,
        String lastOktaSignIn, String accountId, String accountName, String permissionSetName, String permissionSetArn,
        String administrative, String viaGroupId, String viaGroupName, String roleLastUsed, List<String> flags,
        String oktaGroupId, String pushMappingId, String instanceArn, String identityStoreId, String principalType,
        String principalId, String assignmentId, Boolean oktaGroupMember, String membershipId) {

    public AccessItem {
        flags = List.copyOf(flags);
    }

    /** The path's identity across snapshots (the access matrix's entity key). */
    public String pathKey() {
        return AccessMatrixView.VIEW.key(new Views.AccessPath(idcUserId, person, oktaUserId, accountId, accountName, permissionSetName,
                viaGroupId, viaGroupName));
    }

    public String grantedThrough() {
        return viaGroupId == null ? "direct assignment" : "group " + (viaGroupName != null ? viaGroupName : viaGroupId);
    }

    AccessItem withReviewer(String who) {
        return new AccessItem(id, who, person, oktaLogin, oktaUserId, idcUserId, oktaStatus, lastOktaSignIn, accountId, accountName,
                permissionSetName, permissionSetArn, administrative, viaGroupId, viaGroupName, roleLastUsed, flags, oktaGroupId,
                pushMappingId, instanceArn, identityStoreId, principalType, principalId, assignmentId, oktaGroupMember, membershipId);
    }
}
