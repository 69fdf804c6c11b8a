package dev.idaudit.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idaudit.sandbox.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.identitystore.model.Group;
import software.amazon.awssdk.services.identitystore.model.User;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyTargetSummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignment;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * Every violation scenario.yaml plants on the AWS side is really served, next to the resource
 * that passes, as a collector reads it: through the real SDK clients, two items a page.
 */
class AcmeAwsPlantsTest {
    static final String INSTANCE = AwsEmulatorSdkTest.ORG_INSTANCE;
    static final String STORE = AwsEmulatorSdkTest.STORE;
    static final String RESERVED = "/aws-reserved/sso.amazonaws.com/";
    static final ObjectMapper MAPPER = new ObjectMapper();

    static AwsEmulator emulator;
    static SdkClients aws;
    static Map<String, String> permissionSetArns;
    static List<AccountAssignment> assignments;
    static List<User> users;
    static List<Group> groups;

    @BeforeAll
    static void read() {
        emulator = AwsEmulator.start(AcmeAws.scenario(2));
        aws = new SdkClients(emulator);
        permissionSetArns = new LinkedHashMap<>();
        aws.ssoAdmin.listPermissionSetsPaginator(r -> r.instanceArn(INSTANCE)).permissionSets().forEach(arn -> permissionSetArns.put(
                aws.ssoAdmin.describePermissionSet(r -> r.instanceArn(INSTANCE).permissionSetArn(arn)).permissionSet().name(), arn));
        List<String> accounts = aws.organizations.listAccountsPaginator().stream().flatMap(p -> p.accounts().stream()).map(Account::id).toList();
        assignments = permissionSetArns.values().stream().flatMap(ps -> accounts.stream().flatMap(account -> aws.ssoAdmin
                .listAccountAssignmentsPaginator(r -> r.instanceArn(INSTANCE).permissionSetArn(ps).accountId(account))
                .accountAssignments().stream())).toList();
        users = aws.identityStore.listUsersPaginator(r -> r.identityStoreId(STORE)).users().stream().toList();
        groups = aws.identityStore.listGroupsPaginator(r -> r.identityStoreId(STORE)).groups().stream().toList();
    }

    @AfterAll
    static void stop() {
        aws.close();
        emulator.close();
    }

    /** One check per rule: the failing resource fails and the passing one passes, in the data served. */
    static final Map<String, Runnable> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("okta_aws_user_status_active", () -> {
            // AWS half: erin (SUSPENDED in Okta) still reaches accounts through org-ReadOnly.
            assertTrue(membersOf("9a6b0003-readonly").contains("9a6c0005-erin"));
            assertFalse(accountsOf("GROUP", "9a6b0003-readonly").isEmpty());
        });
        CHECKS.put("okta_aws_app_group_push_healthy", () -> {
            assertFalse(accountsOf("GROUP", "9a6b0003-readonly").isEmpty(), "org-ReadOnly is used by an assignment");
            assertFalse(accountsOf("GROUP", "9a6b0001-devops").isEmpty());
        });
        CHECKS.put("sync_no_orphan_identity_center_users", () -> {
            assertEquals("00u1oscar0000000098", user("9a6c0098-oscar").externalIds().get(0).id());
            assertEquals("ENABLED", user("9a6c0098-oscar").userStatusAsString());
            assertEquals("00u1alice0000000001", user("9a6c0001-alice").externalIds().get(0).id());
        });
        CHECKS.put("sync_deprovisioned_users_removed", () -> {
            assertEquals("ENABLED", user("9a6c0004-dave").userStatusAsString());
            assertTrue(membersOf("9a6b0002-developers").contains("9a6c0004-dave"));
            assertFalse(accountsOf("GROUP", "9a6b0002-developers").isEmpty());
        });
        CHECKS.put("sync_identity_center_users_from_scim", () -> {
            assertTrue(user("9a6c0099-mallory").externalIds().isEmpty());
            assertFalse(user("9a6c0001-alice").externalIds().isEmpty());
        });
        CHECKS.put("sync_identity_center_groups_from_okta", () -> {
            assertTrue(group("9a6b0099-legacy").externalIds().isEmpty());
            // a group made by group push carries no ExternalIds (Okta's SCIM group create sends displayName and
            // members): the pushed group is found by its push target's name, the legacy group by no mapping
            assertTrue(group("9a6b0001-devops").externalIds().isEmpty());
            assertEquals("org-DevOps", group("9a6b0001-devops").displayName());
        });
        CHECKS.put("sync_group_members_match", () -> {
            assertEquals(Set.of("9a6c0002-bob", "9a6c0003-carol", "9a6c0004-dave"), membersOf("9a6b0002-developers"));
            assertEquals(Set.of("9a6c0001-alice"), membersOf("9a6b0001-devops"));
        });
        CHECKS.put("sync_app_users_provisioned", () -> {
            assertTrue(users.stream().noneMatch(u -> u.userName().equals("grace@acme.example")));
            assertTrue(users.stream().anyMatch(u -> u.userName().equals("alice@acme.example")));
        });
        CHECKS.put("sync_user_attributes_match", () -> {
            assertEquals("heidi.old@acme.example", user("9a6c0008-heidi").emails().get(0).value());
            assertEquals("alice@acme.example", user("9a6c0001-alice").emails().get(0).value());
        });
        CHECKS.put("idc_organization_instance", () -> {
            var own = aws.ssoAdmin.listInstancesPaginator(r -> { }).instances().stream().toList();
            assertEquals(List.of("111111111111"), own.stream().map(i -> i.ownerAccountId()).toList());
            try (SdkClients dev = SdkClients.assumed(emulator, assume("444444444444"))) {
                var instance = dev.ssoAdmin.listInstancesPaginator(r -> { }).instances().stream().findFirst().orElseThrow();
                assertEquals("arn:aws:sso:::instance/ssoins-acmedev00000002", instance.instanceArn());
                assertEquals("444444444444", instance.ownerAccountId());
            }
        });
        CHECKS.put("idc_permission_set_session_duration_within_limit", () -> {
            assertEquals(Duration.ofHours(12), sessionDuration("DevOps-AdministratorAccess"));
            assertTrue(sessionDuration("ReadOnly").compareTo(Duration.ofHours(8)) <= 0);
        });
        CHECKS.put("idc_admin_permission_sets_restricted", () -> {
            assertTrue(managedPolicies("DevOps-AdministratorAccess").contains("arn:aws:iam::aws:policy/AdministratorAccess"));
            Set<String> holders = assignments.stream().filter(a -> a.permissionSetArn().equals(permissionSetArns.get("DevOps-AdministratorAccess")))
                    .map(a -> a.principalTypeAsString() + " " + a.principalId()).collect(Collectors.toSet());
            assertEquals(Set.of("GROUP 9a6b0001-devops", "GROUP 9a6b0099-legacy", "USER 9a6c0099-mallory"), holders);
            assertEquals("legacy-admins", group("9a6b0099-legacy").displayName());
            assertEquals("org-DevOps", group("9a6b0001-devops").displayName());
        });
        CHECKS.put("idc_permission_set_no_privilege_escalation", () -> {
            JsonNode inline = json(inlinePolicy("Developer"));
            JsonNode statement = inline.path("Statement").get(0);
            assertEquals("Allow", statement.path("Effect").asText());
            assertEquals("iam:*", statement.path("Action").asText());
            assertEquals("*", statement.path("Resource").asText());
            assertEquals(null, inlinePolicy("ReadOnly"));
            assertEquals(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"), managedPolicies("ReadOnly"));
        });
        CHECKS.put("idc_permission_set_provisioned_current", () -> {
            assertEquals(List.of("333333333333"), provisioned("Developer", ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED));
            assertEquals(List.of(), provisioned("DevOps-AdministratorAccess", ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED));
            var failed = aws.ssoAdmin.listPermissionSetProvisioningStatusPaginator(r -> r.instanceArn(INSTANCE)
                    .filter(f -> f.status(StatusValues.FAILED))).permissionSetsProvisioningStatus().stream().toList();
            assertEquals(1, failed.size());
            var detail = aws.ssoAdmin.describePermissionSetProvisioningStatus(r -> r.instanceArn(INSTANCE)
                    .provisionPermissionSetRequestId(failed.get(0).requestId())).permissionSetProvisioningStatus();
            assertEquals(permissionSetArns.get("ReadOnly"), detail.permissionSetArn());
        });
        CHECKS.put("idc_permission_set_in_use", () -> {
            assertTrue(assignments.stream().noneMatch(a -> a.permissionSetArn().equals(permissionSetArns.get("SecurityAudit"))));
            assertTrue(assignments.stream().anyMatch(a -> a.permissionSetArn().equals(permissionSetArns.get("ReadOnly"))));
        });
        CHECKS.put("idc_assignments_to_groups_only", () -> {
            assertEquals(List.of("9a6c0099-mallory"), assignments.stream().filter(a -> a.principalTypeAsString().equals("USER"))
                    .map(AccountAssignment::principalId).distinct().toList());
        });
        CHECKS.put("idc_management_account_access_restricted", () -> {
            String management = aws.organizations.describeOrganization().organization().masterAccountId();
            Set<String> inManagement = assignments.stream().filter(a -> a.accountId().equals(management))
                    .map(AccountAssignment::principalId).collect(Collectors.toSet());
            assertEquals(Set.of("9a6b0002-developers", "9a6b0004-breakglass"), inManagement);
        });
        CHECKS.put("idc_assignment_principal_exists", () -> {
            Set<String> known = new HashSet<>();
            users.forEach(u -> known.add(u.userId()));
            groups.forEach(g -> known.add(g.groupId()));
            assertEquals(Set.of("9a6b0404-deleted"), assignments.stream().map(AccountAssignment::principalId)
                    .filter(id -> !known.contains(id)).collect(Collectors.toSet()));
        });
        CHECKS.put("idc_assignment_account_active", () -> {
            Map<String, String> states = aws.organizations.listAccountsPaginator().stream().flatMap(p -> p.accounts().stream())
                    .collect(Collectors.toMap(Account::id, Account::stateAsString));
            assertEquals("SUSPENDED", states.get("555555555555"));
            assertEquals("ACTIVE", states.get("222222222222"));
            assertTrue(assignments.stream().anyMatch(a -> a.accountId().equals("555555555555")));
            assertTrue(assignments.stream().anyMatch(a -> a.accountId().equals("222222222222")));
        });
        CHECKS.put("iam_reserved_sso_roles_match_assignments", () -> {
            List<String> prod = reservedRoles("222222222222").stream().map(Role::roleName).toList();
            assertTrue(prod.contains("AWSReservedSSO_OldProjectAccess_0123456789abcdef"));
            assertTrue(prod.stream().anyMatch(n -> n.startsWith("AWSReservedSSO_DevOps-AdministratorAccess_")));
            assertFalse(permissionSetArns.containsKey("OldProjectAccess"));
            assertTrue(assignments.stream().anyMatch(a -> a.accountId().equals("444444444444")
                    && a.permissionSetArn().equals(permissionSetArns.get("ReadOnly"))));
            assertTrue(reservedRoles("444444444444").stream().noneMatch(r -> r.roleName().startsWith("AWSReservedSSO_ReadOnly_")));
        });
        CHECKS.put("iam_reserved_sso_role_used_recently", () -> {
            try (SdkClients prod = SdkClients.assumed(emulator, assume("222222222222"))) {
                assertTrue(daysSinceUse(prod, "AWSReservedSSO_ReadOnly_") > 90);
                assertTrue(daysSinceUse(prod, "AWSReservedSSO_DevOps-AdministratorAccess_") <= 10);
            }
        });
        CHECKS.put("iam_saml_providers_identity_center_only", () -> {
            assertEquals(List.of("AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE", "OktaLegacy"), samlProviders("333333333333"));
            assertEquals(List.of("AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE"), samlProviders("222222222222"));
        });
        CHECKS.put("iam_no_long_lived_user_credentials", () -> {
            Map<String, String> ciDeploy = reportRow("444444444444", "ci-deploy");
            assertEquals("true", ciDeploy.get("access_key_1_active"));
            Map<String, String> reader = reportRow("222222222222", "break-glass-reader");
            assertEquals("false", reader.get("password_enabled"));
            assertEquals("false", reader.get("access_key_1_active"));
            assertEquals("false", reader.get("access_key_2_active"));
            assertEquals("not_supported", reportRow("222222222222", "<root_account>").get("password_enabled"));
        });
        CHECKS.put("org_all_features_enabled", () ->
                assertEquals("ALL", aws.organizations.describeOrganization().organization().featureSetAsString()));
        CHECKS.put("org_centralized_root_access_enabled", () -> {
            List<String> features = aws.iam.listOrganizationsFeatures(r -> { }).enabledFeaturesAsStrings();
            assertTrue(features.contains("RootCredentialsManagement"));
            assertFalse(features.contains("RootSessions"));
        });
        CHECKS.put("org_scp_protects_cloudtrail", () -> {
            PolicySummary scp = scp("DenyCloudTrailTampering");
            String content = aws.organizations.describePolicy(r -> r.policyId(scp.id())).policy().content();
            JsonNode actions = json(content).path("Statement").get(0).path("Action");
            assertTrue(actions.toString().contains("cloudtrail:StopLogging") && actions.toString().contains("cloudtrail:DeleteTrail"));
            assertEquals(List.of("ou-acme-wl"), targets(scp));
            assertEquals("ou-acme-sec", parentOf("666666666666"));
            assertEquals("ou-acme-wl", parentOf(parentOf("222222222222")));
        });
        CHECKS.put("org_scp_restricts_regions", () -> {
            PolicySummary scp = scp("RegionLock");
            String content = aws.organizations.describePolicy(r -> r.policyId(scp.id())).policy().content();
            JsonNode statement = json(content).path("Statement").get(0);
            assertEquals("Deny", statement.path("Effect").asText());
            assertTrue(statement.path("Condition").toString().contains("aws:RequestedRegion"));
            assertEquals(List.of("ou-acme-wl"), targets(scp));
        });
        CHECKS.put("org_cloudtrail_organization_trail", () -> {
            // Both are homed in eu-west-1; read there, by name.
            try (var euWest1 = SdkClients.cloudTrailIn(emulator, SdkClients.CALLER, "eu-west-1")) {
                assertFalse(euWest1.getTrailStatus(r -> r.name("acme-org-trail-2023")).isLogging());
                assertTrue(euWest1.getTrailStatus(r -> r.name("acme-org-trail")).isLogging());
                assertEquals(2, euWest1.describeTrails().trailList().size());
                assertTrue(euWest1.describeTrails().trailList().stream().allMatch(t -> t.isOrganizationTrail()));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> everyPlantedAwsViolationIsServed() {
        return AcmeAws.plants().stream().filter(p -> CHECKS.containsKey(p.rule()))
                .map(p -> dynamicTest(p.rule() + ": " + p.fails() + " fails, " + p.passes() + " passes", () -> CHECKS.get(p.rule()).run()));
    }

    @Test
    void everyAwsSidePlantHasACheck() {
        List<String> unchecked = AcmeAws.plants().stream().map(Scenario.Plant::rule)
                .filter(rule -> rule.startsWith("idc_") || rule.startsWith("iam_") || rule.startsWith("org_") || rule.startsWith("sync_"))
                .filter(rule -> !CHECKS.containsKey(rule)).toList();
        assertEquals(List.of(), unchecked);
    }

    // ---- reading helpers ----

    static software.amazon.awssdk.services.sts.model.Credentials assume(String account) {
        return aws.sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/IdAuditReadOnly").roleSessionName("plants")).credentials();
    }

    static User user(String id) {
        return users.stream().filter(u -> u.userId().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no user " + id));
    }

    static Group group(String id) {
        return groups.stream().filter(g -> g.groupId().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no group " + id));
    }

    static Set<String> membersOf(String groupId) {
        return aws.identityStore.listGroupMembershipsPaginator(r -> r.identityStoreId(STORE).groupId(groupId)).groupMemberships().stream()
                .map(m -> m.memberId().userId()).collect(Collectors.toSet());
    }

    static Set<String> accountsOf(String type, String principalId) {
        return aws.ssoAdmin.listAccountAssignmentsForPrincipalPaginator(r -> r.instanceArn(INSTANCE).principalType(type).principalId(principalId))
                .accountAssignments().stream().map(a -> a.accountId()).collect(Collectors.toSet());
    }

    static Duration sessionDuration(String permissionSet) {
        return Duration.parse(aws.ssoAdmin.describePermissionSet(r -> r.instanceArn(INSTANCE)
                .permissionSetArn(permissionSetArns.get(permissionSet))).permissionSet().sessionDuration());
    }

    static List<String> managedPolicies(String permissionSet) {
        return aws.ssoAdmin.listManagedPoliciesInPermissionSetPaginator(r -> r.instanceArn(INSTANCE)
                .permissionSetArn(permissionSetArns.get(permissionSet))).attachedManagedPolicies().stream().map(p -> p.arn()).toList();
    }

    static String inlinePolicy(String permissionSet) {
        return aws.ssoAdmin.getInlinePolicyForPermissionSet(r -> r.instanceArn(INSTANCE)
                .permissionSetArn(permissionSetArns.get(permissionSet))).inlinePolicy();
    }

    static List<String> provisioned(String permissionSet, ProvisioningStatus status) {
        return aws.ssoAdmin.listAccountsForProvisionedPermissionSetPaginator(r -> r.instanceArn(INSTANCE)
                .permissionSetArn(permissionSetArns.get(permissionSet)).provisioningStatus(status)).accountIds().stream().toList();
    }

    static List<Role> reservedRoles(String account) {
        try (SdkClients member = SdkClients.assumed(emulator, assume(account))) {
            return member.iam.listRolesPaginator(r -> r.pathPrefix(RESERVED)).roles().stream().toList();
        }
    }

    static long daysSinceUse(SdkClients member, String rolePrefix) {
        String name = member.iam.listRolesPaginator(r -> r.pathPrefix(RESERVED)).roles().stream().map(Role::roleName)
                .filter(n -> n.startsWith(rolePrefix)).findFirst().orElseThrow();
        Instant used = member.iam.getRole(r -> r.roleName(name)).role().roleLastUsed().lastUsedDate();
        assertNotNull(used, name + " has a last use");
        return Duration.between(used, Instant.now()).toDays();
    }

    static List<String> samlProviders(String account) {
        try (SdkClients member = SdkClients.assumed(emulator, assume(account))) {
            return member.iam.listSAMLProviders().samlProviderList().stream().map(p -> p.arn().substring(p.arn().indexOf('/') + 1)).toList();
        }
    }

    static Map<String, String> reportRow(String account, String user) {
        try (SdkClients member = SdkClients.assumed(emulator, assume(account))) {
            List<String> lines = AwsEmulatorSdkTest.credentialReport(member).lines().toList();
            List<String> header = List.of(lines.get(0).split(","));
            List<String> row = lines.stream().filter(l -> l.startsWith(user + ",")).findFirst().map(l -> List.of(l.split(",")))
                    .orElseThrow(() -> new AssertionError("no row for " + user + " in " + account));
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                out.put(header.get(i), row.get(i));
            }
            return out;
        }
    }

    static PolicySummary scp(String name) {
        return aws.organizations.listPoliciesPaginator(r -> r.filter(PolicyType.SERVICE_CONTROL_POLICY)).stream()
                .flatMap(p -> p.policies().stream()).filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    static List<String> targets(PolicySummary scp) {
        return aws.organizations.listTargetsForPolicyPaginator(r -> r.policyId(scp.id())).stream().flatMap(p -> p.targets().stream())
                .map(PolicyTargetSummary::targetId).toList();
    }

    static String parentOf(String child) {
        return aws.organizations.listParentsPaginator(r -> r.childId(child)).stream().flatMap(p -> p.parents().stream())
                .findFirst().orElseThrow().id();
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
