package dev.idaudit.model;

import java.time.Instant;
import java.util.List;

/**
 * The joined views the audit model offers: plain records of plain values, so rules (CEL)
 * and reports read the same facts. Every list is non-null; a field is null only where the
 * fact does not exist (e.g. an Identity Store user that matches no Okta user).
 */
public final class Views {
    private Views() {}

    /**
     * An {@code amazon_aws_sso} app with its provisioning facts. The app object's {@code features}
     * decide (Okta's Features and Connections APIs do not serve this app); where the snapshot has
     * no such list, /features and then a default connection that is ENABLED or DISABLED decide.
     *
     * @param primary the ACTIVE app with the most assigned users (ties: lowest id); the one the audit treats as "the" app
     * @param featuresKnown /features answered for this app (not refused, not failed)
     * @param connectionKnown /connections/default answered ENABLED or DISABLED (UNKNOWN is not known)
     * @param provisioning ENABLED, DISABLED or UNKNOWN: ENABLED when the app's features hold a user provisioning
     *     feature (PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, PUSH_USER_DEACTIVATION, REACTIVATE_USERS, PUSH_PASSWORD_UPDATES)
     * @param deactivation ENABLED, DISABLED or UNKNOWN: PUSH_USER_DEACTIVATION (else update.lifecycleDeactivate)
     * @param createUsers ENABLED, DISABLED or UNKNOWN: PUSH_NEW_USERS (else create.lifecycleCreate)
     * @param pushProfile ENABLED, DISABLED or UNKNOWN: PUSH_PROFILE_UPDATES (else update.profile)
     * @param appFeatures the app object's features as Okta spelled them; empty when not known
     * @param provisioningBasis what decided, for a finding's reason, e.g. "app features GROUP_PUSH"; "" when nothing did
     * @param signingKid credentials.signing.kid, the signing key in use; null when the app did not say
     */
    public record AwsApp(
            String id, String label, String status, boolean active, boolean primary,
            boolean featuresKnown, boolean connectionKnown, String provisioning, String deactivation,
            String createUsers, String pushProfile, String connectionStatus, long userCount, String accessPolicyId,
            List<String> appFeatures, String provisioningBasis, String signingKid) {
        public AwsApp {
            appFeatures = List.copyOf(appFeatures);
        }
    }

    /** Any Okta app (GET /api/v1/apps). */
    public record OktaApp(String id, String name, String label, String status, String signOnMode) {}

    /** An app user of an {@code amazon_aws_sso} app joined with its Okta user. */
    public record AppUser(
            String appId, String appLabel, boolean appActive, String userId, String login, String oktaStatus,
            String externalId, String userName, String scope, String status, String syncState) {}

    /**
     * A signing key of an {@code amazon_aws_sso} app. /credentials/keys lists every key the app has
     * had; the one in use is the app's credentials.signing.kid.
     *
     * @param inUse the key the app signs with; null when the app does not say which (no signing.kid)
     * @param listed false for the key in use when /credentials/keys did not list it (no expiry known)
     * @param appSigningKid the app's credentials.signing.kid; null when it did not say
     */
    public record SigningKey(String appId, String appLabel, String kid, Instant expiresAt, Long daysLeft,
            Boolean inUse, boolean listed, String appSigningKid) {}

    /**
     * A rule of an {@code amazon_aws_sso} app's authentication policy.
     *
     * @param verificationMethod ASSURANCE, AUTH_METHOD_CHAIN or ID_PROOFING as Okta sent it; null when none
     * @param factorMode an ASSURANCE method's 1FA or 2FA; null otherwise
     * @param requirement what the rule asks to let a user in: 2FA (two or more factors), 1FA (one factor
     *     suffices), or UNKNOWN (what cannot be read: no factorMode, an ID_PROOFING method, a chain step of
     *     one authenticator with user verification, no verification method)
     * @param requirementDetail how {@code requirement} was read, for a finding's reason
     */
    public record SignOnRule(
            String appId, String appLabel, String policyId, String policyName, String id, String name,
            String status, Integer priority, String access, String factorMode, String verificationMethod,
            String requirement, String requirementDetail) {}

    /**
     * An Okta user with what it reaches in AWS.
     *
     * @param assignedToAwsApp has an app user in an ACTIVE {@code amazon_aws_sso} app
     * @param hasAppUser has an app user in any {@code amazon_aws_sso} app (active or not, any status)
     * @param daysInactive days since the last sign-in, or since creation when never signed in; null when neither is known
     * @param idcUserId the joined Identity Store user, or null
     * @param idcStatus its UserStatus (ENABLED, DISABLED), or null when unknown (the Identity Store left it out)
     * @param accountIds the accounts the joined Identity Store user reaches (directly or through groups)
     * @param idcJoinedBy which key joined the two users (see {@link IdcUser#joinedBy}), or null
     */
    public record OktaUser(
            String id, String login, String email, String status, Instant lastLogin, Long daysSinceLastLogin,
            Long daysInactive, boolean assignedToAwsApp, boolean hasAppUser, List<String> appScopes, List<String> groupNames,
            String idcUserId, String idcUserName, String idcEmail, String idcStatus, List<String> accountIds,
            boolean hasAwsAccess, String idcJoinedBy) {
        public OktaUser {
            appScopes = List.copyOf(appScopes);
            groupNames = List.copyOf(groupNames);
            accountIds = List.copyOf(accountIds);
        }
    }

    /**
     * An Identity Store user joined with its Okta user (RULES.md join order).
     *
     * @param status UserStatus (ENABLED, DISABLED), or null when unknown: the Identity Store left it out
     * @param joinedBy the key that joined the pair: {@code appUser.externalId} (= UserId),
     *     {@code externalId} (ExternalIds[].Id = Okta user id), {@code appUser.userName} (the app
     *     user's credentials.userName = UserName), {@code userNameTemplate <template>} (the user name
     *     the app's template makes from the Okta user's login or email = UserName); null when unmatched
     */
    public record IdcUser(
            String userId, String userName, String displayName, String email, String status, List<String> externalIds,
            String oktaUserId, String oktaLogin, String oktaEmail, String oktaStatus, String joinedBy,
            boolean oktaAssignedToAwsApp, List<String> groupIds, List<String> groupNames, List<String> accountIds) {
        public IdcUser {
            externalIds = List.copyOf(externalIds);
            groupIds = List.copyOf(groupIds);
            groupNames = List.copyOf(groupNames);
            accountIds = List.copyOf(accountIds);
        }
    }

    /**
     * A group push mapping and the Identity Store group it pushes to.
     *
     * @param targetGroupId the Okta APP_GROUP that stands for the group in AWS (not an Identity Store GroupId)
     * @param targetGroupName that APP_GROUP's name, or null when not known
     * @param idcGroupId the Identity Store group whose DisplayName is the target's name, or null
     * @param matchedBy how the Identity Store group was found, for findings; null when none was
     */
    public record PushMapping(
            String id, String appId, String sourceGroupId, String sourceGroupName, String targetGroupId,
            String status, String errorSummary, String targetGroupName, String idcGroupId, String matchedBy) {}

    /**
     * An Identity Store group joined with its Okta group.
     *
     * @param oktaGroupJoinedBy how the Okta group was found: {@code pushMapping} (a mapping's target
     *     is named as this group), {@code externalId} (ExternalIds[].Id = an OKTA_GROUP id) or {@code name}
     *     (an OKTA_GROUP of the same name); null when none was
     * @param assigned used by at least one Identity Center assignment
     * @param oktaMembersKnown the Okta group's members were collected
     * @param extraMembers Identity Store members that are not in the Okta group (user names)
     * @param missingMembers Okta members absent from the Identity Store group (Okta logins)
     */
    public record IdcGroup(
            String groupId, String displayName, List<String> externalIds, String oktaGroupId, String oktaGroupName,
            List<PushMapping> pushMappings, boolean assigned, List<String> memberUserNames, boolean oktaMembersKnown,
            List<String> extraMembers, List<String> missingMembers, String oktaGroupJoinedBy) {
        public IdcGroup {
            externalIds = List.copyOf(externalIds);
            pushMappings = List.copyOf(pushMappings);
            memberUserNames = List.copyOf(memberUserNames);
            extraMembers = List.copyOf(extraMembers);
            missingMembers = List.copyOf(missingMembers);
        }
    }

    public record Instance(
            String instanceArn, String identityStoreId, String ownerAccountId, String name, String status,
            boolean organizationInstance) {}

    public record FailedProvisioning(String accountId, String requestId, String failureReason) {}

    /**
     * A permission set with its derived facts.
     *
     * <p>Facts only: which sets count as administrative or escalating is the rules' judgment (their
     * params), read from {@code managedPolicyNames} and {@code allowedActionsOnAnyResource}.
     *
     * @param sessionHours SessionDuration in hours (AWS default PT1H when unset); null when unreadable
     * @param allowedActionsOnAnyResource the inline policy's Allow actions on Resource *, as written ({@code *} for all)
     */
    public record PermissionSet(
            String arn, String name, String sessionDuration, Double sessionHours, List<String> managedPolicyNames,
            List<String> customerManagedPolicyNames, boolean inlinePolicyParsed, List<String> allowedActionsOnAnyResource,
            long assignmentCount, List<String> assignedAccountIds,
            List<String> outdatedAccountIds, List<FailedProvisioning> failedProvisioning) {
        public PermissionSet {
            managedPolicyNames = List.copyOf(managedPolicyNames);
            customerManagedPolicyNames = List.copyOf(customerManagedPolicyNames);
            allowedActionsOnAnyResource = List.copyOf(allowedActionsOnAnyResource);
            assignedAccountIds = List.copyOf(assignedAccountIds);
            outdatedAccountIds = List.copyOf(outdatedAccountIds);
            failedProvisioning = List.copyOf(failedProvisioning);
        }
    }

    /**
     * An account assignment joined with its principal, permission set and account.
     *
     * @param id {@code <accountId>/<permission set name>/<principal name or id>}: stable and readable, for waivers
     * @param permissionSetManagedPolicyNames the permission set's AWS managed policies (empty when it is unknown)
     * @param permissionSetAllowedActionsOnAnyResource the permission set's inline Allow actions on Resource *
     * @param accountState null when the account is not in the organization
     */
    public record Assignment(
            String id, String name, String permissionSetArn, String permissionSetName,
            List<String> permissionSetManagedPolicyNames, List<String> permissionSetAllowedActionsOnAnyResource,
            String accountId, String accountName, String accountState, boolean accountInOrganization,
            boolean managementAccount, String principalType, String principalId, String principalName,
            boolean principalExists) {
        public Assignment {
            permissionSetManagedPolicyNames = List.copyOf(permissionSetManagedPolicyNames);
            permissionSetAllowedActionsOnAnyResource = List.copyOf(permissionSetAllowedActionsOnAnyResource);
        }
    }

    /**
     * An organization account.
     *
     * @param scpNames the SCPs that apply to it: attached to it, to an OU above it, or to the root
     * @param scpDeniedActions actions those SCPs deny unconditionally
     * @param scpRegionAllowList the regions left usable by the region-locking SCPs (aws:RequestedRegion); empty when none lock
     * @param regionLocked some SCP that applies denies requests outside a region list
     */
    public record Account(
            String id, String name, String state, String ouPath, boolean management, List<String> scpNames,
            List<String> scpDeniedActions, List<String> scpRegionAllowList, boolean regionLocked) {
        public Account {
            scpNames = List.copyOf(scpNames);
            scpDeniedActions = List.copyOf(scpDeniedActions);
            scpRegionAllowList = List.copyOf(scpRegionAllowList);
        }
    }

    public record Scp(
            String id, String name, boolean awsManaged, List<String> targetIds, List<String> deniedActions,
            List<String> regionAllowList) {
        public Scp {
            targetIds = List.copyOf(targetIds);
            deniedActions = List.copyOf(deniedActions);
            regionAllowList = List.copyOf(regionAllowList);
        }
    }

    /**
     * A reserved role in a member account, or the role an assignment should have produced.
     *
     * @param roleExists false for an assigned permission set with no role in the account
     * @param assigned the permission set is assigned in that account
     * @param daysSinceUsed days since RoleLastUsed, or since creation when never used; null when unknown or no role
     */
    public record ReservedRole(
            String id, String accountId, String accountName, String roleName, String arn, String permissionSetName,
            boolean roleExists, boolean assigned, Instant lastUsed, Long daysSinceUsed) {}

    public record SamlProvider(String id, String accountId, String name, String arn, boolean identityCenter) {}

    /** A credential report row (the root row excluded). */
    public record IamUser(
            String id, String accountId, String user, String arn, boolean passwordEnabled, boolean accessKey1Active,
            boolean accessKey2Active) {}

    public record Trail(String name, String arn, String homeRegion, boolean organizationTrail, boolean multiRegion, Boolean logging) {}

    public record Organization(
            String id, String featureSet, String managementAccountId, List<String> enabledFeatures) {
        public Organization {
            enabledFeatures = List.copyOf(enabledFeatures);
        }
    }

    /**
     * One row of the access matrix: who reaches which account with which permission set, and how.
     *
     * @param viaGroupId the group that grants it, or null for a direct user assignment
     */
    public record AccessPath(
            String idcUserId, String userName, String oktaUserId, String accountId, String accountName,
            String permissionSetName, String viaGroupId, String viaGroupName) {}

    /**
     * A Revoke decision of a closed access review (idaudit review; given with {@code run --review}):
     * not collected, an input beside the snapshot. The path is named as the access matrix names it.
     *
     * @param decidedAt when the reviewer's workbook was imported
     * @param closedAt when the campaign was closed: the grace period runs from here
     */
    public record ReviewDecision(
            String campaignId, String itemId, String reviewer, Instant decidedAt, Instant closedAt, String idcUserId,
            String userName, String accountId, String permissionSetName, String viaGroupId, String viaGroupName) {}

    /**
     * A Revoke decision checked against this snapshot's access matrix.
     *
     * @param stillPresent the access path (user, account, permission set, group or direct) is still in the access matrix
     * @param daysSinceClose whole days from the campaign's close to the model's "now"
     */
    public record ReviewRevocation(
            String id, String campaignId, String itemId, String reviewer, String decidedOn, String userName, String accountId,
            String permissionSetName, String grantedThrough, boolean stillPresent, long daysSinceClose) {}
}
