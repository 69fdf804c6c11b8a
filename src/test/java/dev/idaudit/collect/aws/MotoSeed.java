package dev.idaudit.collect.aws;

import java.net.URI;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.identitystore.model.Email;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.TargetType;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Seeds a moto server through the AWS SDK with a small Organization + Identity Center setup and
 * remembers the ids moto gave out. moto's management account is the caller's, 123456789012.
 *
 * <p>What moto cannot do shapes the seed: its ListAccountsForProvisionedPermissionSet answers with
 * the caller's account for any permission set provisioned there (and ignores the status filter), so
 * assignments are made in the management account, where the collector can find them; its Identity
 * Store keeps no ExternalIds or UserStatus; and it gives every account its own Identity Center
 * instance, so each member account shows an account instance.
 */
final class MotoSeed {
    static final String REGION = "us-east-1";
    static final String OTHER_REGION = "eu-west-1";
    static final String MANAGEMENT_ACCOUNT = "123456789012";
    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    static final String MEMBER_ROLE = "IdAuditReadOnly";
    static final String RESERVED_PATH = "/aws-reserved/sso.amazonaws.com/";
    static final String DENY_CLOUDTRAIL_SCP = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["cloudtrail:StopLogging","cloudtrail:DeleteTrail"],"Resource":"*"}]}""";
    static final String DEVELOPER_INLINE_POLICY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}""";

    private final URI endpoint;

    String organizationId;
    String rootId;
    String workloadsOuId;
    String prodOuId;
    String prodAccount;
    String devAccount;
    String suspendedAccount;
    String denyCloudTrailPolicyId;
    String instanceArn;
    String identityStoreId;
    String adminPermissionSetArn;
    String developerPermissionSetArn;
    String unusedPermissionSetArn;
    String aliceId;
    String bobId;
    String devopsGroupId;
    String aliceMembershipId;

    MotoSeed(URI endpoint) {
        this.endpoint = endpoint;
    }

    <B extends AwsClientBuilder<B, C>, C> C client(B builder, AwsCredentialsProvider credentials) {
        return builder.region(Region.of(REGION)).endpointOverride(endpoint).credentialsProvider(credentials).build();
    }

    MotoSeed seed() {
        try (OrganizationsClient org = client(OrganizationsClient.builder(), CREDENTIALS)) {
            organizationId = org.createOrganization(r -> r.featureSet(OrganizationFeatureSet.ALL)).organization().id();
            rootId = org.listRoots(r -> {}).roots().get(0).id();
            workloadsOuId = org.createOrganizationalUnit(r -> r.parentId(rootId).name("Workloads")).organizationalUnit().id();
            prodOuId = org.createOrganizationalUnit(r -> r.parentId(workloadsOuId).name("Prod")).organizationalUnit().id();
            prodAccount = createAccount(org, "acme-prod", prodOuId);
            devAccount = createAccount(org, "acme-dev", workloadsOuId);
            suspendedAccount = createAccount(org, "acme-sandbox", null);
            org.closeAccount(r -> r.accountId(suspendedAccount));
            denyCloudTrailPolicyId = org.createPolicy(r -> r.name("DenyCloudTrailTampering").description("protects trails")
                    .type(PolicyType.SERVICE_CONTROL_POLICY).content(DENY_CLOUDTRAIL_SCP)).policy().policySummary().id();
            org.attachPolicy(r -> r.policyId(denyCloudTrailPolicyId).targetId(workloadsOuId));
        }
        try (S3Client s3 = S3Client.builder().region(Region.of(REGION)).endpointOverride(endpoint).credentialsProvider(CREDENTIALS)
                .forcePathStyle(true).build();
             CloudTrailClient trails = client(CloudTrailClient.builder(), CREDENTIALS)) {
            s3.createBucket(r -> r.bucket("acme-trail-logs"));
            trails.createTrail(r -> r.name("acme-org-trail").s3BucketName("acme-trail-logs").isMultiRegionTrail(true)
                    .isOrganizationTrail(true));
            trails.startLogging(r -> r.name("acme-org-trail"));
        }
        // A multi-Region organization trail homed in another Region than the collection's: in REGION it is a shadow trail.
        try (S3Client s3 = S3Client.builder().region(Region.of(OTHER_REGION)).endpointOverride(endpoint).credentialsProvider(CREDENTIALS)
                .forcePathStyle(true).build();
             CloudTrailClient trails = CloudTrailClient.builder().region(Region.of(OTHER_REGION)).endpointOverride(endpoint)
                     .credentialsProvider(CREDENTIALS).build()) {
            s3.createBucket(r -> r.bucket("acme-trail-logs-eu").createBucketConfiguration(c -> c.locationConstraint(OTHER_REGION)));
            trails.createTrail(r -> r.name("acme-org-trail-eu").s3BucketName("acme-trail-logs-eu").isMultiRegionTrail(true)
                    .isOrganizationTrail(true));
        }
        seedIdentityCenter();
        seedMemberAccount(prodAccount, "AdminAccess", "0123456789abcdef");
        seedMemberAccount(devAccount, "Developer_Team", "fedcba9876543210");
        useRole(devAccount, RESERVED_PATH + "AWSReservedSSO_Developer_Team_fedcba9876543210");
        return this;
    }

    /** Someone signs in through a role: moto records RoleLastUsed when the role's session makes a call. */
    private void useRole(String accountId, String pathAndName) {
        try (StsClient sts = client(StsClient.builder(), CREDENTIALS)) {
            var credentials = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role" + pathAndName)
                    .roleSessionName("bob")).credentials();
            try (StsClient session = client(StsClient.builder(), StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))) {
                session.getCallerIdentity();
            }
        }
    }

    private static String createAccount(OrganizationsClient org, String name, String parentId) {
        String id = org.createAccount(r -> r.accountName(name).email(name + "@acme.example")).createAccountStatus().accountId();
        if (parentId != null) {
            String root = org.listRoots(r -> {}).roots().get(0).id();
            org.moveAccount(r -> r.accountId(id).sourceParentId(root).destinationParentId(parentId));
        }
        return id;
    }

    private void seedIdentityCenter() {
        try (SsoAdminClient sso = client(SsoAdminClient.builder(), CREDENTIALS);
             IdentitystoreClient store = client(IdentitystoreClient.builder(), CREDENTIALS)) {
            var instance = sso.listInstances(r -> {}).instances().get(0);
            instanceArn = instance.instanceArn();
            identityStoreId = instance.identityStoreId();

            adminPermissionSetArn = sso.createPermissionSet(r -> r.instanceArn(instanceArn).name("AdminAccess")
                    .description("full access").sessionDuration("PT12H")).permissionSet().permissionSetArn();
            sso.attachManagedPolicyToPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(adminPermissionSetArn)
                    .managedPolicyArn("arn:aws:iam::aws:policy/AdministratorAccess"));

            developerPermissionSetArn = sso.createPermissionSet(r -> r.instanceArn(instanceArn).name("Developer_Team")
                    .sessionDuration("PT8H").relayState("https://console.aws.amazon.com/")).permissionSet().permissionSetArn();
            sso.attachManagedPolicyToPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(developerPermissionSetArn)
                    .managedPolicyArn("arn:aws:iam::aws:policy/PowerUserAccess"));
            sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instanceArn)
                    .permissionSetArn(developerPermissionSetArn)
                    .customerManagedPolicyReference(c -> c.name("acme-dev-extras").path("/acme/")));
            sso.putInlinePolicyToPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(developerPermissionSetArn)
                    .inlinePolicy(DEVELOPER_INLINE_POLICY));

            unusedPermissionSetArn = sso.createPermissionSet(r -> r.instanceArn(instanceArn).name("SecurityAudit")
                    .sessionDuration("PT2H")).permissionSet().permissionSetArn();

            aliceId = store.createUser(r -> r.identityStoreId(identityStoreId).userName("alice@acme.example")
                    .displayName("Alice Example").name(n -> n.givenName("Alice").familyName("Example"))
                    .emails(Email.builder().value("alice.work@acme.example").type("work").primary(false).build(),
                            Email.builder().value("alice@acme.example").type("home").primary(true).build())).userId();
            bobId = store.createUser(r -> r.identityStoreId(identityStoreId).userName("bob@acme.example")
                    .displayName("Bob Example").name(n -> n.givenName("Bob").familyName("Example"))
                    .emails(Email.builder().value("bob@acme.example").type("work").primary(true).build())).userId();
            devopsGroupId = store.createGroup(r -> r.identityStoreId(identityStoreId).displayName("org-DevOps")
                    .description("platform team")).groupId();
            aliceMembershipId = store.createGroupMembership(r -> r.identityStoreId(identityStoreId).groupId(devopsGroupId)
                    .memberId(m -> m.userId(aliceId))).membershipId();

            assign(sso, adminPermissionSetArn, PrincipalType.GROUP, devopsGroupId);
            assign(sso, developerPermissionSetArn, PrincipalType.USER, bobId);
            for (String ps : new String[] {adminPermissionSetArn, developerPermissionSetArn}) {
                sso.provisionPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(ps)
                        .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(MANAGEMENT_ACCOUNT));
            }
        }
    }

    private void assign(SsoAdminClient sso, String permissionSetArn, PrincipalType type, String principalId) {
        sso.createAccountAssignment(r -> r.instanceArn(instanceArn).permissionSetArn(permissionSetArn)
                .targetType(TargetType.AWS_ACCOUNT).targetId(MANAGEMENT_ACCOUNT).principalType(type).principalId(principalId));
    }

    /** Inside the account, as Identity Center would: a reserved role, its SAML provider; plus an IAM user with a key. */
    private void seedMemberAccount(String accountId, String permissionSet, String suffix) {
        inAccount(accountId, iam -> {
            String trust = """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::%s:saml-provider/AWSSSO_a1b2c3_DO_NOT_DELETE"},"Action":"sts:AssumeRoleWithSAML"}]}"""
                    .formatted(accountId);
            iam.createRole(r -> r.roleName("AWSReservedSSO_" + permissionSet + "_" + suffix).path(RESERVED_PATH)
                    .assumeRolePolicyDocument(trust));
            iam.createRole(r -> r.roleName("ci-runner").path("/").assumeRolePolicyDocument(trust));
            iam.createSAMLProvider(r -> r.name("AWSSSO_a1b2c3_DO_NOT_DELETE").samlMetadataDocument("<EntityDescriptor/>"));
            iam.createUser(r -> r.userName("ci-deploy"));
            iam.createAccessKey(r -> r.userName("ci-deploy"));
        });
    }

    /** Runs with credentials of the member role, assumed the way the collector assumes it. */
    void inAccount(String accountId, Consumer<IamClient> work) {
        try (StsClient sts = client(StsClient.builder(), CREDENTIALS)) {
            var credentials = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/" + MEMBER_ROLE)
                    .roleSessionName("seed")).credentials();
            var assumed = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
            try (IamClient iam = client(IamClient.builder(), assumed)) {
                work.accept(iam);
            }
        }
    }
}
