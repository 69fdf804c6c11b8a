package dev.idaudit.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A small snapshot with one of every entity, for round-trip, schema and fuzz tests. */
public final class SampleSnapshot {
    private SampleSnapshot() {}

    public static Snapshot sample() {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        var okta = new OktaSnapshot("https://acme.okta.com",
                List.of(new OktaSnapshot.User("00u1", "alice@acme.example", "alice@acme.example", "Alice", "A", "ACTIVE", t, t, t)),
                List.of(new OktaSnapshot.Group("00g1", "org-DevOps", null, "OKTA_GROUP")),
                List.of(new OktaSnapshot.GroupMembers("00g1", List.of("00u1"))),
                List.of(new OktaSnapshot.App("0oa1", "amazon_aws_sso", "AWS IAM Identity Center", "ACTIVE", "SAML_2_0")),
                List.of(new OktaSnapshot.AwsApp("0oa1", "amazon_aws_sso", "AWS IAM Identity Center", "ACTIVE",
                        List.of(new OktaSnapshot.AppUser("00u1", "9a6c-1", "alice@acme.example", "GROUP", "PROVISIONED", "SYNCHRONIZED", t)),
                        List.of(new OktaSnapshot.AppGroup("00g1", 0)),
                        List.of(new OktaSnapshot.Feature("USER_PROVISIONING", "ENABLED", Map.of("update.lifecycleDeactivate", "ENABLED"))),
                        new OktaSnapshot.Connection("TOKEN", "ENABLED", null),
                        List.of(new OktaSnapshot.PushMapping("gpm1", "00g1", "00g9", "ACTIVE", null, t, t, "org-DevOps")),
                        List.of(new OktaSnapshot.SigningKey("kid1", t, t.plusSeconds(86400), "sig")),
                        new OktaSnapshot.AccessPolicy("rst1", "AWS", "ACTIVE",
                                List.of(new OktaSnapshot.PolicyRule("rul1", "MFA", "ACTIVE", 0, "ALLOW", "ASSURANCE", "2FA", List.of()),
                                        new OktaSnapshot.PolicyRule("rul2", "Chain", "ACTIVE", 1, "ALLOW", "AUTH_METHOD_CHAIN", null,
                                                List.of(new OktaSnapshot.MethodChain(List.of(
                                                        new OktaSnapshot.ChainStep(List.of(new OktaSnapshot.AuthMethod("okta_password", "password", null))),
                                                        new OktaSnapshot.ChainStep(List.of(new OktaSnapshot.AuthMethod("okta_verify", "push", "REQUIRED"))))))))),
                        List.of("GROUP_PUSH", "PUSH_NEW_USERS"), "HTTP 400 E0000001 Api validation failed: feature", "kid1", "${source.login}")));
        var aws = new AwsSnapshot("us-east-1", "arn:aws:iam::111111111111:user/audit",
                new AwsSnapshot.Organization("o-1", "arn", "ALL", "111111111111", "m@x", List.of("RootSessions")),
                List.of(new AwsSnapshot.Account("222222222222", "arn", "prod", "p@x", "ACTIVE", "ou-1", "Root/Prod", t)),
                List.of(new AwsSnapshot.OrganizationalUnit("ou-1", "arn", "Prod", "r-1", "Root/Prod")),
                List.of(new AwsSnapshot.ServiceControlPolicy("p-1", "arn", "Deny", "d", false, "{}",
                        List.of(new AwsSnapshot.Target("ou-1", "ORGANIZATIONAL_UNIT", "Prod")))),
                List.of(new AwsSnapshot.Trail("t", "arn", "us-east-1", true, true, true)),
                new AwsSnapshot.IdentityCenter(
                        List.of(new AwsSnapshot.Instance("arn:ins", "d-1", "111111111111", null, "ACTIVE")),
                        List.of(new AwsSnapshot.PermissionSet("arn:ps", "ReadOnly", null, "PT4H", null, t,
                                List.of(new AwsSnapshot.ManagedPolicy("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess")),
                                List.of(), null, null, List.of("222222222222"), List.of())),
                        List.of(new AwsSnapshot.Assignment("arn:ps", "222222222222", "GROUP", "g-1")),
                        List.of(),
                        List.of(new AwsSnapshot.IdentityStoreUser("u-1", "alice@acme.example", "Alice", "alice@acme.example",
                                List.of(new AwsSnapshot.ExternalId("https://acme.okta.com", "00u1")), "ENABLED")),
                        List.of(new AwsSnapshot.IdentityStoreGroup("g-1", "org-DevOps", null, List.of())),
                        List.of(new AwsSnapshot.GroupMembership("m-1", "g-1", "u-1"))),
                List.of(new AwsSnapshot.MemberAccount("222222222222",
                        List.of(new AwsSnapshot.ReservedRole("AWSReservedSSO_ReadOnly_0123456789abcdef", "arn", "/aws-reserved/sso.amazonaws.com/",
                                "ReadOnly", t, null, null)),
                        List.of(), List.of())));
        return new Snapshot(Snapshot.CURRENT_SCHEMA_VERSION,
                new Metadata("test", t, t, "sandbox:test", "https://acme.okta.com", "arn", "111111111111", "us-east-1"),
                okta, aws, List.of(new CollectionIssue(Sections.AWS_IDC_PROVISIONING_REQUESTS, null, null,
                        "sso-admin:ListPermissionSetProvisioningStatus", "500", "boom")));
    }

}
