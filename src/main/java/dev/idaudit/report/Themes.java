package dev.idaudit.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The themes an executive summary groups failures by: what a reader has to act on, not which
 * system a rule reads. The one place that maps rules to themes.
 *
 * <p>Why a table here and not a {@code theme:} key in each rule file: a theme is how a report
 * groups failures for a reader, not part of what a rule checks (its severity, risk, remediation
 * and frameworks stay in the rule file, where PMD and Prowler keep them). The five themes are a
 * fixed reading order chosen for this audit; keeping them here leaves the rule schema, its
 * loader, lint and generated docs unchanged, and a test ({@code ThemesTest}) fails when a
 * built-in rule has no theme, so a new rule cannot be forgotten. A user's own rules are shown
 * under {@link Theme#OTHER}.
 */
public final class Themes {
    private Themes() {}

    /** In the order the summary lists them: the most urgent first. */
    public enum Theme {
        LEAVERS("Leavers still holding access",
                "People who left or were suspended in Okta but can still reach AWS, access nobody uses, "
                        + "or access a reviewer revoked that is still there."),
        OUTSIDE_OKTA("Access outside Okta",
                "Identities, groups and credentials that were not made by Okta provisioning and escape its life cycle."),
        ADMIN_SPRAWL("Administrator sprawl",
                "Administrator and escalation-capable permission sets beyond the groups meant to hold them."),
        PROVISIONING("Provisioning health",
                "Whether Okta's provisioning into IAM Identity Center works: the app, its sync, push and permission-set deployment."),
        GUARDRAILS("Organization guardrails",
                "Organization-wide controls: all features, root access, SCPs, the organization trail, sign-on MFA."),
        OTHER("Other findings", "Rules outside the built-in pack.");

        private final String title;
        private final String description;

        Theme(String title, String description) {
            this.title = title;
            this.description = description;
        }

        public String title() {
            return title;
        }

        public String description() {
            return description;
        }
    }

    private static final Map<String, Theme> BY_RULE = new LinkedHashMap<>();

    private static void map(Theme theme, String... ruleIds) {
        for (String id : ruleIds) {
            if (BY_RULE.put(id, theme) != null) {
                throw new IllegalStateException(id + " has two themes");
            }
        }
    }

    static {
        map(Theme.LEAVERS,
                "sync_deprovisioned_users_removed",
                "okta_aws_user_status_active",
                "sync_no_orphan_identity_center_users",
                "okta_aws_app_deactivation_sync_enabled",
                "okta_aws_user_inactive_within_limit",
                "iam_reserved_sso_role_used_recently",
                "access_review_revocations_applied");
        map(Theme.OUTSIDE_OKTA,
                "sync_identity_center_users_from_scim",
                "sync_identity_center_groups_from_okta",
                "iam_no_long_lived_user_credentials",
                "iam_saml_providers_identity_center_only",
                "okta_aws_legacy_federation_app_absent",
                "idc_assignments_to_groups_only",
                "okta_aws_app_assigned_via_groups");
        map(Theme.ADMIN_SPRAWL,
                "idc_admin_permission_sets_restricted",
                "idc_permission_set_no_privilege_escalation",
                "idc_management_account_access_restricted",
                "idc_permission_set_session_duration_within_limit",
                "idc_permission_set_in_use");
        map(Theme.PROVISIONING,
                "okta_aws_app_present_and_active",
                "okta_aws_app_scim_provisioning_enabled",
                "okta_aws_app_profile_push_enabled",
                "okta_aws_app_users_synchronized",
                "okta_aws_app_group_push_healthy",
                "okta_aws_app_signing_key_valid",
                "sync_app_users_provisioned",
                "sync_group_members_match",
                "sync_user_attributes_match",
                "idc_permission_set_provisioned_current",
                "iam_reserved_sso_roles_match_assignments",
                "idc_assignment_principal_exists",
                "idc_assignment_account_active");
        map(Theme.GUARDRAILS,
                "org_all_features_enabled",
                "org_centralized_root_access_enabled",
                "org_scp_protects_cloudtrail",
                "org_scp_restricts_regions",
                "org_cloudtrail_organization_trail",
                "idc_organization_instance",
                "okta_aws_app_sign_on_requires_mfa");
    }

    /** The rule's theme; {@link Theme#OTHER} for a rule this table does not know (a user's own). */
    public static Theme of(String ruleId) {
        return BY_RULE.getOrDefault(ruleId, Theme.OTHER);
    }

    /** The rule ids this table maps, for the test that checks it against the built-in pack. */
    public static List<String> mappedRules() {
        return List.copyOf(BY_RULE.keySet());
    }
}
