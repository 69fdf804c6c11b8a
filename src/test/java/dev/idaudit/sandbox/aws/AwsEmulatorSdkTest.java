package dev.idaudit.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.UserDetail;
import software.amazon.awssdk.services.identitystore.model.GroupMembership;
import software.amazon.awssdk.services.identitystore.model.User;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignment;
import software.amazon.awssdk.services.ssoadmin.model.InstanceMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.sts.model.Credentials;

/** The real AWS SDK v2 clients read acme from the emulator through their paginators, two items a page. */
class AwsEmulatorSdkTest {
    static final String ORG_INSTANCE = "arn:aws:sso:::instance/ssoins-acme0000000001";
    static final String STORE = "d-acme000001";

    static AwsEmulator emulator;
    static SdkClients aws;

    @BeforeAll
    static void start() {
        emulator = AwsEmulator.start(AcmeAws.scenario(2));
        aws = new SdkClients(emulator);
    }

    @AfterAll
    static void stop() {
        aws.close();
        emulator.close();
    }

    @Test
    void servesOnLoopbackOnly() {
        assertEquals("127.0.0.1", emulator.endpoint().getHost());
    }

    @Test
    void environmentPointsAClientAtTheEmulatorAsTheCaller() {
        Map<String, String> env = emulator.environment();
        assertEquals(emulator.endpoint().toString(), env.get("AWS_ENDPOINT_URL"));
        assertEquals("us-east-1", env.get("AWS_REGION"));
        assertEquals("IdAuditReadOnly", emulator.memberRoleName());
        var credentials = software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"),
                env.get("AWS_SECRET_ACCESS_KEY"));
        try (SdkClients fromEnv = new SdkClients(emulator, credentials)) {
            assertEquals("111111111111", fromEnv.sts.getCallerIdentity().account());
        }
    }

    @Test
    void describesTheOrganizationWithAllFeatures() {
        var org = aws.organizations.describeOrganization().organization();
        assertEquals("o-acme00001", org.id());
        assertEquals("ALL", org.featureSetAsString());
        assertEquals("111111111111", org.masterAccountId());
        assertEquals("aws-management@acme.example", org.masterAccountEmail());
    }

    @Test
    void listsEveryAccountAcrossPagesWithItsState() {
        int before = emulator.callCount("ListAccounts");
        List<Account> accounts = aws.organizations.listAccountsPaginator().stream().flatMap(page -> page.accounts().stream()).toList();
        assertEquals(List.of("111111111111", "222222222222", "333333333333", "444444444444", "555555555555", "666666666666"),
                accounts.stream().map(Account::id).toList());
        assertEquals(3, emulator.callCount("ListAccounts") - before, "six accounts, two a page");
        Account sandbox = accounts.get(4);
        assertEquals(AccountState.SUSPENDED, sandbox.state());
        assertEquals("acme-sandbox", sandbox.name());
        assertTrue(sandbox.joinedTimestamp().isBefore(Instant.now().minus(Duration.ofDays(999))));
    }

    @Test
    void walksTheOrganizationTreeFromTheRoot() {
        String root = aws.organizations.listRootsPaginator().stream().flatMap(page -> page.roots().stream()).findFirst().orElseThrow().id();
        assertEquals("r-acme", root);
        Map<String, String> ouPaths = new TreeMap<>();
        walk(root, "Root", ouPaths);
        assertEquals(Map.of("ou-acme-sec", "Root/Security", "ou-acme-wl", "Root/Workloads", "ou-acme-prod", "Root/Workloads/Prod",
                "ou-acme-np", "Root/Workloads/NonProd", "ou-acme-sbx", "Root/Sandbox"), ouPaths);
        List<String> nonProd = aws.organizations.listAccountsForParentPaginator(r -> r.parentId("ou-acme-np")).stream().flatMap(page -> page.accounts().stream())
                .map(Account::id).toList();
        assertEquals(List.of("333333333333", "444444444444"), nonProd);
        var parent = aws.organizations.listParentsPaginator(r -> r.childId("222222222222")).stream().flatMap(page -> page.parents().stream()).findFirst().orElseThrow();
        assertEquals("ou-acme-prod", parent.id());
        assertEquals("ORGANIZATIONAL_UNIT", parent.typeAsString());
    }

    private void walk(String parentId, String path, Map<String, String> out) {
        for (OrganizationalUnit ou : aws.organizations.listOrganizationalUnitsForParentPaginator(r -> r.parentId(parentId)).stream()
                .flatMap(page -> page.organizationalUnits().stream()).toList()) {
            out.put(ou.id(), path + "/" + ou.name());
            walk(ou.id(), path + "/" + ou.name(), out);
        }
    }

    @Test
    void readsServiceControlPoliciesWithContentAndTargets() {
        List<PolicySummary> policies = aws.organizations.listPoliciesPaginator(r -> r.filter(PolicyType.SERVICE_CONTROL_POLICY))
                .stream().flatMap(page -> page.policies().stream()).toList();
        assertEquals(List.of("FullAWSAccess", "DenyCloudTrailTampering", "RegionLock"), policies.stream().map(PolicySummary::name).toList());
        assertTrue(policies.get(0).awsManaged());
        String content = aws.organizations.describePolicy(r -> r.policyId("p-acmedenyct01")).policy().content();
        assertTrue(content.contains("\"cloudtrail:StopLogging\"") && content.contains("\"cloudtrail:DeleteTrail\""), content);
        var targets = aws.organizations.listTargetsForPolicyPaginator(r -> r.policyId("p-acmedenyct01")).stream().flatMap(page -> page.targets().stream()).toList();
        assertEquals(1, targets.size());
        assertEquals("ou-acme-wl", targets.get(0).targetId());
        assertEquals("Workloads", targets.get(0).name());
        assertEquals("ORGANIZATIONAL_UNIT", targets.get(0).typeAsString());
    }

    @Test
    void readsTheIdentityCenterInstanceAndItsPermissionSets() {
        List<InstanceMetadata> instances = aws.ssoAdmin.listInstancesPaginator(r -> { }).instances().stream().toList();
        assertEquals(1, instances.size(), "the management account sees only the organization instance");
        assertEquals(ORG_INSTANCE, instances.get(0).instanceArn());
        assertEquals(STORE, instances.get(0).identityStoreId());
        assertEquals("111111111111", instances.get(0).ownerAccountId());

        List<String> sets = aws.ssoAdmin.listPermissionSetsPaginator(r -> r.instanceArn(ORG_INSTANCE)).permissionSets().stream().toList();
        assertEquals(5, sets.size());
        Map<String, String> sessionByName = sets.stream().map(arn -> aws.ssoAdmin.describePermissionSet(r -> r.instanceArn(ORG_INSTANCE)
                .permissionSetArn(arn)).permissionSet()).collect(Collectors.toMap(p -> p.name(), p -> p.sessionDuration()));
        assertEquals(Map.of("DevOps-AdministratorAccess", "PT12H", "Developer", "PT8H", "ReadOnly", "PT4H", "BreakGlass", "PT1H",
                "SecurityAudit", "PT2H"), sessionByName);
    }

    @Test
    void readsPermissionSetPolicies() {
        String developer = permissionSetArn("Developer");
        var managed = aws.ssoAdmin.listManagedPoliciesInPermissionSetPaginator(r -> r.instanceArn(ORG_INSTANCE).permissionSetArn(developer))
                .attachedManagedPolicies().stream().toList();
        assertEquals(1, managed.size());
        assertEquals("PowerUserAccess", managed.get(0).name());
        assertEquals("arn:aws:iam::aws:policy/PowerUserAccess", managed.get(0).arn());
        String inline = aws.ssoAdmin.getInlinePolicyForPermissionSet(r -> r.instanceArn(ORG_INSTANCE).permissionSetArn(developer)).inlinePolicy();
        assertTrue(inline.contains("\"iam:*\""), inline);
        var customer = aws.ssoAdmin.listCustomerManagedPolicyReferencesInPermissionSetPaginator(r -> r.instanceArn(ORG_INSTANCE)
                .permissionSetArn(developer)).customerManagedPolicyReferences().stream().toList();
        assertEquals("AcmeDeveloperGuardrails", customer.get(0).name());
        assertEquals("/acme/", customer.get(0).path());
        var boundary = aws.ssoAdmin.getPermissionsBoundaryForPermissionSet(r -> r.instanceArn(ORG_INSTANCE).permissionSetArn(developer))
                .permissionsBoundary();
        assertEquals("AcmeDeveloperBoundary", boundary.customerManagedPolicyReference().name());

        String readOnly = permissionSetArn("ReadOnly");
        assertNull(aws.ssoAdmin.getInlinePolicyForPermissionSet(r -> r.instanceArn(ORG_INSTANCE).permissionSetArn(readOnly)).inlinePolicy());
        String admin = permissionSetArn("DevOps-AdministratorAccess");
        var noBoundary = assertThrows(software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException.class,
                () -> aws.ssoAdmin.getPermissionsBoundaryForPermissionSet(r -> r.instanceArn(ORG_INSTANCE).permissionSetArn(admin)));
        assertEquals("ResourceNotFoundException", noBoundary.awsErrorDetails().errorCode());
    }

    @Test
    void reportsProvisioningStateByStatusFilter() {
        String developer = permissionSetArn("Developer");
        List<String> outdated = aws.ssoAdmin.listAccountsForProvisionedPermissionSetPaginator(r -> r.instanceArn(ORG_INSTANCE)
                .permissionSetArn(developer).provisioningStatus(ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)).accountIds().stream().toList();
        assertEquals(List.of("333333333333"), outdated);
        List<String> current = aws.ssoAdmin.listAccountsForProvisionedPermissionSetPaginator(r -> r.instanceArn(ORG_INSTANCE)
                .permissionSetArn(developer).provisioningStatus(ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).accountIds().stream().toList();
        assertEquals(List.of("444444444444", "111111111111"), current);

        var failed = aws.ssoAdmin.listPermissionSetProvisioningStatusPaginator(r -> r.instanceArn(ORG_INSTANCE)
                .filter(f -> f.status(StatusValues.FAILED))).permissionSetsProvisioningStatus().stream().toList();
        assertEquals(1, failed.size());
        var detail = aws.ssoAdmin.describePermissionSetProvisioningStatus(r -> r.instanceArn(ORG_INSTANCE)
                .provisionPermissionSetRequestId(failed.get(0).requestId())).permissionSetProvisioningStatus();
        assertEquals("444444444444", detail.accountId());
        assertEquals(permissionSetArn("ReadOnly"), detail.permissionSetArn());
        assertTrue(detail.failureReason().contains("409"));
        assertEquals(5, aws.ssoAdmin.listPermissionSetProvisioningStatusPaginator(r -> r.instanceArn(ORG_INSTANCE))
                .permissionSetsProvisioningStatus().stream().count());
    }

    @Test
    void listsAccountAssignmentsPerAccountAndPerPrincipal() {
        String admin = permissionSetArn("DevOps-AdministratorAccess");
        List<AccountAssignment> inDev = aws.ssoAdmin.listAccountAssignmentsPaginator(r -> r.instanceArn(ORG_INSTANCE)
                .accountId("444444444444").permissionSetArn(admin)).accountAssignments().stream().toList();
        assertEquals(Set.of("GROUP 9a6b0001-devops", "USER 9a6c0099-mallory"),
                inDev.stream().map(a -> a.principalTypeAsString() + " " + a.principalId()).collect(Collectors.toSet()));
        var readOnlyGroup = aws.ssoAdmin.listAccountAssignmentsForPrincipalPaginator(r -> r.instanceArn(ORG_INSTANCE)
                .principalId("9a6b0003-readonly").principalType("GROUP")).accountAssignments().stream().toList();
        assertEquals(List.of("222222222222", "333333333333", "444444444444", "555555555555"),
                readOnlyGroup.stream().map(a -> a.accountId()).toList());
    }

    @Test
    void readsIdentityStoreUsersGroupsAndMemberships() {
        List<User> users = aws.identityStore.listUsersPaginator(r -> r.identityStoreId(STORE)).users().stream().toList();
        assertEquals(10, users.size());
        User mallory = users.stream().filter(u -> u.userName().equals("mallory")).findFirst().orElseThrow();
        assertTrue(mallory.externalIds().isEmpty(), "made by hand, no ExternalIds");
        User heidi = users.stream().filter(u -> u.userId().equals("9a6c0008-heidi")).findFirst().orElseThrow();
        assertEquals("heidi.old@acme.example", heidi.emails().get(0).value());
        assertEquals("00u1heidi0000000008", heidi.externalIds().get(0).id());
        assertEquals("https://acme.okta.com", heidi.externalIds().get(0).issuer());
        assertEquals("ENABLED", heidi.userStatusAsString());

        var groups = aws.identityStore.listGroupsPaginator(r -> r.identityStoreId(STORE)).groups().stream().toList();
        assertEquals(5, groups.size());
        List<GroupMembership> developers = aws.identityStore.listGroupMembershipsPaginator(r -> r.identityStoreId(STORE)
                .groupId("9a6b0002-developers")).groupMemberships().stream().toList();
        assertEquals(List.of("9a6c0002-bob", "9a6c0003-carol", "9a6c0004-dave"), developers.stream().map(m -> m.memberId().userId()).toList());

        var daveGroups = aws.identityStore.listGroupMembershipsForMemberPaginator(r -> r.identityStoreId(STORE)
                .memberId(m -> m.userId("9a6c0004-dave"))).groupMemberships().stream().map(GroupMembership::groupId).toList();
        assertEquals(List.of("9a6b0002-developers"), daveGroups);

        var byName = aws.identityStore.listUsers(r -> r.identityStoreId(STORE)
                .filters(f -> f.attributePath("UserName").attributeValue("dave@acme.example"))).users();
        assertEquals(List.of("9a6c0004-dave"), byName.stream().map(User::userId).toList());
        assertEquals("org-DevOps", aws.identityStore.describeGroup(r -> r.identityStoreId(STORE).groupId("9a6b0001-devops")).displayName());
        assertThrows(software.amazon.awssdk.services.identitystore.model.ResourceNotFoundException.class,
                () -> aws.identityStore.describeUser(r -> r.identityStoreId(STORE).userId("9a6c0404-nobody")));
    }

    @Test
    void readsTrailsAndTheirStatus() {
        try (var euWest1 = SdkClients.cloudTrailIn(emulator, SdkClients.CALLER, "eu-west-1")) {
            List<Trail> trails = euWest1.describeTrails().trailList();
            assertEquals(List.of("acme-org-trail", "acme-org-trail-2023"), trails.stream().map(Trail::name).toList());
            assertTrue(trails.get(0).isOrganizationTrail());
            assertTrue(euWest1.getTrailStatus(r -> r.name(trails.get(0).trailARN())).isLogging());
            var stopped = euWest1.getTrailStatus(r -> r.name("acme-org-trail-2023"));
            assertFalse(stopped.isLogging());
            assertNotNull(stopped.stopLoggingTime());
        }
    }

    @Test
    void identifiesTheCallerAsTheManagementAccount() {
        var me = aws.sts.getCallerIdentity();
        assertEquals("111111111111", me.account());
        assertEquals("arn:aws:iam::111111111111:user/idaudit-auditor", me.arn());
    }

    @Test
    void assumedRoleReadsTheMemberAccountsReservedRoles() {
        Credentials credentials = assume("444444444444");
        try (SdkClients dev = SdkClients.assumed(emulator, credentials)) {
            var me = dev.sts.getCallerIdentity();
            assertEquals("444444444444", me.account());
            assertEquals("arn:aws:sts::444444444444:assumed-role/IdAuditReadOnly/idaudit", me.arn());

            List<Role> reserved = dev.iam.listRolesPaginator(r -> r.pathPrefix("/aws-reserved/sso.amazonaws.com/")).roles().stream().toList();
            assertEquals(List.of("AWSReservedSSO_DevOps-AdministratorAccess_ffe4f11497da2081", "AWSReservedSSO_Developer_01595f72aa2820c6"),
                    reserved.stream().map(Role::roleName).toList());
            assertTrue(reserved.get(0).arn().startsWith("arn:aws:iam::444444444444:role/aws-reserved/sso.amazonaws.com/"));
            assertTrue(reserved.get(0).assumeRolePolicyDocument().contains("saml-provider%2FAWSSSO_"), "URL-encoded SAML trust");
            assertEquals(5, dev.iam.listRolesPaginator().roles().stream().count(), "without the prefix every role is listed");

            // The account instance of Identity Center is only visible from inside the account.
            List<InstanceMetadata> instances = dev.ssoAdmin.listInstancesPaginator(r -> { }).instances().stream().toList();
            assertEquals(List.of("arn:aws:sso:::instance/ssoins-acmedev00000002"), instances.stream().map(InstanceMetadata::instanceArn).toList());
            assertEquals("444444444444", instances.get(0).ownerAccountId());

            String csv = credentialReport(dev);
            assertTrue(csv.startsWith(String.join(",", IamService.CREDENTIAL_REPORT_COLUMNS) + "\n"), csv);
            String ciDeploy = csv.lines().filter(l -> l.startsWith("ci-deploy,")).findFirst().orElseThrow();
            List<String> cells = List.of(ciDeploy.split(","));
            assertEquals("true", cells.get(IamService.CREDENTIAL_REPORT_COLUMNS.indexOf("access_key_1_active")));
            assertEquals("false", cells.get(IamService.CREDENTIAL_REPORT_COLUMNS.indexOf("password_enabled")));
        }
    }

    @Test
    void getRoleTellsWhenTheRoleWasLastUsed() {
        try (SdkClients prod = SdkClients.assumed(emulator, assume("222222222222"))) {
            Role readOnly = prod.iam.getRole(r -> r.roleName("AWSReservedSSO_ReadOnly_a4404bea5a26afd5")).role();
            Instant lastUsed = readOnly.roleLastUsed().lastUsedDate();
            long days = Duration.between(lastUsed, Instant.now()).toDays();
            assertTrue(days >= 199 && days <= 200, "last used " + days + " days ago");
            assertEquals("us-east-1", readOnly.roleLastUsed().region());
            Role orgAccess = prod.iam.getRole(r -> r.roleName("OrganizationAccountAccessRole")).role();
            assertNull(orgAccess.roleLastUsed().lastUsedDate(), "never used");
            assertThrows(software.amazon.awssdk.services.iam.model.NoSuchEntityException.class,
                    () -> prod.iam.getRole(r -> r.roleName("NoSuchRole")));
        }
    }

    @Test
    void accountAuthorizationDetailsPageTheRolesWithTheirLastUseAndOnlyWhatTheFilterAsks() {
        try (SdkClients prod = SdkClients.assumed(emulator, assume("222222222222"))) {
            var pages = prod.iam.getAccountAuthorizationDetailsPaginator(r -> r.filter(EntityType.ROLE).maxItems(1000)).stream().toList();
            assertEquals(4, pages.size(), "seven roles, two a page");
            assertTrue(pages.stream().limit(3).allMatch(p -> p.isTruncated() && p.marker() != null));
            assertEquals(3, pages.stream().limit(3).map(p -> p.marker()).distinct().count(), "each page its own Marker");
            List<RoleDetail> roles = pages.stream().flatMap(p -> p.roleDetailList().stream()).toList();
            assertEquals(AcmeAws.awsYaml().path("memberAccounts").path("222222222222").path("roles").size(), roles.size());
            assertTrue(pages.stream().allMatch(p -> p.userDetailList().isEmpty() && p.groupDetailList().isEmpty() && p.policies().isEmpty()),
                    "Filter Role: roles only");

            RoleDetail readOnly = roles.stream().filter(r -> r.roleName().equals("AWSReservedSSO_ReadOnly_a4404bea5a26afd5")).findFirst().orElseThrow();
            long days = Duration.between(readOnly.roleLastUsed().lastUsedDate(), Instant.now()).toDays();
            assertTrue(days >= 199 && days <= 200, "last used " + days + " days ago");
            assertEquals("us-east-1", readOnly.roleLastUsed().region());
            assertEquals("/aws-reserved/sso.amazonaws.com/", readOnly.path());
            assertTrue(readOnly.assumeRolePolicyDocument().contains("saml-provider%2FAWSSSO_"), "URL-encoded SAML trust");
            RoleDetail orgAccess = roles.stream().filter(r -> r.roleName().equals("OrganizationAccountAccessRole")).findFirst().orElseThrow();
            assertNull(orgAccess.roleLastUsed().lastUsedDate(), "never used");

            var users = prod.iam.getAccountAuthorizationDetailsPaginator(r -> r.filter(EntityType.USER)).stream()
                    .flatMap(p -> p.userDetailList().stream()).map(UserDetail::userName).toList();
            assertEquals(List.of("break-glass-reader"), users, "the credential report's IAM users; the root user is none");
            assertThrows(software.amazon.awssdk.services.iam.model.IamException.class,
                    () -> prod.iam.getAccountAuthorizationDetails(r -> r.filterWithStrings("Robot")));
        }
    }

    @Test
    void listsSamlProvidersOfTheAccount() {
        try (SdkClients staging = SdkClients.assumed(emulator, assume("333333333333"))) {
            var providers = staging.iam.listSAMLProviders().samlProviderList();
            assertEquals(List.of("arn:aws:iam::333333333333:saml-provider/AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE",
                    "arn:aws:iam::333333333333:saml-provider/OktaLegacy"), providers.stream().map(p -> p.arn()).toList());
        }
    }

    @Test
    void listsOrganizationsFeaturesForTheManagementAccountOnly() {
        var features = aws.iam.listOrganizationsFeatures(r -> { });
        assertEquals("o-acme00001", features.organizationId());
        assertEquals(List.of("RootCredentialsManagement"), features.enabledFeaturesAsStrings());
        try (SdkClients member = SdkClients.assumed(emulator, assume("222222222222"))) {
            var e = assertThrows(software.amazon.awssdk.services.iam.model.AccountNotManagementOrDelegatedAdministratorException.class,
                    () -> member.iam.listOrganizationsFeatures(r -> { }));
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void memberAccountCannotListTheOrganization() {
        try (SdkClients member = SdkClients.assumed(emulator, assume("222222222222"))) {
            assertEquals("o-acme00001", member.organizations.describeOrganization().organization().id());
            var denied = assertThrows(software.amazon.awssdk.services.organizations.model.AccessDeniedException.class,
                    () -> member.organizations.listAccounts());
            assertTrue(denied.awsErrorDetails().errorMessage().contains("You don't have permissions"), denied::getMessage);
            assertNotNull(denied.requestId());
            assertThrows(software.amazon.awssdk.services.ssoadmin.model.AccessDeniedException.class,
                    () -> member.ssoAdmin.listPermissionSets(r -> r.instanceArn(ORG_INSTANCE)));
        }
    }

    @Test
    void assumeRoleIntoAnUnassumableAccountIsAccessDenied() {
        try (AwsEmulator locked = AwsEmulator.start(AcmeAws.scenario(2, aws -> aws.putArray("unassumableAccounts").add("666666666666")));
             SdkClients clients = new SdkClients(locked)) {
            var denied = assertThrows(software.amazon.awssdk.services.sts.model.StsException.class,
                    () -> clients.sts.assumeRole(r -> r.roleArn("arn:aws:iam::666666666666:role/IdAuditReadOnly").roleSessionName("idaudit")));
            assertEquals(403, denied.statusCode());
            assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
            assertTrue(denied.awsErrorDetails().errorMessage().contains("is not authorized to perform: sts:AssumeRole"), denied::getMessage);
            // The other accounts are still readable.
            assertNotNull(clients.sts.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/IdAuditReadOnly").roleSessionName("idaudit"))
                    .credentials().accessKeyId());
        }
    }

    @Test
    void assumeRoleOfAnotherRoleOrOutsideTheOrganizationIsAccessDenied() {
        for (String arn : List.of("arn:aws:iam::222222222222:role/Admin", "arn:aws:iam::999999999999:role/IdAuditReadOnly")) {
            var denied = assertThrows(software.amazon.awssdk.services.sts.model.StsException.class,
                    () -> aws.sts.assumeRole(r -> r.roleArn(arn).roleSessionName("idaudit")));
            assertEquals("AccessDenied", denied.awsErrorDetails().errorCode(), arn);
        }
    }

    @Test
    void sdkRetriesAnInjectedThrottleAndSucceeds() {
        emulator.injectFault("ListRoots", "TooManyRequestsException", 400, 1);
        int before = emulator.callCount("ListRoots");
        assertEquals("r-acme", aws.organizations.listRoots().roots().get(0).id());
        assertEquals(2, emulator.callCount("ListRoots") - before, "one throttled call, one retry");
    }

    @Test
    void sdkRetriesAnInjectedQueryThrottleAndSucceeds() {
        emulator.injectFault("ListSAMLProviders", "Throttling", 400, 2);
        int before = emulator.callCount("ListSAMLProviders");
        assertEquals(1, aws.iam.listSAMLProviders().samlProviderList().size());
        assertEquals(3, emulator.callCount("ListSAMLProviders") - before, "two throttled calls, then success");
    }

    static Credentials assume(String accountId) {
        return aws.sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/IdAuditReadOnly").roleSessionName("idaudit")).credentials();
    }

    /** Generates the report until COMPLETE (bounded), then reads it. */
    static String credentialReport(SdkClients clients) {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (clients.iam.generateCredentialReport().stateAsString().equals("COMPLETE")) {
                return clients.iam.getCredentialReport().content().asUtf8String();
            }
        }
        throw new AssertionError("credential report never COMPLETE");
    }

    static String permissionSetArn(String name) {
        return aws.ssoAdmin.listPermissionSetsPaginator(r -> r.instanceArn(ORG_INSTANCE)).permissionSets().stream()
                .filter(arn -> aws.ssoAdmin.describePermissionSet(r -> r.instanceArn(ORG_INSTANCE).permissionSetArn(arn))
                        .permissionSet().name().equals(name)).findFirst().orElseThrow();
    }
}
