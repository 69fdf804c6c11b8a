package dev.idaudit.collect.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.util.Json;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every IAM action the AWS collector calls, and the policies that grant exactly those: the one
 * list that {@code idaudit doctor} probes, docs/permissions/*.json ship, and a test checks
 * against the calls a collection really makes. (sso-admin's API is authorised as {@code sso:}
 * actions, the Identity Store's as {@code identitystore:}; sts:GetCallerIdentity needs no permission.)
 */
public final class AwsPermissions {
    private AwsPermissions() {}

    /**
     * With the caller's credentials (management or delegated administrator account): the
     * organization and Identity Center. ListAccountAssignmentsForPrincipal is called only from the
     * management account (AWS refuses it elsewhere); ListTrails finds trails homed in other Regions.
     */
    public static final List<String> ORGANIZATION_ACTIONS = List.of(
            "organizations:DescribeOrganization",
            "organizations:ListRoots",
            "organizations:ListOrganizationalUnitsForParent",
            "organizations:ListAccountsForParent",
            "organizations:ListPolicies",
            "organizations:DescribePolicy",
            "organizations:ListTargetsForPolicy",
            "iam:ListOrganizationsFeatures",
            "cloudtrail:DescribeTrails",
            "cloudtrail:ListTrails",
            "cloudtrail:GetTrailStatus",
            "sso:ListPermissionSets",
            "sso:DescribePermissionSet",
            "sso:ListManagedPoliciesInPermissionSet",
            "sso:ListCustomerManagedPolicyReferencesInPermissionSet",
            "sso:GetInlinePolicyForPermissionSet",
            "sso:GetPermissionsBoundaryForPermissionSet",
            "sso:ListAccountsForProvisionedPermissionSet",
            "sso:ListAccountAssignments",
            "sso:ListAccountAssignmentsForPrincipal",
            "sso:ListPermissionSetProvisioningStatus",
            "sso:DescribePermissionSetProvisioningStatus",
            "identitystore:ListUsers",
            "identitystore:ListGroups",
            "identitystore:ListGroupMemberships");

    /**
     * Inside one account: through the member role, and with the caller's own credentials in the
     * caller's account. GetAccountAuthorizationDetails reads the roles with their last use;
     * ListInstances finds account instances of Identity Center (the organization's instance too,
     * in the management account); DescribeInstance only when ListInstances leaves the status out.
     */
    public static final List<String> ACCOUNT_ACTIONS = List.of(
            "iam:GetAccountAuthorizationDetails",
            "iam:ListSAMLProviders",
            "iam:GenerateCredentialReport",
            "iam:GetCredentialReport",
            "sso:ListInstances",
            "sso:DescribeInstance");

    public static final String ASSUME_ROLE = "sts:AssumeRole";

    /** The member role in every account, in the ARN form an identity policy names it (any account). */
    public static String memberRoleResource(String partition, String roleName) {
        return "arn:" + partition + ":iam::*:role/" + roleName;
    }

    /** The identity policy of the caller (the audit's role or user in the management or delegated admin account). */
    public static ObjectNode callerPolicy(String memberRoleName) {
        List<String> iam = Stream.concat(ORGANIZATION_ACTIONS.stream(), ACCOUNT_ACTIONS.stream())
                .filter(a -> a.startsWith("iam:")).toList();
        List<String> identityCenter = Stream.concat(ACCOUNT_ACTIONS.stream(), ORGANIZATION_ACTIONS.stream())
                .filter(a -> a.startsWith("sso:") || a.startsWith("identitystore:")).toList();
        return policy(
                statement("ReadOrganization", withPrefix(ORGANIZATION_ACTIONS, "organizations:"), "*"),
                statement("ReadIdentityCenter", identityCenter, "*"),
                statement("ReadIam", iam, "*"),
                statement("ReadCloudTrail", withPrefix(ORGANIZATION_ACTIONS, "cloudtrail:"), "*"),
                statement("AssumeMemberReadOnlyRole", List.of(ASSUME_ROLE), memberRoleResource("aws", memberRoleName)));
    }

    /** The permissions of the member role (IdAuditReadOnly) in every member account. */
    public static ObjectNode memberRolePolicy() {
        return policy(statement("ReadIdentityCenterRolesAndFederation", ACCOUNT_ACTIONS, "*"));
    }

    /**
     * The member role's trust policy: only the audit's principal may assume it, with the
     * ExternalId when one is configured.
     */
    public static ObjectNode memberRoleTrustPolicy(String auditPrincipalArn, String externalId) {
        ObjectNode trust = JsonNodeFactory.instance.objectNode();
        trust.put("Effect", "Allow");
        trust.putObject("Principal").put("AWS", auditPrincipalArn);
        trust.put("Action", ASSUME_ROLE);
        if (externalId != null) {
            trust.putObject("Condition").putObject("StringEquals").put("sts:ExternalId", externalId);
        }
        return policy(trust);
    }

    public static ObjectNode statement(String sid, List<String> actions, String resource) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        if (actions.size() == 1) {
            s.put("Action", actions.get(0));
        } else {
            ArrayNode a = s.putArray("Action");
            actions.forEach(a::add);
        }
        s.put("Resource", resource);
        return s;
    }

    static ObjectNode policy(ObjectNode... statements) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("Version", "2012-10-17");
        ArrayNode s = p.putArray("Statement");
        for (ObjectNode statement : statements) {
            s.add(statement);
        }
        return p;
    }

    /** One action a line, "key": value: how AWS's console and documentation lay policies out. */
    private static final DefaultPrettyPrinter POLICY_LAYOUT = new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    /** Pretty JSON, as printed by doctor and stored in docs/permissions. */
    public static String pretty(ObjectNode node) {
        try {
            return Json.json().writer(POLICY_LAYOUT).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> withPrefix(List<String> actions, String prefix) {
        return actions.stream().filter(a -> a.startsWith(prefix)).toList();
    }
}
