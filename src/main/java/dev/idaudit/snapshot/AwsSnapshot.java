package dev.idaudit.snapshot;

import java.time.Instant;
import java.util.List;

/** What was read from the AWS Organization, its Identity Center and its member accounts. */
public record AwsSnapshot(
        String region,
        String callerArn,
        Organization organization,
        List<Account> accounts,
        List<OrganizationalUnit> organizationalUnits,
        List<ServiceControlPolicy> serviceControlPolicies,
        List<Trail> trails,
        IdentityCenter identityCenter,
        List<MemberAccount> memberAccounts) {

    public AwsSnapshot {
        accounts = Lists.copy(accounts);
        organizationalUnits = Lists.copy(organizationalUnits);
        serviceControlPolicies = Lists.copy(serviceControlPolicies);
        trails = Lists.copy(trails);
        memberAccounts = Lists.copy(memberAccounts);
    }

    /**
     * DescribeOrganization, plus iam ListOrganizationsFeatures.
     *
     * @param featureSet ALL or CONSOLIDATED_BILLING
     * @param enabledFeatures e.g. RootCredentialsManagement, RootSessions
     */
    public record Organization(
            @Required String id,
            String arn,
            String featureSet,
            String managementAccountId,
            String managementAccountEmail,
            List<String> enabledFeatures) {
        public Organization {
            enabledFeatures = Lists.copy(enabledFeatures);
        }
    }

    /**
     * ListAccounts.
     *
     * @param state ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED (from Status when State is absent)
     * @param ouPath the names from the root, e.g. {@code Root/Workloads/Prod}
     */
    public record Account(
            @Required String id, String arn, String name, String email, String state, String parentId, String ouPath, Instant joined) {}

    public record OrganizationalUnit(@Required String id, String arn, String name, String parentId, String path) {}

    /** ListPolicies(SERVICE_CONTROL_POLICY) + DescribePolicy + ListTargetsForPolicy. */
    public record ServiceControlPolicy(
            @Required String id, String arn, String name, String description, boolean awsManaged, String content, List<Target> targets) {
        public ServiceControlPolicy {
            targets = Lists.copy(targets);
        }
    }

    /** type: ROOT, ORGANIZATIONAL_UNIT or ACCOUNT. */
    public record Target(@Required String targetId, String type, String name) {}

    /** cloudtrail DescribeTrails + GetTrailStatus. isLogging is null when the status could not be read. */
    public record Trail(
            @Required String name, String arn, String homeRegion, boolean organizationTrail, boolean multiRegion, Boolean logging) {}

    public record IdentityCenter(
            List<Instance> instances,
            List<PermissionSet> permissionSets,
            List<Assignment> assignments,
            List<ProvisioningRequest> provisioningRequests,
            List<IdentityStoreUser> users,
            List<IdentityStoreGroup> groups,
            List<GroupMembership> groupMemberships) {
        public IdentityCenter {
            instances = Lists.copy(instances);
            permissionSets = Lists.copy(permissionSets);
            assignments = Lists.copy(assignments);
            provisioningRequests = Lists.copy(provisioningRequests);
            users = Lists.copy(users);
            groups = Lists.copy(groups);
            groupMemberships = Lists.copy(groupMemberships);
        }
    }

    /** sso-admin ListInstances (+ DescribeInstance for status). */
    public record Instance(@Required String instanceArn, String identityStoreId, String ownerAccountId, String name, String status) {}

    /**
     * DescribePermissionSet and its policies.
     *
     * @param sessionDuration ISO-8601 as AWS returns it, e.g. {@code PT8H}
     * @param inlinePolicy the JSON policy document, or null when there is none
     * @param provisionedAccountIds ListAccountsForProvisionedPermissionSet, LATEST_PERMISSION_SET_PROVISIONED
     * @param outdatedAccountIds ListAccountsForProvisionedPermissionSet, LATEST_PERMISSION_SET_NOT_PROVISIONED
     */
    public record PermissionSet(
            @Required String arn,
            String name,
            String description,
            String sessionDuration,
            String relayState,
            Instant created,
            List<ManagedPolicy> awsManagedPolicies,
            List<CustomerManagedPolicy> customerManagedPolicies,
            String inlinePolicy,
            PermissionsBoundary permissionsBoundary,
            List<String> provisionedAccountIds,
            List<String> outdatedAccountIds) {
        public PermissionSet {
            awsManagedPolicies = Lists.copy(awsManagedPolicies);
            customerManagedPolicies = Lists.copy(customerManagedPolicies);
            provisionedAccountIds = Lists.copy(provisionedAccountIds);
            outdatedAccountIds = Lists.copy(outdatedAccountIds);
        }
    }

    public record ManagedPolicy(String name, @Required String arn) {}

    public record CustomerManagedPolicy(@Required String name, String path) {}

    /** Either a customer managed policy reference or an AWS managed policy ARN. */
    public record PermissionsBoundary(String customerManagedPolicyName, String customerManagedPolicyPath, String managedPolicyArn) {}

    /** ListAccountAssignments. principalType: USER or GROUP. */
    public record Assignment(
            @Required String permissionSetArn, @Required String accountId, @Required String principalType, @Required String principalId) {}

    /** ListPermissionSetProvisioningStatus + DescribePermissionSetProvisioningStatus. status: IN_PROGRESS, FAILED, SUCCEEDED. */
    public record ProvisioningRequest(
            String requestId, String status, String permissionSetArn, String accountId, String failureReason, Instant createdDate) {}

    /**
     * identitystore ListUsers.
     *
     * @param userStatus ENABLED or DISABLED as ListUsers answered it; null when the answer left it
     *        out (the field is optional): unknown, not DISABLED
     */
    public record IdentityStoreUser(
            @Required String userId,
            String userName,
            String displayName,
            String primaryEmail,
            List<ExternalId> externalIds,
            String userStatus) {
        public IdentityStoreUser {
            externalIds = Lists.copy(externalIds);
        }
    }

    public record IdentityStoreGroup(@Required String groupId, String displayName, String description, List<ExternalId> externalIds) {
        public IdentityStoreGroup {
            externalIds = Lists.copy(externalIds);
        }
    }

    public record ExternalId(String issuer, String id) {}

    public record GroupMembership(String membershipId, @Required String groupId, @Required String userId) {}

    /** What was read inside one member account, through the assumed read-only role. */
    public record MemberAccount(
            @Required String accountId,
            List<ReservedRole> reservedRoles,
            List<SamlProvider> samlProviders,
            List<CredentialReportRow> credentialReport) {
        public MemberAccount {
            reservedRoles = Lists.copy(reservedRoles);
            samlProviders = Lists.copy(samlProviders);
            credentialReport = Lists.copy(credentialReport);
        }
    }

    /**
     * An {@code AWSReservedSSO_<permission set>_<hex>} role from path {@code /aws-reserved/sso.amazonaws.com/}.
     *
     * @param permissionSetName parsed from the role name
     * @param lastUsed IAM's RoleLastUsed.LastUsedDate (GetAccountAuthorizationDetails); null when never used
     */
    public record ReservedRole(
            @Required String roleName, String arn, String path, String permissionSetName, Instant created, Instant lastUsed, String lastUsedRegion) {}

    public record SamlProvider(@Required String arn, String name, Instant created, Instant validUntil) {}

    /** One row of the IAM credential report ({@code <root_account>} included). */
    public record CredentialReportRow(
            @Required String user,
            String arn,
            boolean passwordEnabled,
            boolean mfaActive,
            boolean accessKey1Active,
            boolean accessKey2Active,
            Instant passwordLastUsed,
            Instant accessKey1LastUsed,
            Instant accessKey2LastUsed) {}
}
