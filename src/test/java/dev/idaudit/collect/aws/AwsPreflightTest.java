package dev.idaudit.collect.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.collect.PreflightCheck;
import dev.idaudit.collect.PreflightCheck.Result;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.aws.AcmeAws;
import dev.idaudit.sandbox.aws.AwsEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** doctor's AWS probes through the real SDK clients against the AWS emulator's acme. */
class AwsPreflightTest {
    private static final String CALLER = "arn:aws:iam::111111111111:user/idaudit-auditor";

    @Test
    void everyActionIsAllowedOnAcmeAndEveryActiveAccountIsEntered() {
        List<PreflightCheck> checks = run(AcmeAws.scenario(100), emulator -> { });
        assertEquals(List.of(), checks.stream().filter(c -> !c.result().passes()).toList());
        // Every action the collector needs is tried with the caller's credentials or inside an account.
        Set<String> tried = checks.stream().filter(c -> c.result() == Result.OK).map(c -> c.check().split(" ")[0]).collect(Collectors.toSet());
        assertTrue(tried.containsAll(AwsPermissions.ORGANIZATION_ACTIONS), tried.toString());
        assertTrue(tried.containsAll(AwsPermissions.ACCOUNT_ACTIONS), tried.toString());
        assertEquals(Set.of("aws:222222222222", "aws:333333333333", "aws:444444444444", "aws:666666666666"),
                checks.stream().filter(c -> c.check().startsWith("sts:AssumeRole")).map(PreflightCheck::where).collect(Collectors.toSet()),
                "the suspended 555555555555 is not entered, and the caller's own account needs no role");
    }

    @Test
    void aRoleThatCannotBeAssumedIsMissingWithTheTrustPolicyThatFixesIt() {
        List<PreflightCheck> checks = run(AcmeAws.scenario(100, aws -> aws.putArray("unassumableAccounts").add("333333333333")),
                emulator -> { });
        List<PreflightCheck> failed = checks.stream().filter(c -> !c.result().passes()).toList();
        assertEquals(1, failed.size(), failed.toString());
        PreflightCheck refused = failed.get(0);
        assertEquals("aws:333333333333", refused.where());
        assertEquals("sts:AssumeRole IdAuditReadOnly", refused.check());
        assertEquals(Result.MISSING, refused.result());
        assertTrue(refused.detail().startsWith("AccessDenied"), refused.detail());
        assertTrue(refused.fix().contains("\"AWS\": \"" + CALLER + "\""), refused.fix());
        assertTrue(refused.fix().contains("\"Action\": \"sts:AssumeRole\""), refused.fix());
        assertTrue(refused.fix().contains("\"Resource\": \"arn:aws:iam::*:role/IdAuditReadOnly\""), refused.fix());
        assertTrue(checks.stream().noneMatch(c -> c.where().equals("aws:333333333333") && c.check().startsWith("iam:")),
                "nothing is tried inside an account that was not entered");
    }

    @Test
    void aRefusedActionIsMissingWithTheStatementThatGrantsIt() {
        List<PreflightCheck> checks = run(AcmeAws.scenario(100),
                emulator -> emulator.injectFault("ListAccountAssignments", "AccessDeniedException", 400, 1));
        List<PreflightCheck> failed = checks.stream().filter(c -> !c.result().passes()).toList();
        assertEquals(1, failed.size(), failed.toString());
        assertEquals("sso:ListAccountAssignments", failed.get(0).check());
        assertEquals(Result.MISSING, failed.get(0).result());
        assertTrue(failed.get(0).fix().startsWith("add to the IAM policy of " + CALLER), failed.get(0).fix());
        assertTrue(failed.get(0).fix().contains("\"Action\": \"sso:ListAccountAssignments\""), failed.get(0).fix());
    }

    @Test
    void whatDependsOnARefusedListIsNotTriedAndCarriesNoFixOfItsOwn() {
        List<PreflightCheck> checks = run(AcmeAws.scenario(100), emulator -> emulator.injectFault("ListInstances", "AccessDeniedException", 400, 1));
        List<PreflightCheck> failed = checks.stream().filter(c -> !c.result().passes()).toList();
        assertEquals("sso:ListInstances", failed.get(0).check());
        assertTrue(failed.get(0).fix().contains("\"Action\": \"sso:ListInstances\""), failed.get(0).fix());
        List<PreflightCheck> notTried = failed.subList(1, failed.size());
        assertEquals(List.of("sso:DescribeInstance", "sso:ListPermissionSets", "sso:ListPermissionSetProvisioningStatus",
                "identitystore:ListUsers", "identitystore:ListGroups"), notTried.stream().map(PreflightCheck::check).toList());
        notTried.forEach(c -> {
            assertEquals(Result.MISSING, c.result());
            assertEquals("not tried: sso:ListInstances failed", c.detail());
            assertNull(c.fix());
        });
    }

    @Test
    void aRefusedActionInsideAMemberAccountNamesTheMemberRole() {
        // The caller's own account is read first (one ListSAMLProviders), then each member account.
        List<PreflightCheck> checks = run(AcmeAws.scenario(100),
                emulator -> emulator.injectFault("ListSAMLProviders", "AccessDenied", 403, 2));
        List<PreflightCheck> failed = checks.stream().filter(c -> !c.result().passes()).toList();
        assertEquals(2, failed.size(), failed.toString());
        assertEquals("aws:111111111111", failed.get(0).where());
        assertTrue(failed.get(0).fix().startsWith("add to the IAM policy of " + CALLER), failed.get(0).fix());
        PreflightCheck member = failed.get(1);
        assertTrue(member.where().matches("aws:\\d{12}") && !member.where().equals("aws:111111111111"), member.where());
        assertTrue(member.fix().contains("role arn:aws:iam::" + member.where().substring(4) + ":role/IdAuditReadOnly"), member.fix());
        assertTrue(member.fix().contains("\"Action\": \"iam:ListSAMLProviders\""), member.fix());
    }

    @Test
    void aRefusedReadOfTheRolesNamesTheActionTheCollectorCalls() {
        List<PreflightCheck> checks = run(AcmeAws.scenario(100),
                emulator -> emulator.injectFault("GetAccountAuthorizationDetails", "AccessDenied", 403, 1));
        List<PreflightCheck> failed = checks.stream().filter(c -> !c.result().passes()).toList();
        assertEquals(1, failed.size(), failed.toString());
        assertEquals("iam:GetAccountAuthorizationDetails", failed.get(0).check());
        assertEquals(Result.MISSING, failed.get(0).result());
        assertTrue(failed.get(0).fix().contains("\"Action\": \"iam:GetAccountAuthorizationDetails\""), failed.get(0).fix());
        assertTrue(checks.stream().noneMatch(c -> c.check().startsWith("iam:GetRole") || c.check().startsWith("iam:ListRoles")),
                "the collector calls neither, so doctor does not ask for them");
    }

    @Test
    void anEndpointThatDoesNotAnswerIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AwsConfig config = new AwsConfig(null, "us-east-1", URI.create("http://127.0.0.1:" + closedPort), null, null, null, null);
        List<PreflightCheck> checks = AwsPreflight.withStaticKeys(config, "AKIAIDAUDITTEST00001", Secret.of("x")).run();
        assertEquals(1, checks.size(), checks.toString());
        assertEquals(Result.UNREACHABLE, checks.get(0).result());
        assertNull(checks.get(0).fix());
    }

    @Test
    void theTrustPolicyNamesTheRoleOfAnAssumedRoleSession() {
        assertEquals("arn:aws:iam::123456789012:role/idaudit-audit",
                AwsPreflight.principalArn("arn:aws:sts::123456789012:assumed-role/idaudit-audit/1700000000000"));
        assertEquals(CALLER, AwsPreflight.principalArn(CALLER));
    }

    private interface Setup {
        void apply(AwsEmulator emulator);
    }

    @Test
    void fromADelegatedAdministratorTheCallOnlyTheManagementAccountMayMakeIsSkippedNotMissing() {
        // 222222222222 is Identity Center's delegated administrator; an ASIA key acts in that account.
        Scenario scenario = AcmeAws.scenario(100,
                aws -> ((com.fasterxml.jackson.databind.node.ObjectNode) aws.get("identityCenter")).put("delegatedAdministrator", "222222222222"));
        List<PreflightCheck> checks = run(scenario, emulator -> { }, "ASIA222222222222TEST");
        // IAM serves ListOrganizationsFeatures only to the management account or centralized root access's
        // delegated administrator (its error AccountNotManagementOrDelegatedAdministratorException): not this one.
        assertEquals(List.of("iam:ListOrganizationsFeatures"),
                checks.stream().filter(c -> !c.result().passes()).map(PreflightCheck::check).toList());
        PreflightCheck forPrincipal = checks.stream().filter(c -> c.check().equals("sso:ListAccountAssignmentsForPrincipal"))
                .findFirst().orElseThrow();
        assertEquals(Result.SKIPPED, forPrincipal.result());
        assertTrue(checks.stream().anyMatch(c -> c.check().equals("sso:ListAccountAssignments") && c.result() == Result.OK));
    }

    @Test
    void fromTheManagementAccountTheCallPerPrincipalIsProbed() {
        List<PreflightCheck> checks = run(AcmeAws.scenario(100),
                emulator -> emulator.injectFault("ListAccountAssignmentsForPrincipal", "AccessDeniedException", 400, 1));
        List<PreflightCheck> failed = checks.stream().filter(c -> !c.result().passes()).toList();
        assertEquals(List.of("sso:ListAccountAssignmentsForPrincipal"), failed.stream().map(PreflightCheck::check).toList());
        assertEquals(Result.MISSING, failed.get(0).result());
    }

    private static List<PreflightCheck> run(Scenario scenario, Setup setup) {
        return run(scenario, setup, "AKIAIDAUDITTEST00001");
    }

    private static List<PreflightCheck> run(Scenario scenario, Setup setup, String accessKeyId) {
        try (AwsEmulator emulator = AwsEmulator.start(scenario)) {
            setup.apply(emulator);
            AwsConfig config = new AwsConfig(null, emulator.region(), emulator.endpoint(), null, null, null, null);
            return AwsPreflight.withStaticKeys(config, accessKeyId, Secret.of("not-checked-by-the-sandbox")).run();
        }
    }
}
