package dev.idaudit.review;

import java.util.List;

/**
 * What to remove to carry out one Revoke decision, with the ids a person needs.
 *
 * <ul>
 *   <li>{@code OKTA_GROUP_MEMBERSHIP}: the access comes through an Identity Store group pushed from
 *       an Okta group: remove the person from the Okta group (Okta's "Unassign a user from a group",
 *       OKTA_GROUP only), and the push removes them from the group in AWS;</li>
 *   <li>{@code IDENTITY_STORE_GROUP_MEMBERSHIP}: the person is in the Identity Store group but not
 *       in the Okta group behind it (or the group is not pushed from Okta): delete the Identity
 *       Store membership (identitystore DeleteGroupMembership);</li>
 *   <li>{@code IDC_ACCOUNT_ASSIGNMENT}: a direct user assignment, or a group assignment every path
 *       of which was decided Revoke (a group not pushed from Okta included): delete the Identity
 *       Center account assignment.</li>
 * </ul>
 *
 * @param alsoRemoves other access paths the same removal takes away (a group membership grants every assignment of the group)
 */
public record Revocation(
        String kind, List<String> itemIds, String person, String accountId, String permissionSetName, String grantedThrough,
        String oktaGroupId, String oktaUserId, String pushMappingId, String instanceArn, String permissionSetArn,
        String principalType, String principalId, String identityStoreId, String membershipId, String reviewer, String decidedAt, String comment, List<String> alsoRemoves) {

    public static final String OKTA_GROUP_MEMBERSHIP = "OKTA_GROUP_MEMBERSHIP";
    public static final String IDC_ACCOUNT_ASSIGNMENT = "IDC_ACCOUNT_ASSIGNMENT";
    public static final String IDENTITY_STORE_GROUP_MEMBERSHIP = "IDENTITY_STORE_GROUP_MEMBERSHIP";
    /** A Revoke that no removal carries out without taking more away than was decided; a person decides. */
    public static final String MANUAL = "MANUAL";

    public Revocation {
        itemIds = List.copyOf(itemIds);
        alsoRemoves = List.copyOf(alsoRemoves);
    }

    /**
     * The call that carries it out, printed and never run: Okta's unassignUserFromGroup (DELETE
     * /api/v1/groups/{groupId}/users/{userId}) or {@code aws sso-admin delete-account-assignment}
     * with DeleteAccountAssignment's six required members, or {@code aws identitystore
     * delete-group-membership} with DeleteGroupMembership's two.
     */
    public String command(String oktaOrgUrl) {
        return switch (kind) {
            case OKTA_GROUP_MEMBERSHIP -> "curl -X DELETE -H \"Authorization: SSWS $OKTA_API_TOKEN\" \""
                    + (oktaOrgUrl == null ? "https://YOUR-ORG.okta.com" : oktaOrgUrl.replaceAll("/+$", ""))
                    + "/api/v1/groups/" + oktaGroupId + "/users/" + oktaUserId + "\"";
            case IDC_ACCOUNT_ASSIGNMENT -> "aws sso-admin delete-account-assignment --instance-arn " + instanceArn + " --target-id "
                    + accountId + " --target-type AWS_ACCOUNT --permission-set-arn " + permissionSetArn + " --principal-type "
                    + principalType + " --principal-id " + principalId;
            case IDENTITY_STORE_GROUP_MEMBERSHIP -> "aws identitystore delete-group-membership --identity-store-id " + identityStoreId
                    + " --membership-id " + membershipId;
            default -> "# by hand: remove " + person + " from " + grantedThrough + " (the membership is not known to come from Okta,"
                    + " and its Identity Store membership id was not collected)";
        };
    }
}
