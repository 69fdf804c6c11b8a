package dev.idaudit.collect.aws;

import static dev.idaudit.collect.aws.MotoSeed.MANAGEMENT_ACCOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.collect.Issues;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.AwsSnapshot.Account;
import dev.idaudit.snapshot.AwsSnapshot.MemberAccount;
import dev.idaudit.snapshot.AwsSnapshot.PermissionSet;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.testing.MotoServer;
import dev.idaudit.testing.RecordingProgress;
import dev.idaudit.testing.AwsProxy;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The AWS collector through the real SDK clients against moto_server, seeded through the SDK.
 * The collection runs with pages of one item, so every list the collector reads is paged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCollectorMotoTest {
    private MotoServer moto;
    private MotoSeed seed;
    private AwsSnapshot snapshot;
    private List<CollectionIssue> issues;
    private RecordingProgress progress;

    @BeforeAll
    void collectFromSeededMoto() {
        moto = MotoServer.start();
        seed = new MotoSeed(moto.endpoint()).seed();
        progress = new RecordingProgress();
        Issues recorded = new Issues();
        snapshot = new AwsCollector(config(moto.endpoint()), MotoSeed.CREDENTIALS, progress, recorded).pageSizeLimit(1).collect();
        issues = recorded.list();
    }

    @AfterAll
    void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    private static AwsConfig config(URI endpoint) {
        return new AwsConfig(null, MotoSeed.REGION, endpoint, null, null, null, null);
    }

    @Test
    void readsTheOrganizationAndRecordsThatItsFeaturesCouldNotBeRead() {
        var org = snapshot.organization();
        assertEquals(seed.organizationId, org.id());
        assertEquals("ALL", org.featureSet());
        assertEquals(MANAGEMENT_ACCOUNT, org.managementAccountId());
        assertTrue(org.enabledFeatures().isEmpty());
        assertIssue(Sections.AWS_ORGANIZATION_ENABLED_FEATURES, null, "iam:ListOrganizationsFeatures");
        assertEquals(MotoSeed.REGION, snapshot.region());
        assertTrue(snapshot.callerArn().contains(MANAGEMENT_ACCOUNT), snapshot.callerArn());
    }

    @Test
    void readsAccountsWithTheirOuPathAndState() {
        assertEquals(Set.of(MANAGEMENT_ACCOUNT, seed.prodAccount, seed.devAccount, seed.suspendedAccount),
                snapshot.accounts().stream().map(Account::id).collect(Collectors.toSet()));
        Account prod = account(seed.prodAccount);
        assertEquals("acme-prod", prod.name());
        assertEquals("acme-prod@acme.example", prod.email());
        assertEquals("ACTIVE", prod.state());
        assertEquals(seed.prodOuId, prod.parentId());
        assertEquals("Root/Workloads/Prod", prod.ouPath());
        assertEquals("Root/Workloads", account(seed.devAccount).ouPath());
        assertEquals("Root", account(MANAGEMENT_ACCOUNT).ouPath());
        assertEquals("SUSPENDED", account(seed.suspendedAccount).state());
    }

    @Test
    void readsOrganizationalUnitsWithTheirPath() {
        var prod = snapshot.organizationalUnits().stream().filter(ou -> ou.id().equals(seed.prodOuId)).findFirst().orElseThrow();
        assertEquals("Prod", prod.name());
        assertEquals(seed.workloadsOuId, prod.parentId());
        assertEquals("Root/Workloads/Prod", prod.path());
        assertEquals(2, snapshot.organizationalUnits().size());
    }

    @Test
    void readsServiceControlPoliciesWithContentAndTargets() {
        var deny = snapshot.serviceControlPolicies().stream().filter(p -> p.id().equals(seed.denyCloudTrailPolicyId))
                .findFirst().orElseThrow();
        assertEquals("DenyCloudTrailTampering", deny.name());
        assertFalse(deny.awsManaged());
        assertTrue(deny.content().contains("cloudtrail:StopLogging"), deny.content());
        assertEquals(1, deny.targets().size());
        assertEquals(seed.workloadsOuId, deny.targets().get(0).targetId());
        assertEquals("ORGANIZATIONAL_UNIT", deny.targets().get(0).type());
        var full = snapshot.serviceControlPolicies().stream().filter(p -> p.name().equals("FullAWSAccess")).findFirst().orElseThrow();
        assertTrue(full.awsManaged());
        assertTrue(full.targets().stream().anyMatch(t -> t.targetId().equals(seed.rootId) && t.type().equals("ROOT")));
    }

    @Test
    void readsTrailsWithTheirLoggingStatus() {
        var trail = snapshot.trails().stream().filter(t -> t.name().equals("acme-org-trail")).findFirst().orElseThrow();
        assertTrue(trail.organizationTrail());
        assertTrue(trail.multiRegion());
        assertEquals(Boolean.TRUE, trail.logging());
        assertEquals(MotoSeed.REGION, trail.homeRegion());
    }

    @Test
    void readsAMultiRegionTrailHomedInAnotherRegionAsAShadowTrailWithItsStatusByArn() {
        // Created in eu-west-1 and never started; the collection reads us-east-1, where moto lists it as a shadow trail.
        var trail = snapshot.trails().stream().filter(t -> t.name().equals("acme-org-trail-eu")).findFirst().orElseThrow();
        assertEquals(MotoSeed.OTHER_REGION, trail.homeRegion());
        assertTrue(trail.arn().contains(":" + MotoSeed.OTHER_REGION + ":"), trail.arn());
        assertTrue(trail.organizationTrail());
        assertEquals(Boolean.FALSE, trail.logging());
        assertTrue(issues.stream().noneMatch(i -> i.section().equals(Sections.AWS_TRAILS)), issues.toString());
    }

    @Test
    void readsTheOrganizationInstanceAndTheAccountInstancesFoundThroughTheMemberRole() {
        var instances = snapshot.identityCenter().instances();
        var organizationInstance = instances.stream().filter(i -> i.instanceArn().equals(seed.instanceArn)).findFirst().orElseThrow();
        assertEquals(MANAGEMENT_ACCOUNT, organizationInstance.ownerAccountId());
        assertEquals(seed.identityStoreId, organizationInstance.identityStoreId());
        assertEquals("ACTIVE", organizationInstance.status());
        // moto gives every account an instance of its own: the collector finds them only from inside the account.
        assertTrue(instances.stream().anyMatch(i -> seed.prodAccount.equals(i.ownerAccountId())), instances.toString());
        assertTrue(instances.stream().anyMatch(i -> seed.devAccount.equals(i.ownerAccountId())), instances.toString());
    }

    @Test
    void readsPermissionSetsWithSessionDurationAndPolicies() {
        PermissionSet admin = permissionSet("AdminAccess");
        assertEquals(seed.adminPermissionSetArn, admin.arn());
        assertEquals("PT12H", admin.sessionDuration());
        assertEquals("full access", admin.description());
        assertNotNull(admin.created());
        assertEquals(List.of("AdministratorAccess"), admin.awsManagedPolicies().stream().map(m -> m.name()).toList());
        assertEquals("arn:aws:iam::aws:policy/AdministratorAccess", admin.awsManagedPolicies().get(0).arn());
        assertNull(admin.inlinePolicy());
        assertTrue(admin.customerManagedPolicies().isEmpty());

        PermissionSet developer = permissionSet("Developer_Team");
        assertEquals("PT8H", developer.sessionDuration());
        assertEquals("https://console.aws.amazon.com/", developer.relayState());
        assertEquals(MotoSeed.DEVELOPER_INLINE_POLICY, developer.inlinePolicy());
        assertEquals(1, developer.customerManagedPolicies().size());
        assertEquals("acme-dev-extras", developer.customerManagedPolicies().get(0).name());
        assertEquals("/acme/", developer.customerManagedPolicies().get(0).path());

        assertEquals(List.of(MANAGEMENT_ACCOUNT), admin.provisionedAccountIds());
        assertTrue(permissionSet("SecurityAudit").provisionedAccountIds().isEmpty());
    }

    @Test
    void recordsTheCallsMotoDoesNotImplementAsIssuesOfTheirSection() {
        // One issue per permission set: the boundary of each is unknown, not "none".
        assertEquals(3, issues.stream().filter(i -> i.api().equals("sso:GetPermissionsBoundaryForPermissionSet")
                && i.section().equals(Sections.AWS_IDC_PERMISSION_SET_BOUNDARIES)).count(), issues.toString());
        snapshot.identityCenter().permissionSets().forEach(ps -> assertNull(ps.permissionsBoundary()));
        assertIssue(Sections.AWS_IDC_PROVISIONING_REQUESTS, null, "sso:ListPermissionSetProvisioningStatus");
        assertTrue(snapshot.identityCenter().provisioningRequests().isEmpty());
        CollectionIssue features = issues.stream().filter(i -> i.api().equals("iam:ListOrganizationsFeatures")).findFirst().orElseThrow();
        assertEquals("500", features.error());
        assertNotNull(features.message());
    }

    @Test
    void listsAssignmentsOfTheAccountsEachPermissionSetIsProvisionedTo() {
        var assignments = snapshot.identityCenter().assignments();
        assertEquals(2, assignments.size(), assignments.toString());
        assertTrue(assignments.contains(new AwsSnapshot.Assignment(seed.adminPermissionSetArn, MANAGEMENT_ACCOUNT, "GROUP",
                seed.devopsGroupId)));
        assertTrue(assignments.contains(new AwsSnapshot.Assignment(seed.developerPermissionSetArn, MANAGEMENT_ACCOUNT, "USER",
                seed.bobId)));
    }

    @Test
    void readsIdentityStoreUsersGroupsAndMemberships() {
        var alice = snapshot.identityCenter().users().stream().filter(u -> u.userId().equals(seed.aliceId)).findFirst().orElseThrow();
        assertEquals("alice@acme.example", alice.userName());
        assertEquals("Alice Example", alice.displayName());
        assertEquals("alice@acme.example", alice.primaryEmail(), "the email marked primary, not the first");
        assertTrue(alice.externalIds().isEmpty());
        assertEquals(2, snapshot.identityCenter().users().size());
        var group = snapshot.identityCenter().groups().get(0);
        assertEquals(seed.devopsGroupId, group.groupId());
        assertEquals("org-DevOps", group.displayName());
        assertEquals("platform team", group.description());
        assertEquals(List.of(new AwsSnapshot.GroupMembership(seed.aliceMembershipId, seed.devopsGroupId, seed.aliceId)),
                snapshot.identityCenter().groupMemberships());
    }

    @Test
    void readsReservedRolesSamlProvidersAndCredentialReportInsideMemberAccounts() {
        MemberAccount prod = member(seed.prodAccount);
        assertEquals(1, prod.reservedRoles().size(), "only roles under the reserved path: " + prod.reservedRoles());
        var role = prod.reservedRoles().get(0);
        assertEquals("AWSReservedSSO_AdminAccess_0123456789abcdef", role.roleName());
        assertEquals("AdminAccess", role.permissionSetName());
        assertEquals(MotoSeed.RESERVED_PATH, role.path());
        assertTrue(role.arn().contains(seed.prodAccount));
        assertNotNull(role.created());
        assertNull(role.lastUsed(), "never used");
        var developer = member(seed.devAccount).reservedRoles().get(0);
        assertEquals("Developer_Team", developer.permissionSetName());
        assertNotNull(developer.lastUsed(), "the seed signed in through it; moto reports RoleLastUsed in the authorization details");
        assertTrue(Duration.between(developer.lastUsed(), Instant.now()).abs().toMinutes() < 60, developer.lastUsed().toString());

        assertEquals(List.of("AWSSSO_a1b2c3_DO_NOT_DELETE"), prod.samlProviders().stream().map(p -> p.name()).toList());
        var ciDeploy = prod.credentialReport().stream().filter(r -> r.user().equals("ci-deploy")).findFirst().orElseThrow();
        assertTrue(ciDeploy.accessKey1Active());
        assertFalse(ciDeploy.accessKey2Active());
        assertFalse(ciDeploy.passwordEnabled());
        assertNull(ciDeploy.passwordLastUsed());
    }

    @Test
    void readsTheCallersOwnAccountWithoutAssumingARoleAndLeavesTheSuspendedAccountOut() {
        assertNotNull(member(MANAGEMENT_ACCOUNT));
        assertTrue(snapshot.memberAccounts().stream().noneMatch(m -> m.accountId().equals(seed.suspendedAccount)));
        assertTrue(issues.stream().noneMatch(i -> seed.suspendedAccount.equals(i.accountId())),
                "a suspended account cannot be entered by anyone: not an issue");
        assertEquals(3, snapshot.memberAccounts().size());
    }

    @Test
    void reportsCallsAndItemsPerSource() {
        assertTrue(progress.calls("aws") > 20, "calls under aws: " + progress.calls("aws"));
        assertTrue(progress.calls("aws:" + seed.prodAccount) >= 5, "calls in prod: " + progress.calls("aws:" + seed.prodAccount));
        assertEquals(4, progress.items("aws", "accounts"));
        assertEquals(2, progress.items("aws", "users"));
        assertEquals(1, progress.items("aws:" + seed.prodAccount, "reservedRoles"));
        assertTrue(progress.isDone("aws"));
        assertTrue(progress.isDone("aws:" + seed.devAccount));
    }

    @Test
    void anAccountWhoseRoleCannotBeAssumedIsOneIssueAndTheOthersAreStillRead() throws Exception {
        // moto's STS assumes any role; AWS refuses when the role's trust policy does not name the caller.
        String refused = seed.devAccount;
        var refusal = new AwsProxy.Refusal(403, "text/xml", """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                <Message>User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: sts:AssumeRole on resource: \
                arn:aws:iam::%s:role/IdAuditReadOnly</Message></Error><RequestId>1a2b3c</RequestId></ErrorResponse>""".formatted(refused));
        try (var proxy = new AwsProxy(moto.endpoint(),
                body -> body.contains("Action=AssumeRole") && body.contains(refused), refusal)) {
            Issues recorded = new Issues();
            AwsSnapshot partial = new AwsCollector(config(proxy.endpoint()), MotoSeed.CREDENTIALS, new RecordingProgress(), recorded)
                    .collect();
            var accountIssues = recorded.list().stream().filter(i -> refused.equals(i.accountId())).toList();
            assertEquals(2, accountIssues.size(), accountIssues.toString());
            // The account's own Identity Center instances are listed from inside it: that list inherits the gap.
            assertEquals(Sections.AWS_IDC_INSTANCES, accountIssues.get(1).section());
            assertEquals(Sections.AWS_MEMBER_ACCOUNTS, accountIssues.get(0).section());
            assertEquals("sts:AssumeRole", accountIssues.get(0).api());
            assertEquals("AccessDenied", accountIssues.get(0).error());
            assertTrue(accountIssues.get(0).message().contains("not authorized"));
            assertTrue(partial.memberAccounts().stream().noneMatch(m -> m.accountId().equals(refused)));
            assertEquals(1, partial.memberAccounts().stream().filter(m -> m.accountId().equals(seed.prodAccount))
                    .findFirst().orElseThrow().reservedRoles().size());
            assertEquals(4, partial.accounts().size());
        }
    }

    @Test
    void readsNoEnabledFeaturesWithoutAnIssueWhenIamTrustedAccessIsOff() throws Exception {
        var refusal = new AwsProxy.Refusal(400, "text/xml", """
                <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
                <Code>ServiceAccessNotEnabledException</Code><Message>trusted access is not enabled for IAM</Message></Error>\
                <RequestId>4d5e6f</RequestId></ErrorResponse>""");
        try (var proxy = new AwsProxy(moto.endpoint(), body -> body.contains("Action=ListOrganizationsFeatures"), refusal)) {
            Issues recorded = new Issues();
            AwsSnapshot collected = new AwsCollector(config(proxy.endpoint()), MotoSeed.CREDENTIALS, new RecordingProgress(), recorded)
                    .collect();
            assertEquals(List.of(), collected.organization().enabledFeatures());
            assertTrue(recorded.list().stream().noneMatch(i -> i.section().equals(Sections.AWS_ORGANIZATION_ENABLED_FEATURES)),
                    recorded.list().toString());
        }
    }

    @Test
    void asksForTheLargestPagesAndListsAssignmentsOnlyWhereAPermissionSetIsProvisioned() throws Exception {
        try (var proxy = new AwsProxy(moto.endpoint())) {
            new AwsCollector(config(proxy.endpoint()), MotoSeed.CREDENTIALS, new RecordingProgress(), new Issues()).collect();
            assertPageSizes(proxy, "ListAccountsForParent", "\"MaxResults\":20");
            assertPageSizes(proxy, "ListOrganizationalUnitsForParent", "\"MaxResults\":20");
            assertPageSizes(proxy, "ListPolicies", "\"MaxResults\":20");
            assertPageSizes(proxy, "ListPermissionSets", "\"MaxResults\":100");
            assertPageSizes(proxy, "ListAccountAssignments", "\"MaxResults\":100");
            assertPageSizes(proxy, "ListUsers", "\"MaxResults\":100");
            assertPageSizes(proxy, "ListGroupMemberships", "\"MaxResults\":100");
            assertPageSizes(proxy, "GetAccountAuthorizationDetails", "MaxItems=1000");
            assertPageSizes(proxy, "GetAccountAuthorizationDetails", "Filter.member.1=Role");
            // RoleLastUsed comes with the roles: no GetRole per role, no ListRoles.
            assertEquals(List.of(), proxy.bodies("GetRole"));
            assertEquals(List.of(), proxy.bodies("ListRoles"));
            // Two permission sets are provisioned (to one account each); the third has no account, so no call.
            var assignmentCalls = proxy.bodies("ListAccountAssignments");
            assertEquals(2, assignmentCalls.size(), assignmentCalls.toString());
            assertTrue(assignmentCalls.stream().noneMatch(b -> b.contains(seed.unusedPermissionSetArn)));
            // ListInstances carries the status: no DescribeInstance per instance.
            assertEquals(List.of(), proxy.bodies("DescribeInstance"));
        }
    }

    private static void assertPageSizes(AwsProxy proxy, String operation, String expected) {
        var bodies = proxy.bodies(operation);
        assertFalse(bodies.isEmpty(), operation + " was never called");
        bodies.forEach(body -> assertTrue(body.contains(expected), operation + " asked " + body));
    }

    @Test
    void failsClearlyWhenTheCallerCannotBeIdentified() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var collector = new AwsCollector(config(URI.create("http://127.0.0.1:" + closedPort)), MotoSeed.CREDENTIALS,
                new RecordingProgress(), new Issues());
        var e = assertThrows(AwsCollectionException.class, collector::collect);
        assertTrue(e.getMessage().startsWith("cannot read AWS as any identity: sts:GetCallerIdentity failed"), e.getMessage());
        assertFalse(e.getMessage().contains("testing"), "no credential in the message: " + e.getMessage());
    }

    private CollectionIssue assertIssue(String section, String accountId, String api) {
        return issues.stream()
                .filter(i -> i.section().equals(section) && i.api().equals(api)
                        && (accountId == null ? i.accountId() == null : accountId.equals(i.accountId())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no issue " + section + " " + api + " " + accountId + " in " + issues));
    }

    private Account account(String id) {
        return snapshot.accounts().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    private PermissionSet permissionSet(String name) {
        return snapshot.identityCenter().permissionSets().stream().filter(p -> name.equals(p.name())).findFirst().orElseThrow();
    }

    private MemberAccount member(String accountId) {
        return snapshot.memberAccounts().stream().filter(m -> m.accountId().equals(accountId)).findFirst()
                .orElseThrow(() -> new AssertionError("no member account " + accountId + " in " + snapshot.memberAccounts()));
    }
}
