package dev.idaudit.collect.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.collect.Issues;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.AwsSnapshot.Account;
import dev.idaudit.snapshot.AwsSnapshot.Assignment;
import dev.idaudit.snapshot.AwsSnapshot.ExternalId;
import dev.idaudit.snapshot.AwsSnapshot.MemberAccount;
import dev.idaudit.snapshot.AwsSnapshot.PermissionSet;
import dev.idaudit.snapshot.AwsSnapshot.ReservedRole;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.testing.AwsProxy;
import dev.idaudit.testing.RecordingProgress;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The AWS collector against the built-in sandbox's acme scenario (scenario.yaml has the cast),
 * with pages of two items, so every list the collector reads spans several pages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCollectorAcmeTest {
    private static final String MANAGEMENT = "111111111111";
    private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-acme0000000001";

    private AwsEmulator emulator;
    private AwsSnapshot snapshot;
    private List<CollectionIssue> issues;
    private RecordingProgress progress;
    /** The calls of the one collection above (other tests here collect from the same emulator again). */
    private List<AwsEmulator.Call> collectionCalls;

    @BeforeAll
    void collectAcme() throws IOException {
        emulator = AwsEmulator.start(acmeAwsSide(2, aws -> {}));
        progress = new RecordingProgress();
        Issues recorded = new Issues();
        snapshot = collector(emulator, progress, recorded).collect();
        issues = recorded.list();
        collectionCalls = emulator.calls();
    }

    private static AwsCollector collector(AwsEmulator emulator, RecordingProgress progress, Issues issues) {
        var config = new AwsConfig(null, emulator.region(), emulator.endpoint(), null, null, null, null);
        return AwsCollector.withStaticKeys(config, "AKIAIDAUDITTEST00001", Secret.of("not-checked-by-the-sandbox"), progress, issues);
    }

    /** acme's AWS side alone (Scenario.load also needs the Okta side, which these tests do not use), edited first. */
    private static Scenario acmeAwsSide(int awsPageSize, Consumer<ObjectNode> edit) throws IOException {
        try (InputStream aws = AwsCollectorAcmeTest.class.getResourceAsStream("/idaudit/scenarios/acme/aws.yaml")) {
            ObjectNode awsYaml = (ObjectNode) Json.yaml().readTree(aws);
            edit.accept(awsYaml);
            return new Scenario("acme", "acme, AWS side", new Scenario.Settings(200, awsPageSize), NullNode.getInstance(),
                    awsYaml, List.of());
        }
    }

    @AfterAll
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void acmeIsCollectedWithoutIssuesAndTheSuspendedAccountIsNotEnteredInside() {
        assertEquals(List.of(), issues);
        assertEquals("SUSPENDED", snapshot.accounts().stream().filter(a -> a.id().equals("555555555555")).findFirst().orElseThrow().state());
        assertFalse(snapshot.memberAccounts().stream().anyMatch(m -> m.accountId().equals("555555555555")));
    }

    @Test
    void readsTheOrganizationWithItsFeatures() {
        var org = snapshot.organization();
        assertEquals("o-acme00001", org.id());
        assertEquals("ALL", org.featureSet());
        assertEquals(MANAGEMENT, org.managementAccountId());
        assertEquals(List.of("RootCredentialsManagement"), org.enabledFeatures());
        assertEquals("arn:aws:iam::111111111111:user/idaudit-auditor", snapshot.callerArn());
        assertEquals("us-east-1", snapshot.region());
    }

    @Test
    void readsEveryAccountInItsPlaceOfTheTree() {
        assertEquals(6, snapshot.accounts().size());
        assertEquals("Root", account(MANAGEMENT).ouPath());
        assertEquals("Root/Workloads/Prod", account("222222222222").ouPath());
        assertEquals("Root/Workloads/NonProd", account("333333333333").ouPath());
        assertEquals("Root/Workloads/NonProd", account("444444444444").ouPath());
        assertEquals("Root/Sandbox", account("555555555555").ouPath());
        assertEquals("SUSPENDED", account("555555555555").state());
        assertEquals("Root/Security", account("666666666666").ouPath());
        assertEquals("acme-logs", account("666666666666").name());
        assertEquals(5, snapshot.organizationalUnits().size());
    }

    @Test
    void readsTheScpsAndWhereTheyAreAttached() {
        var deny = scp("DenyCloudTrailTampering");
        assertTrue(deny.content().contains("cloudtrail:StopLogging"));
        assertEquals(List.of("ou-acme-wl"), deny.targets().stream().map(t -> t.targetId()).toList());
        assertEquals(List.of("ou-acme-wl"), scp("RegionLock").targets().stream().map(t -> t.targetId()).toList());
        assertTrue(scp("FullAWSAccess").awsManaged());
        assertEquals("ROOT", scp("FullAWSAccess").targets().get(0).type());
    }

    @Test
    void readsBothOrganizationTrailsAndWhetherTheyLog() {
        assertEquals(Boolean.TRUE, trail("acme-org-trail").logging());
        assertEquals(Boolean.FALSE, trail("acme-org-trail-2023").logging());
        assertTrue(trail("acme-org-trail-2023").organizationTrail());
    }

    @Test
    void findsOrganizationTrailsHomedInAnotherRegionThanTheOneItReads() {
        // Both are homed in eu-west-1; the collector reads us-east-1, where the multi-Region trail is a
        // shadow trail and the single-Region one is absent: ListTrails names it with its home Region.
        assertEquals("us-east-1", snapshot.region());
        assertEquals("eu-west-1", trail("acme-org-trail").homeRegion());
        assertEquals("arn:aws:cloudtrail:eu-west-1:111111111111:trail/acme-org-trail-2023", trail("acme-org-trail-2023").arn());
        assertFalse(trail("acme-org-trail-2023").multiRegion());
        assertEquals(2, snapshot.trails().size(), snapshot.trails().toString());
        assertEquals(List.of(), issues.stream().filter(i -> i.section().equals(Sections.AWS_TRAILS)).toList());
        assertTrue(collectionCalls.stream().anyMatch(c -> c.operation().equals("ListTrails")));
    }

    @Test
    void findsTheAccountInstanceThroughTheMemberRole() {
        var instances = snapshot.identityCenter().instances();
        assertEquals(2, instances.size(), instances.toString());
        var org = instances.stream().filter(i -> i.instanceArn().equals(INSTANCE)).findFirst().orElseThrow();
        assertEquals(MANAGEMENT, org.ownerAccountId());
        assertEquals("d-acme000001", org.identityStoreId());
        var dev = instances.stream().filter(i -> !i.instanceArn().equals(INSTANCE)).findFirst().orElseThrow();
        assertEquals("444444444444", dev.ownerAccountId());
        assertTrue(dev.instanceArn().endsWith("ssoins-acmedev00000002"), dev.instanceArn());
    }

    @Test
    void readsPermissionSetsWithPoliciesBoundariesAndProvisioning() {
        assertEquals(5, snapshot.identityCenter().permissionSets().size());
        PermissionSet admin = permissionSet("DevOps-AdministratorAccess");
        assertEquals("PT12H", admin.sessionDuration());
        assertEquals("arn:aws:iam::aws:policy/AdministratorAccess", admin.awsManagedPolicies().get(0).arn());
        assertNull(admin.permissionsBoundary());
        assertEquals(Set.of("222222222222", "333333333333", "444444444444"), Set.copyOf(admin.provisionedAccountIds()));

        PermissionSet developer = permissionSet("Developer");
        assertTrue(developer.inlinePolicy().contains("\"iam:*\""), developer.inlinePolicy());
        assertEquals("AcmeDeveloperGuardrails", developer.customerManagedPolicies().get(0).name());
        assertEquals("AcmeDeveloperBoundary", developer.permissionsBoundary().customerManagedPolicyName());
        assertEquals("/acme/", developer.permissionsBoundary().customerManagedPolicyPath());
        assertEquals(List.of("333333333333"), developer.outdatedAccountIds());

        assertEquals("arn:aws:iam::aws:policy/ReadOnlyAccess", permissionSet("ReadOnly").permissionsBoundary().managedPolicyArn());
        assertEquals("PT1H", permissionSet("BreakGlass").sessionDuration());
        assertTrue(permissionSet("SecurityAudit").provisionedAccountIds().isEmpty());
    }

    @Test
    void readsEveryAssignmentIncludingThoseWhereProvisioningFailed() {
        var assignments = snapshot.identityCenter().assignments();
        assertEquals(14, assignments.size(), assignments.toString());
        String readOnly = permissionSet("ReadOnly").arn();
        String admin = permissionSet("DevOps-AdministratorAccess").arn();
        assertTrue(assignments.contains(new Assignment(readOnly, "444444444444", "GROUP", "9a6b0404-deleted")));
        assertTrue(assignments.contains(new Assignment(readOnly, "444444444444", "GROUP", "9a6b0003-readonly")));
        assertTrue(assignments.contains(new Assignment(readOnly, "555555555555", "GROUP", "9a6b0003-readonly")));
        assertTrue(assignments.contains(new Assignment(admin, "444444444444", "USER", "9a6c0099-mallory")));
        assertTrue(assignments.contains(new Assignment(permissionSet("Developer").arn(), MANAGEMENT, "GROUP", "9a6b0002-developers")));
    }

    @Test
    void readsProvisioningRequestsWithTheFailure() {
        var requests = snapshot.identityCenter().provisioningRequests();
        assertEquals(5, requests.size());
        var failed = requests.stream().filter(r -> r.status().equals("FAILED")).findFirst().orElseThrow();
        assertEquals("555effa6-6c27-42a4-96f6-869abb912327", failed.requestId());
        assertEquals("444444444444", failed.accountId());
        assertEquals(permissionSet("ReadOnly").arn(), failed.permissionSetArn());
        assertTrue(failed.failureReason().contains("409"));
    }

    @Test
    void readsIdentityStoreUsersWithExternalIdsAndStatus() {
        var users = snapshot.identityCenter().users();
        assertEquals(10, users.size());
        var alice = user("9a6c0001-alice");
        assertEquals("alice@acme.example", alice.userName());
        assertEquals(List.of(new ExternalId("https://acme.okta.com", "00u1alice0000000001")), alice.externalIds());
        assertEquals("ENABLED", alice.userStatus());
        assertEquals("heidi.old@acme.example", user("9a6c0008-heidi").primaryEmail());
        assertEquals(List.of(), user("9a6c0099-mallory").externalIds());
    }

    @Test
    void readsGroupsAndEveryMembership() {
        assertEquals(5, snapshot.identityCenter().groups().size());
        var legacy = snapshot.identityCenter().groups().stream().filter(g -> g.groupId().equals("9a6b0099-legacy")).findFirst().orElseThrow();
        assertEquals("legacy-admins", legacy.displayName());
        assertTrue(legacy.externalIds().isEmpty());
        assertEquals(8, snapshot.identityCenter().groupMemberships().size());
        assertEquals(Set.of("9a6c0002-bob", "9a6c0003-carol", "9a6c0004-dave"), snapshot.identityCenter().groupMemberships().stream()
                .filter(m -> m.groupId().equals("9a6b0002-developers")).map(m -> m.userId()).collect(Collectors.toSet()));
    }

    /** Okta's group push creates a group with displayName and members only: the Identity Store group has no ExternalIds. */
    @Test
    void readsPushedGroupsWithoutExternalIds() {
        var devops = snapshot.identityCenter().groups().stream().filter(g -> g.groupId().equals("9a6b0001-devops")).findFirst().orElseThrow();
        assertEquals("org-DevOps", devops.displayName());
        assertEquals(List.of(), devops.externalIds());
    }

    /** UserStatus is an optional member of the Identity Store's User: left out, it is read as unknown (null), never as DISABLED. */
    @Test
    void aUserAnsweredWithoutUserStatusIsReadWithAnUnknownStatus() throws IOException {
        try (var emulator = AwsEmulator.start(acmeAwsSide(100, aws -> {
            var users = aws.path("identityStores").path("d-acme000001").path("users");
            for (var u : users) {
                if (u.path("id").asText().equals("9a6c0004-dave")) {
                    ((ObjectNode) u).putNull("status");
                }
            }
        }))) {
            Issues recorded = new Issues();
            AwsSnapshot read = collector(emulator, new RecordingProgress(), recorded).collect();
            var users = read.identityCenter().users();
            assertNull(users.stream().filter(u -> u.userId().equals("9a6c0004-dave")).findFirst().orElseThrow().userStatus());
            assertEquals("ENABLED", users.stream().filter(u -> u.userId().equals("9a6c0001-alice")).findFirst().orElseThrow().userStatus());
            assertEquals(List.of(), recorded.list());
        }
    }

    @Test
    void readsReservedRolesWithLastUseInsideEachActiveAccount() {
        assertEquals(Set.of(MANAGEMENT, "222222222222", "333333333333", "444444444444", "666666666666"),
                snapshot.memberAccounts().stream().map(MemberAccount::accountId).collect(Collectors.toSet()));
        var prod = member("222222222222");
        assertEquals(Set.of("DevOps-AdministratorAccess", "ReadOnly", "OldProjectAccess"),
                prod.reservedRoles().stream().map(ReservedRole::permissionSetName).collect(Collectors.toSet()));
        ReservedRole readOnly = prod.reservedRoles().stream().filter(r -> r.permissionSetName().equals("ReadOnly")).findFirst().orElseThrow();
        long daysUnused = Duration.between(readOnly.lastUsed(), Instant.now()).toDays();
        assertTrue(daysUnused >= 199 && daysUnused <= 200, "ReadOnly in 222222222222 last used " + daysUnused + " days ago");
        assertEquals("us-east-1", readOnly.lastUsedRegion());
        assertTrue(member("666666666666").reservedRoles().isEmpty());
        assertEquals(2, member(MANAGEMENT).reservedRoles().size());
    }

    @Test
    void readsEachAccountsRolesInPagesOfAuthorizationDetailsWithoutACallPerRole() {
        // Two roles a page, and every role of the account is paged (the reserved ones are picked
        // out afterwards): 111111111111 and 444444444444 hold 5 roles, 222222222222 and
        // 333333333333 hold 7, 666666666666 holds 2. The suspended 555555555555 is not entered.
        Map<String, Long> perAccount = collectionCalls.stream().filter(c -> c.operation().equals("GetAccountAuthorizationDetails"))
                .collect(Collectors.groupingBy(AwsEmulator.Call::accountId, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of(MANAGEMENT, 3L, "222222222222", 4L, "333333333333", 4L, "444444444444", 3L, "666666666666", 1L), perAccount);
        // Before, ListRoles (PathPrefix) and one GetRole per reserved role: 7 + 10 calls here.
        assertTrue(collectionCalls.stream().noneMatch(c -> c.operation().equals("GetRole") || c.operation().equals("ListRoles")));
        assertEquals(10, progress.items("aws:222222222222", "reservedRoles") + progress.items("aws:333333333333", "reservedRoles")
                + progress.items("aws:444444444444", "reservedRoles") + progress.items("aws:666666666666", "reservedRoles")
                + progress.items("aws:" + MANAGEMENT, "reservedRoles"), "the reserved roles are what is counted");
    }

    @Test
    void keepsOnlyIdentityCenterRolesAlsoUnderARegionalPathFollowingEveryMarker() throws IOException {
        String regional = "/aws-reserved/sso.amazonaws.com/eu-west-1/";
        try (var edited = AwsEmulator.start(acmeAwsSide(2, aws -> {
                 ArrayNode roles = (ArrayNode) aws.path("memberAccounts").path("666666666666").path("roles");
                 // Identity Center instances outside us-east-1 put the region in the path.
                 roles.addObject().put("name", "AWSReservedSSO_ReadOnly_0f1e2d3c4b5a6978").put("path", regional)
                         .put("created", "-30d").put("lastUsed", "-2d");
                 roles.addObject().put("name", "AWSReservedSSO_Lookalike_0123456789abcdef").put("path", "/").put("created", "-30d");
                 roles.addObject().put("name", "NotMadeByIdentityCenter").put("path", MemberAccountReader.RESERVED_ROLE_PATH)
                         .put("created", "-30d");
             }));
             var proxy = new AwsProxy(edited.endpoint())) {
            var config = new AwsConfig(null, edited.region(), proxy.endpoint(), null, null, List.of("666666666666"), null);
            Issues recorded = new Issues();
            AwsSnapshot collected = AwsCollector.withStaticKeys(config, "AKIAIDAUDITTEST00001", Secret.of("not-checked-by-the-sandbox"),
                    new RecordingProgress(), recorded).collect();
            assertEquals(List.of(), recorded.list());
            ReservedRole role = member(collected, "666666666666").reservedRoles().stream().collect(onlyOne());
            assertEquals("AWSReservedSSO_ReadOnly_0f1e2d3c4b5a6978", role.roleName());
            assertEquals("ReadOnly", role.permissionSetName());
            assertEquals(regional, role.path());
            assertEquals("arn:aws:iam::666666666666:role" + regional + role.roleName(), role.arn());
            assertEquals(2, Duration.between(role.lastUsed(), Instant.now()).toDays());
            assertEquals("us-east-1", role.lastUsedRegion());

            // Five roles, two a page: three calls, the second and third with the Marker the one before gave.
            List<String> bodies = proxy.bodies("GetAccountAuthorizationDetails");
            assertEquals(3, bodies.size(), bodies.toString());
            assertTrue(bodies.stream().allMatch(b -> b.contains("Filter.member.1=Role")), bodies.toString());
            assertFalse(bodies.get(0).contains("Marker="), bodies.get(0));
            assertTrue(bodies.get(1).contains("Marker=") && bodies.get(2).contains("Marker="), bodies.toString());
            assertFalse(bodies.get(1).equals(bodies.get(2)), "each page asks with the Marker of the page before");
        }
    }

    private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertEquals(1, list.size(), list.toString());
            return list.get(0);
        });
    }

    @Test
    void readsSamlProvidersAndCredentialReports() {
        assertEquals(Set.of("AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE", "OktaLegacy"),
                member("333333333333").samlProviders().stream().map(p -> p.name()).collect(Collectors.toSet()));
        var ciDeploy = member("444444444444").credentialReport().stream().filter(r -> r.user().equals("ci-deploy")).findFirst().orElseThrow();
        assertTrue(ciDeploy.accessKey1Active());
        assertFalse(ciDeploy.passwordEnabled());
        var reader = member("222222222222").credentialReport().stream().filter(r -> r.user().equals("break-glass-reader")).findFirst().orElseThrow();
        assertFalse(reader.accessKey1Active());
        assertFalse(reader.passwordEnabled());
        var root = member("444444444444").credentialReport().stream().filter(r -> r.user().equals("<root_account>")).findFirst().orElseThrow();
        assertFalse(root.mfaActive());
    }

    @Test
    void readsEveryListPageByPage() {
        // Two items a page: ten users take five ListUsers calls, and so on.
        assertTrue(emulator.callCount("ListUsers") >= 5, "ListUsers calls: " + emulator.callCount("ListUsers"));
        assertTrue(emulator.callCount("ListPermissionSets") >= 3);
        assertTrue(emulator.callCount("ListPermissionSetProvisioningStatus") >= 3);
        assertEquals(10, progress.items("aws", "users"));
        assertEquals(14, progress.items("aws", "assignments"));
        assertTrue(progress.calls("aws:222222222222") > 0);
        assertEquals(0, emulator.callCount("DescribeInstance"), "ListInstances carries the status");
    }

    @Test
    void anAccountThatRefusesTheRoleIsOneIssueAndTheOthersAreRead() throws IOException {
        try (var refusing = AwsEmulator.start(acmeAwsSide(100,
                aws -> aws.putArray("unassumableAccounts").add("333333333333")))) {
            Issues recorded = new Issues();
            AwsSnapshot partial = collector(refusing, new RecordingProgress(), recorded).collect();
            var refused = recorded.list().stream().filter(i -> "333333333333".equals(i.accountId())).toList();
            assertEquals(2, refused.size(), refused.toString());
            // The account's own Identity Center instances are listed from inside it: that list inherits the gap.
            assertEquals(List.of(Sections.AWS_MEMBER_ACCOUNTS, Sections.AWS_IDC_INSTANCES), refused.stream().map(i -> i.section()).toList());
            assertEquals("sts:AssumeRole", refused.get(0).api());
            assertEquals("AccessDenied", refused.get(0).error());
            assertEquals(Set.of(MANAGEMENT, "222222222222", "444444444444", "666666666666"),
                    partial.memberAccounts().stream().map(MemberAccount::accountId).collect(Collectors.toSet()));
            assertEquals(14, partial.identityCenter().assignments().size(), "the organization side is unaffected");
        }
    }

    @Test
    void readsOnlyTheMemberAccountsTheConfigSelects() {
        var config = new AwsConfig(null, emulator.region(), emulator.endpoint(), null, null,
                List.of("222222222222", "333333333333", "555555555555"), List.of("333333333333"));
        Issues recorded = new Issues();
        AwsSnapshot selected = AwsCollector.withStaticKeys(config, "AKIAIDAUDITTEST00001", Secret.of("not-checked-by-the-sandbox"),
                new RecordingProgress(), recorded).collect();
        assertEquals(List.of("222222222222"), selected.memberAccounts().stream().map(MemberAccount::accountId).toList());
        assertEquals(List.of(), recorded.list(), "the suspended account was selected, but nobody can enter it: no issue");
        assertEquals(6, selected.accounts().size(), "the organization is still listed whole");
    }

    @Test
    void aHomeRegionThatIsNoRegionNameIsAnIssueAndNoClientIsMadeForIt() throws IOException {
        // A client for "evil.example.com#" would, without an endpoint override, connect to a host named after it.
        try (var hostile = AwsEmulator.start(acmeAwsSide(100, aws -> ((ArrayNode) aws.get("trails")).addObject()
                .put("name", "odd-trail").put("homeRegion", "evil.example.com#").put("organizationTrail", true).put("multiRegion", false)
                .put("bucket", "odd").put("logging", true).put("loggingSince", "-10d")))) {
            Issues recorded = new Issues();
            AwsSnapshot collected = collector(hostile, new RecordingProgress(), recorded).collect();
            assertEquals(List.of("acme-org-trail", "acme-org-trail-2023"), collected.trails().stream().map(t -> t.name()).sorted().toList());
            var issue = recorded.list().stream().filter(i -> i.section().equals(Sections.AWS_TRAILS)).toList();
            assertEquals(1, issue.size(), issue.toString());
            assertEquals("InvalidHomeRegion", issue.get(0).error());
            assertTrue(issue.get(0).message().contains("odd-trail"), issue.get(0).message());
        }
    }

    @Test
    void retriesThrottledCallsAndCountsEveryAttempt() throws IOException {
        try (var throttling = AwsEmulator.start(acmeAwsSide(100, aws -> {}))) {
            throttling.injectFault("ListUsers", "ThrottlingException", 400, 2);
            Issues recorded = new Issues();
            RecordingProgress counted = new RecordingProgress();
            AwsSnapshot collected = collector(throttling, counted, recorded).collect();
            assertEquals(10, collected.identityCenter().users().size());
            assertEquals(3, throttling.callCount("ListUsers"), "two throttled attempts, then the page");
            assertTrue(recorded.list().stream().noneMatch(i -> i.section().equals(Sections.AWS_IDC_USERS)), recorded.list().toString());
            int everyCallAnswered = throttling.callCount("ListUsers") + otherCallsUnderTheCaller(throttling);
            assertEquals(everyCallAnswered, counted.calls("aws"), "each attempt is a call");
        }
    }

    /** Every operation the collector makes with the caller's credentials, apart from ListUsers. */
    private static int otherCallsUnderTheCaller(AwsEmulator emulator) {
        return List.of("GetCallerIdentity", "DescribeOrganization", "ListOrganizationsFeatures", "ListRoots",
                        "ListOrganizationalUnitsForParent", "ListAccountsForParent", "ListPolicies", "DescribePolicy",
                        "ListTargetsForPolicy", "DescribeTrails", "ListTrails", "GetTrailStatus", "ListPermissionSets", "DescribePermissionSet",
                        "ListManagedPoliciesInPermissionSet", "ListCustomerManagedPolicyReferencesInPermissionSet",
                        "GetInlinePolicyForPermissionSet", "GetPermissionsBoundaryForPermissionSet",
                        "ListAccountsForProvisionedPermissionSet", "ListAccountAssignments", "ListPermissionSetProvisioningStatus",
                        "DescribePermissionSetProvisioningStatus", "ListGroups", "ListGroupMemberships", "AssumeRole")
                .stream().mapToInt(emulator::callCount).sum()
                // ListInstances is counted per account; the caller's one call is under "aws", and the
                // caller's own account (the management account) is read with its credentials under "aws:111111111111".
                + 1;
    }

    private Account account(String id) {
        return snapshot.accounts().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    private AwsSnapshot.ServiceControlPolicy scp(String name) {
        return snapshot.serviceControlPolicies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private AwsSnapshot.Trail trail(String name) {
        return snapshot.trails().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private PermissionSet permissionSet(String name) {
        return snapshot.identityCenter().permissionSets().stream().filter(p -> name.equals(p.name())).findFirst().orElseThrow();
    }

    private AwsSnapshot.IdentityStoreUser user(String id) {
        return snapshot.identityCenter().users().stream().filter(u -> u.userId().equals(id)).findFirst().orElseThrow();
    }

    private MemberAccount member(String accountId) {
        return member(snapshot, accountId);
    }

    private static MemberAccount member(AwsSnapshot collected, String accountId) {
        return collected.memberAccounts().stream().filter(m -> m.accountId().equals(accountId)).findFirst()
                .orElseThrow(() -> new AssertionError("no member account " + accountId));
    }
}
