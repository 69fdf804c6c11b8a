package dev.idaudit.collect.aws;

import dev.idaudit.collect.Issues;
import dev.idaudit.collect.PreflightCheck;
import dev.idaudit.collect.PreflightCheck.Result;
import dev.idaudit.collect.Progress;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * What {@code idaudit doctor} asks AWS: one minimal call (a page of one) for every action in
 * {@link AwsPermissions}, with the caller's credentials, then sts:AssumeRole of the member role
 * into each account a collection would enter, and the account actions there. A call that AWS
 * refuses is MISSING, with the policy statement (or trust policy) that grants it.
 *
 * <p>Nothing is written, except that iam:GenerateCredentialReport asks IAM to refresh an
 * account's credential report, which a collection does anyway.
 */
public final class AwsPreflight {
    private static final String SIGN_IN = "sts:GetCallerIdentity (sign-in)";

    /** AWS's error codes for a call the caller is not allowed to make. */
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "UnauthorizedAccess", "AuthorizationError", "AuthorizationErrorException", "Forbidden");

    /**
     * Answers that come only after the call was authorised: the probe found nothing there, which
     * is all it needed to know (IAM evaluates permissions before it looks for the resource).
     */
    private static final Set<String> AUTHORISED_BUT_EMPTY = Set.of("ResourceNotFoundException", "NoSuchEntity",
            "ReportNotPresent", "ReportInProgress", "ReportExpired", "TrailNotFoundException", "PolicyNotFoundException",
            "ServiceAccessNotEnabledException", "OrganizationNotInAllFeaturesModeException");

    private final AwsConfig config;
    private final AwsCredentialsProvider credentials;
    private final List<PreflightCheck> checks = new ArrayList<>();

    /** With the credentials a collection would use (the default chain, or the configured profile). */
    public AwsPreflight(AwsConfig config) {
        this(config, AwsCollector.defaultCredentials(config));
    }

    AwsPreflight(AwsConfig config, AwsCredentialsProvider credentials) {
        this.config = config;
        this.credentials = credentials;
    }

    /** With fixed keys, for callers that must not import the AWS SDK (the sandbox). */
    public static AwsPreflight withStaticKeys(AwsConfig config, String accessKeyId, Secret secretAccessKey) {
        return new AwsPreflight(config,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey.reveal())));
    }

    /** Runs every check once; an unreachable endpoint or rejected credentials end it after the first. */
    public List<PreflightCheck> run() {
        checks.clear();
        // The SSO session first: the constructor has signed in through it (an expired one ends there, with what to run).
        SsoSignIn.ssoProfile(config.profile()).ifPresent(p -> checks.add(PreflightCheck.ok("aws", "SSO session (profile " + p.name() + ")",
                SsoSignIn.timeLeft(p, java.time.Instant.now()).map(left -> "signed in; the session has " + SsoSignIn.describe(left) + " left")
                        .orElse("signed in; how long the session lasts is not known (its token cache file could not be read)"))));
        try (ClientFactory clients = new ClientFactory(AwsCollector.resolveRegion(config), config.endpointUrl(), Progress.SILENT);
             StsClient sts = clients.build(StsClient.builder(), credentials, "aws");
             OrganizationsClient organizations = clients.build(OrganizationsClient.builder(), credentials, "aws");
             IamClient iam = clients.build(IamClient.builder(), credentials, "aws");
             CloudTrailClient cloudTrail = clients.build(CloudTrailClient.builder(), credentials, "aws");
             SsoAdminClient ssoAdmin = clients.build(SsoAdminClient.builder(), credentials, "aws");
             IdentitystoreClient identityStore = clients.build(IdentitystoreClient.builder(), credentials, "aws")) {
            GetCallerIdentityResponse caller;
            try {
                caller = sts.getCallerIdentity();
            } catch (SdkException e) {
                checks.add(new PreflightCheck("aws", SIGN_IN, failure(e), Calls.errorCode(e) + ": " + Calls.message(e), null));
                return List.copyOf(checks);
            }
            checks.add(PreflightCheck.ok("aws", SIGN_IN, caller.arn()));
            String callerPrincipal = principalArn(caller.arn());
            Fix callerFix = action -> "add to the IAM policy of " + callerPrincipal + ":\n" + statementFor(action);

            String managementAccount = organization(organizations, iam, cloudTrail, callerFix);
            identityCenter(ssoAdmin, identityStore, caller.account(), caller.account().equals(managementAccount), callerFix);
            // The caller's own account is read with its own credentials; its instances were listed above.
            insideAccount("aws:" + caller.account(), iam, ssoAdmin, false, callerFix);

            OrganizationReader.Tree tree = new OrganizationReader(organizations, iam, cloudTrail,
                    new Calls(new Issues(), Progress.SILENT, "aws"), PageSizes.LARGEST).tree();
            for (String accountId : AwsCollector.accountsToEnter(config, tree)) {
                if (!accountId.equals(caller.account())) {
                    memberAccount(clients, sts, AwsCollector.partition(caller.arn()), accountId, callerPrincipal);
                }
            }
        }
        return List.copyOf(checks);
    }

    /** What to add so that {@code action} is allowed: the text of a MISSING check's fix. */
    @FunctionalInterface
    private interface Fix {
        String forAction(String action);
    }

    /** Probes the organization's actions; returns the management account's id, or null when it could not be read. */
    private String organization(OrganizationsClient organizations, IamClient iam, CloudTrailClient cloudTrail, Fix fix) {
        String managementAccount = probe("aws", "organizations:DescribeOrganization",
                () -> organizations.describeOrganization().organization(), fix)
                .map(OrganizationReader::managementAccountId).orElse(null);
        probe("aws", "iam:ListOrganizationsFeatures", () -> iam.listOrganizationsFeatures(r -> {}), fix);
        var root = probe("aws", "organizations:ListRoots", () -> organizations.listRoots(r -> r.maxResults(1)).roots(), fix)
                .flatMap(roots -> roots.stream().findFirst());
        ifFound("aws", "organizations:ListRoots", root.map(r -> r.id()), "no organization root to list", rootId -> {
            probe("aws", "organizations:ListOrganizationalUnitsForParent",
                    () -> organizations.listOrganizationalUnitsForParent(r -> r.parentId(rootId).maxResults(1)), fix);
            probe("aws", "organizations:ListAccountsForParent",
                    () -> organizations.listAccountsForParent(r -> r.parentId(rootId).maxResults(1)), fix);
        }, "organizations:ListOrganizationalUnitsForParent", "organizations:ListAccountsForParent");
        var policy = probe("aws", "organizations:ListPolicies", () -> organizations.listPolicies(
                r -> r.filter(PolicyType.SERVICE_CONTROL_POLICY).maxResults(1)).policies(), fix)
                .flatMap(p -> p.stream().findFirst());
        ifFound("aws", "organizations:ListPolicies", policy.map(p -> p.id()), "no service control policy to read", policyId -> {
            probe("aws", "organizations:DescribePolicy", () -> organizations.describePolicy(r -> r.policyId(policyId)), fix);
            probe("aws", "organizations:ListTargetsForPolicy",
                    () -> organizations.listTargetsForPolicy(r -> r.policyId(policyId).maxResults(1)), fix);
        }, "organizations:DescribePolicy", "organizations:ListTargetsForPolicy");
        var trail = probe("aws", "cloudtrail:DescribeTrails",
                () -> cloudTrail.describeTrails(r -> r.includeShadowTrails(true)).trailList(), fix)
                .flatMap(t -> t.stream().findFirst());
        ifFound("aws", "cloudtrail:DescribeTrails", trail.map(t -> t.trailARN()), "no trail to read the status of",
                arn -> probe("aws", "cloudtrail:GetTrailStatus", () -> cloudTrail.getTrailStatus(r -> r.name(arn)), fix),
                "cloudtrail:GetTrailStatus");
        probe("aws", "cloudtrail:ListTrails", () -> cloudTrail.listTrails(r -> {}), fix);
        return managementAccount;
    }

    private void identityCenter(SsoAdminClient ssoAdmin, IdentitystoreClient identityStore, String callerAccount,
                                boolean managementAccountCaller, Fix fix) {
        var listed = probe("aws", "sso:ListInstances", () -> ssoAdmin.listInstances(r -> r.maxResults(1)).instances(), fix);
        var instance = listed.flatMap(i -> i.stream().findFirst());
        if (listed.isPresent() && instance.isEmpty()) {
            checks.add(new PreflightCheck("aws", "Identity Center instance", Result.ERROR,
                    "the caller's account has no IAM Identity Center instance: run idaudit with credentials of the "
                            + "management account or of Identity Center's delegated administrator", null));
        }
        ifFound("aws", "sso:ListInstances", instance, "no Identity Center instance", i -> {
            String instanceArn = i.instanceArn();
            probe("aws", "sso:DescribeInstance", () -> ssoAdmin.describeInstance(r -> r.instanceArn(instanceArn)), fix);
            var permissionSet = probe("aws", "sso:ListPermissionSets",
                    () -> ssoAdmin.listPermissionSets(r -> r.instanceArn(instanceArn).maxResults(1)).permissionSets(), fix)
                    .flatMap(p -> p.stream().findFirst());
            ifFound("aws", "sso:ListPermissionSets", permissionSet, "no permission set to read", arn -> permissionSet(ssoAdmin, instanceArn, arn, callerAccount, fix),
                    "sso:DescribePermissionSet", "sso:ListManagedPoliciesInPermissionSet",
                    "sso:ListCustomerManagedPolicyReferencesInPermissionSet", "sso:GetInlinePolicyForPermissionSet",
                    "sso:GetPermissionsBoundaryForPermissionSet", "sso:ListAccountsForProvisionedPermissionSet",
                    "sso:ListAccountAssignments");
            var request = probe("aws", "sso:ListPermissionSetProvisioningStatus",
                    () -> ssoAdmin.listPermissionSetProvisioningStatus(r -> r.instanceArn(instanceArn).maxResults(1))
                            .permissionSetsProvisioningStatus(), fix)
                    .flatMap(p -> p.stream().findFirst());
            ifFound("aws", "sso:ListPermissionSetProvisioningStatus", request.map(r -> r.requestId()), "no provisioning request to describe",
                    id -> probe("aws", "sso:DescribePermissionSetProvisioningStatus", () -> ssoAdmin.describePermissionSetProvisioningStatus(
                            r -> r.instanceArn(instanceArn).provisionPermissionSetRequestId(id)), fix),
                    "sso:DescribePermissionSetProvisioningStatus");
            String storeId = i.identityStoreId();
            var user = probe("aws", "identitystore:ListUsers",
                    () -> identityStore.listUsers(r -> r.identityStoreId(storeId).maxResults(1)).users(), fix)
                    .flatMap(u -> u.stream().findFirst());
            String forPrincipal = "sso:ListAccountAssignmentsForPrincipal";
            if (!managementAccountCaller || !callerAccount.equals(i.ownerAccountId())) {
                // AWS serves it only to the management account, for its organization instance; a collection does not call it otherwise.
                checks.add(PreflightCheck.skipped("aws", forPrincipal, "the caller is not known to be in the management account "
                        + "(a collection lists assignments per permission set and account instead)"));
            } else {
                ifFound("aws", "identitystore:ListUsers", user.map(u -> u.userId()), "no user to list the assignments of",
                        userId -> probe("aws", forPrincipal, () -> ssoAdmin.listAccountAssignmentsForPrincipal(r -> r.instanceArn(instanceArn)
                                .principalType(PrincipalType.USER).principalId(userId).maxResults(1)), fix),
                        forPrincipal);
            }
            var group = probe("aws", "identitystore:ListGroups",
                    () -> identityStore.listGroups(r -> r.identityStoreId(storeId).maxResults(1)).groups(), fix)
                    .flatMap(g -> g.stream().findFirst());
            ifFound("aws", "identitystore:ListGroups", group.map(g -> g.groupId()), "no group to list the members of",
                    groupId -> probe("aws", "identitystore:ListGroupMemberships",
                            () -> identityStore.listGroupMemberships(r -> r.identityStoreId(storeId).groupId(groupId).maxResults(1)), fix),
                    "identitystore:ListGroupMemberships");
        }, "sso:DescribeInstance", "sso:ListPermissionSets", "sso:ListPermissionSetProvisioningStatus",
                "identitystore:ListUsers", "identitystore:ListGroups");
    }

    private void permissionSet(SsoAdminClient ssoAdmin, String instanceArn, String arn, String callerAccount, Fix fix) {
        probe("aws", "sso:DescribePermissionSet",
                () -> ssoAdmin.describePermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(arn)), fix);
        probe("aws", "sso:ListManagedPoliciesInPermissionSet", () -> ssoAdmin.listManagedPoliciesInPermissionSet(
                r -> r.instanceArn(instanceArn).permissionSetArn(arn).maxResults(1)), fix);
        probe("aws", "sso:ListCustomerManagedPolicyReferencesInPermissionSet", () -> ssoAdmin.listCustomerManagedPolicyReferencesInPermissionSet(
                r -> r.instanceArn(instanceArn).permissionSetArn(arn).maxResults(1)), fix);
        probe("aws", "sso:GetInlinePolicyForPermissionSet",
                () -> ssoAdmin.getInlinePolicyForPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(arn)), fix);
        probe("aws", "sso:GetPermissionsBoundaryForPermissionSet",
                () -> ssoAdmin.getPermissionsBoundaryForPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(arn)), fix);
        String account = probe("aws", "sso:ListAccountsForProvisionedPermissionSet", () -> ssoAdmin.listAccountsForProvisionedPermissionSet(
                        r -> r.instanceArn(instanceArn).permissionSetArn(arn)
                                .provisioningStatus(ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED).maxResults(1)).accountIds(), fix)
                .flatMap(a -> a.stream().findFirst())
                // Any account will do: the call is authorised before the assignments are looked up.
                .orElse(callerAccount);
        probe("aws", "sso:ListAccountAssignments", () -> ssoAdmin.listAccountAssignments(
                r -> r.instanceArn(instanceArn).accountId(account).permissionSetArn(arn).maxResults(1)), fix);
    }

    /** The account actions, in one account, with the credentials the clients hold. */
    private void insideAccount(String where, IamClient iam, SsoAdminClient ssoAdmin, boolean listInstances, Fix fix) {
        probe(where, "iam:GetAccountAuthorizationDetails",
                () -> iam.getAccountAuthorizationDetails(r -> r.filter(EntityType.ROLE).maxItems(1)), fix);
        probe(where, "iam:ListSAMLProviders", () -> iam.listSAMLProviders(r -> {}), fix);
        probe(where, "iam:GenerateCredentialReport", () -> iam.generateCredentialReport(r -> {}), fix);
        probe(where, "iam:GetCredentialReport", () -> iam.getCredentialReport(r -> {}), fix);
        if (listInstances) {
            var instance = probe(where, "sso:ListInstances", () -> ssoAdmin.listInstances(r -> r.maxResults(1)).instances(), fix)
                    .flatMap(i -> i.stream().findFirst());
            ifFound(where, "sso:ListInstances", instance.map(i -> i.instanceArn()), "no account instance of Identity Center here",
                    arn -> probe(where, "sso:DescribeInstance", () -> ssoAdmin.describeInstance(r -> r.instanceArn(arn)), fix),
                    "sso:DescribeInstance");
        }
    }

    private void memberAccount(ClientFactory clients, StsClient sts, String partition, String accountId, String callerPrincipal) {
        String where = "aws:" + accountId;
        String roleArn = AwsCollector.memberRoleArn(partition, accountId, config.memberRoleName());
        try (StsAssumeRoleCredentialsProvider role = AwsCollector.memberRole(sts, config, partition, accountId)) {
            Fix trustFix = action -> "the caller may not assume " + roleArn + ": the role is missing, or its trust policy does not "
                    + "trust the caller" + (config.memberRoleExternalId() != null ? " with this ExternalId" : "")
                    + ", or the caller's policy does not allow it. Deploy deploy/aws/member-role-stackset.yaml, or give the role this "
                    + "trust policy:\n" + AwsPermissions.pretty(AwsPermissions.memberRoleTrustPolicy(callerPrincipal, config.memberRoleExternalId()))
                    + "\nand the caller this statement:\n"
                    + AwsPermissions.pretty(AwsPermissions.statement("AssumeMemberReadOnlyRole", List.of(AwsPermissions.ASSUME_ROLE),
                            AwsPermissions.memberRoleResource(partition, config.memberRoleName())));
            if (probe(where, AwsPermissions.ASSUME_ROLE + " " + config.memberRoleName(), role::resolveCredentials, trustFix).isEmpty()) {
                return;
            }
            Fix memberFix = action -> "add to the policy of role " + roleArn + " (docs/permissions/aws-member-role-policy.json):\n"
                    + statementFor(action);
            try (IamClient iam = clients.build(IamClient.builder(), role, where);
                 SsoAdminClient ssoAdmin = clients.build(SsoAdminClient.builder(), role, where)) {
                insideAccount(where, iam, ssoAdmin, true, memberFix);
            }
        }
    }

    /**
     * Runs one probe and records it: OK when AWS answers (or says there is nothing there), MISSING
     * when it refuses, UNREACHABLE without an answer, ERROR otherwise.
     *
     * @return what AWS answered, when it did
     */
    private <T> Optional<T> probe(String where, String action, Supplier<T> call, Fix fix) {
        try {
            T answer = call.get();
            checks.add(PreflightCheck.ok(where, action, ""));
            return Optional.ofNullable(answer);
        } catch (SdkException e) {
            String code = Calls.errorCode(e);
            String detail = code + ": " + Calls.message(e);
            if (AUTHORISED_BUT_EMPTY.contains(code)) {
                checks.add(PreflightCheck.ok(where, action, "allowed (" + code + ")"));
            } else {
                Result result = failure(e);
                checks.add(new PreflightCheck(where, action, result, detail,
                        result == Result.MISSING ? fix.forAction(action.split(" ")[0]) : null));
            }
            return Optional.empty();
        }
    }

    /**
     * Runs {@code then} with what the {@code lookup} probe found; when it found nothing, the checks
     * that needed it are SKIPPED (nothing to try them on), or, when the lookup itself failed, not
     * tried and marked with that failure's result.
     */
    private <T> void ifFound(String where, String lookup, Optional<T> found, String nothingThere, Consumer<T> then, String... needingIt) {
        if (found.isPresent()) {
            then.accept(found.get());
            return;
        }
        Result lookupResult = checks.stream().filter(c -> c.where().equals(where) && c.check().equals(lookup))
                .reduce((first, last) -> last).map(PreflightCheck::result).orElse(Result.OK);
        for (String action : needingIt) {
            checks.add(lookupResult.passes()
                    ? PreflightCheck.skipped(where, action, nothingThere + " (a collection makes no such call either)")
                    : new PreflightCheck(where, action, lookupResult, "not tried: " + lookup + " failed", null));
        }
    }

    private static Result failure(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return DENIED.contains(Calls.errorCode(e)) || service.statusCode() == 403 && !isCredentialError(Calls.errorCode(e))
                    ? Result.MISSING : Result.ERROR;
        }
        return PreflightCheck.noAnswer(e) ? Result.UNREACHABLE : Result.ERROR;
    }

    /** 403s that are about the credentials themselves, not a permission. */
    private static boolean isCredentialError(String code) {
        return Set.of("InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException",
                "UnrecognizedClientException", "InvalidSignatureException", "MissingAuthenticationToken",
                "MissingAuthenticationTokenException").contains(code);
    }

    private static String statementFor(String action) {
        return AwsPermissions.pretty(AwsPermissions.statement(sid(action), List.of(action), "*"));
    }

    private static String sid(String action) {
        return "IdAudit" + action.replaceAll("[^A-Za-z0-9]", "");
    }

    /**
     * The principal to name in a trust policy: a role for an assumed-role session
     * (arn:aws:sts::1:assumed-role/R/s becomes arn:aws:iam::1:role/R; a role path, which the
     * session ARN does not show, must be added by hand), else the ARN itself.
     */
    static String principalArn(String callerArn) {
        String[] parts = callerArn.split(":", 6);
        if (parts.length == 6 && parts[2].equals("sts") && parts[5].startsWith("assumed-role/")) {
            String role = parts[5].substring("assumed-role/".length()).split("/")[0];
            return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + role;
        }
        return callerArn;
    }
}
