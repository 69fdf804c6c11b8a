package dev.idaudit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The joins and derived facts, on the hand-built acme snapshot (see scenarios/acme/scenario.yaml). */
class AuditModelTest {
    static AuditModel acme;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = AuditModelTest.class.getResourceAsStream("/dev/idaudit/rules/acme-snapshot.json")) {
            acme = AuditModel.of(SnapshotIO.read(in, "acme"));
        }
    }

    static Views.IdcUser idc(String id) {
        return acme.idcUsers().stream().filter(u -> u.userId().equals(id)).findFirst().orElseThrow();
    }

    static Views.OktaUser okta(String id) {
        return acme.oktaUsers().stream().filter(u -> u.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void joinsIdentityStoreUsersThroughAppUserExternalIdFirst() {
        assertEquals("00u1alice0000000001", idc("9a6c0001-alice").oktaUserId());
        assertEquals("appUser.externalId", idc("9a6c0001-alice").joinedBy());
        assertNull(idc("9a6c0098-oscar").oktaUserId());
        assertNull(idc("9a6c0099-mallory").joinedBy());
    }

    @Test
    void fallsBackToExternalIdsThenTheUserNameOktasDefaultTemplateMakes() {
        Snapshot s = new Snapshot(1, null,
                new OktaSnapshot(null, List.of(user("00u1", "a@x"), user("00u2", "b@x")), null, null, null, null),
                new AwsSnapshot(null, null, null, null, null, null, null, new AwsSnapshot.IdentityCenter(null, null, null, null, List.of(
                        new AwsSnapshot.IdentityStoreUser("i1", "other", null, null, List.of(new AwsSnapshot.ExternalId("okta", "00u1")), "ENABLED"),
                        new AwsSnapshot.IdentityStoreUser("i2", "B@X", null, null, List.of(), "ENABLED")), null, null), null),
                null);
        AuditModel m = AuditModel.of(s, Instant.parse("2026-11-01T00:00:00Z"));
        assertEquals(List.of("externalId", "userNameTemplate ${source.login}"), m.idcUsers().stream().map(Views.IdcUser::joinedBy).toList());
        assertEquals(List.of("00u1", "00u2"), m.idcUsers().stream().map(Views.IdcUser::oktaUserId).toList());
    }

    static OktaSnapshot.User user(String id, String login) {
        return new OktaSnapshot.User(id, login, login, null, null, "ACTIVE", null, null, null);
    }

    @Test
    void accessMatrixSaysWhoReachesWhichAccountThroughWhichGroup() {
        List<Views.AccessPath> alice = acme.accessMatrix().stream().filter(p -> "alice@acme.example".equals(p.userName())).toList();
        assertEquals(List.of("222222222222", "333333333333", "444444444444"), alice.stream().map(Views.AccessPath::accountId).toList());
        assertTrue(alice.stream().allMatch(p -> "org-DevOps".equals(p.viaGroupName()) && "DevOps-AdministratorAccess".equals(p.permissionSetName())));
        Views.AccessPath mallory = acme.accessMatrix().stream().filter(p -> "mallory".equals(p.userName())).findFirst().orElseThrow();
        assertNull(mallory.viaGroupId(), "a direct user assignment has no group");
        assertEquals(List.of("111111111111", "333333333333", "444444444444"), okta("00u1dave00000000004").accountIds());
        assertTrue(okta("00u1dave00000000004").hasAwsAccess());
    }

    @Test
    void eachUsersAccountsAreTheAccountsOfTheirAccessPaths() {
        // The users' accounts are computed from the assignments, the matrix separately (and only when read): they must agree.
        java.util.Map<String, java.util.Set<String>> fromMatrix = new java.util.HashMap<>();
        acme.accessMatrix().forEach(p -> fromMatrix.computeIfAbsent(p.idcUserId(), k -> new java.util.TreeSet<>()).add(p.accountId()));
        assertFalse(fromMatrix.isEmpty());
        for (Views.IdcUser u : acme.idcUsers()) {
            assertEquals(List.copyOf(fromMatrix.getOrDefault(u.userId(), java.util.Set.of())), u.accountIds(), u.userId());
        }
        org.junit.jupiter.api.Assertions.assertSame(acme.accessMatrix(), acme.accessMatrix(), "built once, then kept");
    }

    @Test
    void reconciliationListsEachSidesLeftovers() {
        assertEquals(List.of("9a6c0098-oscar", "9a6c0099-mallory"), acme.identityCenterOnlyUsers().stream().map(Views.IdcUser::userId).toList());
        assertEquals(List.of("00u1grace0000000007"), acme.oktaOnlyUsers().stream().map(Views.OktaUser::id).toList());
        assertEquals(List.of("9a6b0099-legacy"), acme.identityCenterOnlyGroups().stream().map(Views.IdcGroup::groupId).toList());
        assertTrue(acme.pushMappingsWithoutTarget().isEmpty());
    }

    @Test
    void derivesPermissionSetFacts() {
        Views.PermissionSet dev = acme.permissionSets().stream().filter(p -> p.name().equals("Developer")).findFirst().orElseThrow();
        assertFalse(dev.allowedActionsOnAnyResource().contains("*"), "not an administrator set by its inline policy");
        assertTrue(dev.allowedActionsOnAnyResource().contains("iam:*"), "the escalation the rule's params judge");
        assertEquals(8.0, dev.sessionHours());
        assertEquals(List.of("333333333333"), dev.outdatedAccountIds());
        assertEquals(1.5, AuditModel.sessionHours("PT1H30M"));
        assertEquals(1.0, AuditModel.sessionHours(null));
        assertNull(AuditModel.sessionHours("12 hours"));
    }

    @Test
    void appliesScpsFromTheRootAndEveryOuAbove() {
        Views.Account prod = acme.accounts().stream().filter(a -> a.id().equals("222222222222")).findFirst().orElseThrow();
        assertEquals(List.of("FullAWSAccess", "DenyCloudTrailTampering", "RegionLock"), prod.scpNames());
        assertEquals(List.of("us-east-1", "eu-west-1"), prod.scpRegionAllowList());
        Views.Account logs = acme.accounts().stream().filter(a -> a.id().equals("666666666666")).findFirst().orElseThrow();
        assertEquals(List.of("FullAWSAccess"), logs.scpNames());
        assertFalse(logs.regionLocked());
    }

    @Test
    void groupMemberDifferencesNameExtraAndMissingPeople() {
        Views.IdcGroup devs = acme.idcGroups().stream().filter(g -> g.groupId().equals("9a6b0002-developers")).findFirst().orElseThrow();
        assertEquals(List.of("dave@acme.example"), devs.extraMembers());
        assertEquals(List.of("grace@acme.example"), devs.missingMembers());
        assertEquals("00g1devs0000000002", devs.oktaGroupId());
    }

    @Test
    void policyDocumentsReadAllowsDeniesAndRegionLocks() {
        PolicyDocument p = PolicyDocument.parse("""
                {"Statement": [
                  {"Effect": "Allow", "Action": ["iam:*", "s3:Get*"], "Resource": "*"},
                  {"Effect": "Allow", "Action": "ec2:*", "Resource": "arn:aws:ec2:*:*:instance/*"},
                  {"Effect": "Deny", "Action": "cloudtrail:*", "Resource": "*"},
                  {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
                   "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}}]}
                """);
        assertEquals(List.of("iam:*", "s3:Get*"), p.allowedActionsOnAnyResource());
        assertEquals(List.of("cloudtrail:*"), p.deniedActions());
        assertEquals(List.of("eu-west-1"), p.regionAllowList());
        assertTrue(PolicyDocument.covers("cloudtrail:*", "CloudTrail:StopLogging"));
        assertTrue(PolicyDocument.covers("*", "iam:*"));
        assertFalse(PolicyDocument.covers("iam:Create*", "iam:*"));
        assertFalse(PolicyDocument.parse("{oops").parsed());
    }
    @Test
    void theAwsAppsProvisioningIsReadFromTheAppFeaturesWithTheConnectionUnknownNotDisabled() {
        Views.AwsApp main = acme.awsApps().stream().filter(a -> a.id().equals("0oa1awssso00000001")).findFirst().orElseThrow();
        assertEquals(List.of("ENABLED", "ENABLED", "ENABLED", "ENABLED"),
                List.of(main.provisioning(), main.createUsers(), main.pushProfile(), main.deactivation()));
        assertFalse(main.featuresKnown(), "/features refused as documented");
        assertFalse(main.connectionKnown(), "a connection UNKNOWN is not known");
        assertEquals("UNKNOWN", main.connectionStatus());
        Views.AwsApp test = acme.awsApps().stream().filter(a -> a.id().equals("0oa1awssso00000002")).findFirst().orElseThrow();
        assertEquals(List.of("DISABLED", "DISABLED", "DISABLED", "DISABLED"),
                List.of(test.provisioning(), test.createUsers(), test.pushProfile(), test.deactivation()));
        assertEquals("app features GROUP_PUSH", test.provisioningBasis());
    }

    @Test
    void onlyTheKeyInUseIsMarkedInUse() {
        assertEquals(List.of("kid-valid=true", "kid-rotated-out=false", "kid-expiring-soon=true", "kid-test=false"),
                acme.signingKeys().stream().map(k -> k.kid() + "=" + k.inUse()).toList());
    }

    @Test
    void signOnRequirementsAreReadFromFactorModeAndChainSteps() {
        assertEquals(List.of("rul1require2fa=2FA", "rul1chainmfa=2FA", "rul1legacy1fa=1FA", "rul2default=2FA"),
                acme.signOnRules().stream().map(r -> r.id() + "=" + r.requirement()).toList());
    }
}
