package dev.idaudit.snapshot;

import java.util.List;

/**
 * The names of snapshot sections, as used by {@link CollectionIssue#section()} and by a
 * rule's {@code requires}. Each name is the JSON path of the field it covers.
 */
public final class Sections {
    private Sections() {}

    /** The whole Okta side: an issue here means nothing of Okta could be read. */
    public static final String OKTA = "okta";
    /** The whole AWS side: an issue here means nothing of AWS could be read. */
    public static final String AWS = "aws";

    public static final String OKTA_USERS = "okta.users";
    public static final String OKTA_GROUPS = "okta.groups";
    public static final String OKTA_GROUP_MEMBERS = "okta.groupMembers";
    public static final String OKTA_APPS = "okta.apps";
    public static final String OKTA_AWS_APP = "okta.awsApps";
    public static final String OKTA_AWS_APP_USERS = "okta.awsApps.users";
    public static final String OKTA_AWS_APP_GROUPS = "okta.awsApps.groups";
    public static final String OKTA_AWS_APP_FEATURES = "okta.awsApps.features";
    public static final String OKTA_AWS_APP_DEFAULT_CONNECTION = "okta.awsApps.defaultConnection";
    public static final String OKTA_AWS_APP_PUSH_MAPPINGS = "okta.awsApps.pushMappings";
    public static final String OKTA_AWS_APP_SIGNING_KEYS = "okta.awsApps.signingKeys";
    public static final String OKTA_AWS_APP_ACCESS_POLICY = "okta.awsApps.accessPolicy";

    public static final String AWS_ORGANIZATION = "aws.organization";
    public static final String AWS_ORGANIZATION_ENABLED_FEATURES = "aws.organization.enabledFeatures";
    public static final String AWS_ACCOUNTS = "aws.accounts";
    public static final String AWS_ORGANIZATIONAL_UNITS = "aws.organizationalUnits";
    public static final String AWS_SERVICE_CONTROL_POLICIES = "aws.serviceControlPolicies";
    public static final String AWS_TRAILS = "aws.trails";
    public static final String AWS_IDC_INSTANCES = "aws.identityCenter.instances";
    public static final String AWS_IDC_PERMISSION_SETS = "aws.identityCenter.permissionSets";
    public static final String AWS_IDC_PERMISSION_SET_BOUNDARIES = "aws.identityCenter.permissionSets.permissionsBoundary";
    public static final String AWS_IDC_PERMISSION_SET_PROVISIONING = "aws.identityCenter.permissionSets.provisioning";
    public static final String AWS_IDC_PROVISIONING_REQUESTS = "aws.identityCenter.provisioningRequests";
    public static final String AWS_IDC_ASSIGNMENTS = "aws.identityCenter.assignments";
    public static final String AWS_IDC_USERS = "aws.identityCenter.users";
    public static final String AWS_IDC_GROUPS = "aws.identityCenter.groups";
    public static final String AWS_IDC_GROUP_MEMBERSHIPS = "aws.identityCenter.groupMemberships";
    /** Per account: issues in these sections carry the account id. */
    public static final String AWS_MEMBER_ACCOUNTS = "aws.memberAccounts";
    public static final String AWS_MEMBER_ROLES = "aws.memberAccounts.reservedRoles";
    public static final String AWS_MEMBER_SAML_PROVIDERS = "aws.memberAccounts.samlProviders";
    public static final String AWS_MEMBER_CREDENTIAL_REPORT = "aws.memberAccounts.credentialReport";

    public static final List<String> ALL = List.of(
            OKTA, AWS, OKTA_USERS, OKTA_GROUPS, OKTA_GROUP_MEMBERS, OKTA_APPS, OKTA_AWS_APP, OKTA_AWS_APP_USERS,
            OKTA_AWS_APP_GROUPS, OKTA_AWS_APP_FEATURES, OKTA_AWS_APP_DEFAULT_CONNECTION,
            OKTA_AWS_APP_PUSH_MAPPINGS, OKTA_AWS_APP_SIGNING_KEYS, OKTA_AWS_APP_ACCESS_POLICY,
            AWS_ORGANIZATION, AWS_ORGANIZATION_ENABLED_FEATURES, AWS_ACCOUNTS, AWS_ORGANIZATIONAL_UNITS,
            AWS_SERVICE_CONTROL_POLICIES, AWS_TRAILS, AWS_IDC_INSTANCES, AWS_IDC_PERMISSION_SETS,
            AWS_IDC_PERMISSION_SET_BOUNDARIES, AWS_IDC_PERMISSION_SET_PROVISIONING,
            AWS_IDC_PROVISIONING_REQUESTS, AWS_IDC_ASSIGNMENTS, AWS_IDC_USERS, AWS_IDC_GROUPS,
            AWS_IDC_GROUP_MEMBERSHIPS, AWS_MEMBER_ACCOUNTS, AWS_MEMBER_ROLES, AWS_MEMBER_SAML_PROVIDERS,
            AWS_MEMBER_CREDENTIAL_REPORT);

    /** True when one section contains the other (or they are the same). */
    public static boolean overlaps(String a, String b) {
        return a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".");
    }
}
