package dev.idaudit.drift;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.idaudit.snapshot.Sections;

/**
 * The kinds of things a diff or drift report lists, in the order they are shown. The key is
 * what JSON output and the HTML report use; the title is what a person reads.
 */
public enum EntityType {
    OKTA_USER("okta_user", "Okta users", Sections.OKTA_USERS),
    OKTA_GROUP("okta_group", "Okta groups", Sections.OKTA_GROUPS),
    OKTA_GROUP_MEMBERSHIP("okta_group_membership", "Okta group memberships", Sections.OKTA_GROUP_MEMBERS),
    OKTA_APP("okta_app", "Okta apps", Sections.OKTA_APPS),
    OKTA_AWS_APP_SETTINGS("okta_aws_app_settings", "AWS IAM Identity Center app settings", Sections.OKTA_AWS_APP),
    OKTA_APP_USER("okta_app_user", "AWS app users", Sections.OKTA_AWS_APP_USERS),
    OKTA_APP_GROUP("okta_app_group", "AWS app group assignments", Sections.OKTA_AWS_APP_GROUPS),
    OKTA_PUSH_MAPPING("okta_push_mapping", "Group push mappings", Sections.OKTA_AWS_APP_PUSH_MAPPINGS),
    AWS_ORGANIZATION("aws_organization", "AWS Organization", Sections.AWS_ORGANIZATION),
    AWS_ACCOUNT("aws_account", "AWS accounts", Sections.AWS_ACCOUNTS),
    AWS_ORGANIZATIONAL_UNIT("aws_organizational_unit", "Organizational units", Sections.AWS_ORGANIZATIONAL_UNITS),
    AWS_SCP("aws_scp", "Service control policies", Sections.AWS_SERVICE_CONTROL_POLICIES),
    AWS_TRAIL("aws_trail", "CloudTrail trails", Sections.AWS_TRAILS),
    IDC_INSTANCE("idc_instance", "Identity Center instances", Sections.AWS_IDC_INSTANCES),
    IDC_PERMISSION_SET("idc_permission_set", "Permission sets", Sections.AWS_IDC_PERMISSION_SETS),
    IDC_ASSIGNMENT("idc_assignment", "Account assignments", Sections.AWS_IDC_ASSIGNMENTS),
    IDC_USER("idc_user", "Identity Store users", Sections.AWS_IDC_USERS),
    IDC_GROUP("idc_group", "Identity Store groups", Sections.AWS_IDC_GROUPS),
    IDC_GROUP_MEMBERSHIP("idc_group_membership", "Identity Store group memberships", Sections.AWS_IDC_GROUP_MEMBERSHIPS),
    IAM_RESERVED_ROLE("iam_reserved_role", "AWSReservedSSO roles", Sections.AWS_MEMBER_ROLES),
    IAM_SAML_PROVIDER("iam_saml_provider", "IAM SAML providers", Sections.AWS_MEMBER_SAML_PROVIDERS),
    IAM_USER("iam_user", "IAM users (credential report)", Sections.AWS_MEMBER_CREDENTIAL_REPORT);

    @JsonValue
    public final String key;
    public final String title;
    /** The snapshot section it is read from (see {@link Sections}): a collection issue there is a caveat. */
    public final String section;

    EntityType(String key, String title, String section) {
        this.key = key;
        this.title = title;
        this.section = section;
    }
}
