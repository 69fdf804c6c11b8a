package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole pack on a hand-built snapshot of the acme scenario (the cast and plants of
 * scenarios/acme/scenario.yaml): every rule finds its planted violation and its passing twin,
 * and none errs. The sandbox-collected acme snapshot gets the same check once it exists.
 */
class AcmeFixtureTest {
    static List<Finding> findings() throws Exception {
        try (InputStream in = AcmeFixtureTest.class.getResourceAsStream("acme-snapshot.json")) {
            Snapshot s = SnapshotIO.read(in, "acme-snapshot.json");
            return new RuleEngine(RulePack.builtIn()).evaluate(s);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRuleFailsAndPassesOnAcmeWithoutErrors() throws Exception {
        List<Finding> all = findings();
        Map<String, List<Finding>> byRule = all.stream().collect(Collectors.groupingBy(Finding::ruleId));
        return RulePack.builtIn().rules().stream().map(rule -> DynamicTest.dynamicTest(rule.id(), () -> {
            List<Finding> fs = byRule.getOrDefault(rule.id(), List.of());
            String shown = fs.stream().map(f -> f.status() + " " + f.resource().id() + ": " + f.reason()).collect(Collectors.joining("\n"));
            assertTrue(fs.stream().noneMatch(f -> f.status() == Status.ERROR), shown);
            assertTrue(fs.stream().anyMatch(f -> f.status() == Status.PASS), "no PASS:\n" + shown);
            if (!rule.id().equals("org_all_features_enabled")) { // acme has one organization, with all features
                assertTrue(fs.stream().anyMatch(f -> f.status() == Status.FAIL), "no FAIL:\n" + shown);
            }
        }));
    }

    /** Permission-set findings are keyed by ARN; scenario.yaml names the sets. */
    static final String PS = "arn:aws:sso:::permissionSet/ssoins-acme0000000001/ps-";

    /** The plants of scenario.yaml whose resource ids are finding ids. */
    static final String[][] PLANTS = {
        {"okta_aws_app_present_and_active", "0oa1awssso00000002", "0oa1awssso00000001"},
        {"okta_aws_app_scim_provisioning_enabled", "0oa1awssso00000002", "0oa1awssso00000001"},
        {"okta_aws_app_deactivation_sync_enabled", "0oa1awssso00000002", "0oa1awssso00000001"},
        {"okta_aws_app_profile_push_enabled", "0oa1awssso00000002", "0oa1awssso00000001"},
        {"okta_aws_app_users_synchronized", "00u1frank0000000006", "00u1alice0000000001"},
        {"okta_aws_app_group_push_healthy", "9a6b0003-readonly", "9a6b0001-devops"},
        {"okta_aws_app_assigned_via_groups", "00u1frank0000000006", "00u1alice0000000001"},
        {"okta_aws_legacy_federation_app_absent", "0oa1awsfed00000003", "0oa1awsfed00000004"},
        {"okta_aws_app_signing_key_valid", "kid-expiring-soon", "kid-valid"},
        {"okta_aws_app_sign_on_requires_mfa", "rul1legacy1fa", "rul1require2fa"},
        {"okta_aws_user_inactive_within_limit", "00u1carol0000000003", "00u1alice0000000001"},
        {"okta_aws_user_status_active", "00u1erin00000000005", "00u1alice0000000001"},
        {"sync_no_orphan_identity_center_users", "9a6c0098-oscar", "9a6c0001-alice"},
        {"sync_no_orphan_identity_center_users", "9a6c0099-mallory", "9a6c0001-alice"},
        {"sync_deprovisioned_users_removed", "00u1dave00000000004", "00u1alice0000000001"},
        {"sync_deprovisioned_users_removed", "00u1erin00000000005", "00u1alice0000000001"},
        {"sync_identity_center_users_from_scim", "9a6c0099-mallory", "9a6c0001-alice"},
        {"sync_identity_center_groups_from_okta", "9a6b0099-legacy", "9a6b0001-devops"},
        {"sync_group_members_match", "9a6b0002-developers", "9a6b0001-devops"},
        {"sync_app_users_provisioned", "00u1grace0000000007", "00u1alice0000000001"},
        {"sync_user_attributes_match", "9a6c0008-heidi", "9a6c0001-alice"},
        {"idc_organization_instance", "ssoins-acmedev00000002", "ssoins-acme0000000001"},
        {"idc_permission_set_session_duration_within_limit", PS + "DevOps-AdministratorAccess", PS + "ReadOnly"},
        {"idc_admin_permission_sets_restricted", "333333333333/DevOps-AdministratorAccess/legacy-admins", "222222222222/DevOps-AdministratorAccess/org-DevOps"},
        {"idc_admin_permission_sets_restricted", "444444444444/DevOps-AdministratorAccess/mallory", "111111111111/BreakGlass/org-BreakGlass"},
        {"idc_permission_set_no_privilege_escalation", PS + "Developer", PS + "ReadOnly"},
        {"idc_permission_set_provisioned_current", PS + "Developer", PS + "DevOps-AdministratorAccess"},
        {"idc_permission_set_provisioned_current", PS + "ReadOnly", PS + "BreakGlass"},
        {"idc_permission_set_in_use", PS + "SecurityAudit", PS + "ReadOnly"},
        {"idc_assignments_to_groups_only", "444444444444/DevOps-AdministratorAccess/mallory", "222222222222/DevOps-AdministratorAccess/org-DevOps"},
        {"idc_management_account_access_restricted", "111111111111/Developer/org-Developers", "111111111111/BreakGlass/org-BreakGlass"},
        {"idc_assignment_principal_exists", "444444444444/ReadOnly/9a6b0404-deleted", "222222222222/ReadOnly/org-ReadOnly"},
        {"idc_assignment_account_active", "555555555555/ReadOnly/org-ReadOnly", "222222222222/ReadOnly/org-ReadOnly"},
        {"iam_reserved_sso_roles_match_assignments", "arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_OldProjectAccess_0123456789abcdef", null},
        {"iam_reserved_sso_roles_match_assignments", "444444444444/AWSReservedSSO_ReadOnly", null},
        {"iam_saml_providers_identity_center_only", "arn:aws:iam::333333333333:saml-provider/OktaLegacy", "arn:aws:iam::222222222222:saml-provider/AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE"},
        {"iam_no_long_lived_user_credentials", "arn:aws:iam::444444444444:user/ci-deploy", "arn:aws:iam::222222222222:user/break-glass-reader"},
        {"org_all_features_enabled", null, "o-acme00001"},
        {"org_centralized_root_access_enabled", "RootSessions", "RootCredentialsManagement"},
        {"org_scp_protects_cloudtrail", "666666666666", "222222222222"},
        {"org_scp_restricts_regions", "666666666666", "222222222222"},
        {"org_cloudtrail_organization_trail", "acme-org-trail-2023", "acme-org-trail"},
    };

    @TestFactory
    Stream<DynamicTest> plantedViolationsFailAndTheirTwinsPass() throws Exception {
        List<Finding> all = findings();
        return Stream.of(PLANTS).map(p -> DynamicTest.dynamicTest(p[0] + " " + p[1], () -> {
            if (p[1] != null) {
                assertEquals(List.of(Status.FAIL), statuses(all, p[0], p[1]), p[0] + " on " + p[1]);
            }
            if (p[2] != null) {
                assertEquals(List.of(Status.PASS), statuses(all, p[0], p[2]), p[0] + " on " + p[2]);
            }
        }));
    }

    private static List<Status> statuses(List<Finding> all, String rule, String id) {
        return all.stream().filter(f -> f.ruleId().equals(rule) && f.resource().id().equals(id)).map(Finding::status).toList();
    }
}
