package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.collect.Progress;
import dev.idaudit.sandbox.Faults;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.sandbox.Traffic.Fault;
import dev.idaudit.sandbox.Traffic.FaultKind;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A collection through the real SDK clients while the sandbox misbehaves in every way it can:
 * each injected fault is retried to success or listed as a collection issue, and the snapshot
 * holds exactly the entities of a collection without faults (none missing, none twice), except
 * where an issue says what is missing.
 */
class CollectionUnderFaultsTest {
    /** Pages of two, so that every list has cursors for the repeated-cursor fault to spoil. */
    private static final Scenario ACME = Scenario.load("acme").withSettings(new Scenario.Settings(2, 2));
    private static final String DENIED_ACCOUNT = "222222222222";
    private static final Duration HOLD = Duration.ofMillis(300);

    private static Fault okta(FaultKind kind, String path) {
        return new Fault("okta", kind, path, null, 1, HOLD);
    }

    private static Fault aws(FaultKind kind, String operation) {
        return new Fault("aws", kind, operation, null, 1, HOLD);
    }

    private static final List<Fault> TRANSIENT = List.of(
            okta(FaultKind.ERROR_500, "/api/v1/users"),
            okta(FaultKind.ERROR_503, "/api/v1/groups"),
            okta(FaultKind.SLOW, "/api/v1/apps/[^/]+/users"),
            okta(FaultKind.TIMEOUT, "/api/v1/groups/[^/]+/users"),
            okta(FaultKind.CONNECTION_RESET, "/api/v1/apps"),
            okta(FaultKind.MALFORMED_JSON, "/api/v1/apps/[^/]+/groups"),
            aws(FaultKind.ERROR_500, "ListAccountAssignments"),
            aws(FaultKind.ERROR_503, "ListUsers"),
            aws(FaultKind.SLOW, "GetAccountAuthorizationDetails"),
            aws(FaultKind.ERROR_500, "GetAccountAuthorizationDetails"),
            aws(FaultKind.TIMEOUT, "ListGroupMemberships"),
            aws(FaultKind.CONNECTION_RESET, "DescribePermissionSet"),
            aws(FaultKind.MALFORMED_JSON, "ListPermissionSets"),
            aws(FaultKind.MALFORMED_JSON, "ListSAMLProviders"));

    private static Snapshot collect(Scenario scenario, Consumer<Sandbox> afterwards) {
        try (Sandbox sandbox = Sandbox.start(scenario)) {
            Snapshot snapshot = Collector.collectSandbox(sandbox, Progress.SILENT).snapshot();
            afterwards.accept(sandbox);
            return snapshot;
        }
    }

    private static Scenario withFaults(List<Fault> faults) {
        return ACME.withSettings(ACME.settings().withTraffic(Traffic.NONE.withFaults(faults)));
    }

    @Test
    void everyTransientFaultIsRetriedToSuccessAndNothingIsMissingOrTwice() {
        Snapshot clean = collect(ACME, s -> {});
        List<Faults.Fired> fired = new ArrayList<>();
        Snapshot faulty = collect(withFaults(TRANSIENT), s -> {
            fired.addAll(s.okta().faultsFired());
            fired.addAll(s.aws().faultsFired());
        });

        Set<FaultKind> kinds = fired.stream().map(f -> f.fault().kind()).collect(Collectors.toSet());
        assertEquals(EnumSet.of(FaultKind.ERROR_500, FaultKind.ERROR_503, FaultKind.SLOW, FaultKind.TIMEOUT,
                FaultKind.CONNECTION_RESET, FaultKind.MALFORMED_JSON), kinds, "every transient kind was injected: " + fired);
        assertEquals(TRANSIENT.size(), fired.size(), "each fault spoiled one call: " + fired);
        assertEquals(clean.collectionIssues(), faulty.collectionIssues(), "no fault is left as an issue: all were retried");
        assertEquals(entities(clean), entities(faulty));
    }

    @Test
    void anAccountThatRefusesEveryCallIsAnIssueAndTheRestIsComplete() {
        Snapshot clean = collect(ACME, s -> {});
        List<Faults.Fired> fired = new ArrayList<>();
        Fault denied = new Fault("aws", FaultKind.ACCESS_DENIED, "*", DENIED_ACCOUNT, -1, null);
        List<Fault> faults = new ArrayList<>(TRANSIENT);
        faults.add(denied);
        Snapshot faulty = collect(withFaults(faults), s -> fired.addAll(s.aws().faultsFired()));

        List<Faults.Fired> refused = fired.stream().filter(f -> f.fault().kind() == FaultKind.ACCESS_DENIED).toList();
        assertFalse(refused.isEmpty());
        List<CollectionIssue> added = new ArrayList<>(faulty.collectionIssues());
        added.removeAll(clean.collectionIssues());
        for (Faults.Fired f : refused) {
            assertTrue(added.stream().anyMatch(i -> DENIED_ACCOUNT.equals(i.accountId()) && i.api().endsWith(":" + f.operation())
                            && i.error().startsWith("AccessDenied")),
                    "the refused " + f.operation() + " is listed as an issue: " + added);
        }
        assertTrue(added.stream().allMatch(i -> DENIED_ACCOUNT.equals(i.accountId())), "only the refusing account has new issues: " + added);

        Map<String, List<String>> expected = entities(clean);
        Map<String, List<String>> got = entities(faulty);
        for (String type : List.of("reservedRoles", "samlProviders", "credentialReport")) {
            expected.get(type).removeIf(id -> id.startsWith(DENIED_ACCOUNT + "/"));
            assertTrue(got.get(type).stream().noneMatch(id -> id.startsWith(DENIED_ACCOUNT + "/")));
        }
        assertEquals(expected, got, "everything outside the refusing account is there once");
    }

    @Test
    void aRepeatedPageTokenIsRecordedAndNothingIsReadTwice() {
        Snapshot clean = collect(ACME, s -> {});
        List<Faults.Fired> firedInAws = new ArrayList<>();
        Snapshot faulty = collect(withFaults(List.of(aws(FaultKind.REPEAT_CURSOR, "ListUsers"),
                aws(FaultKind.REPEAT_CURSOR, "GetAccountAuthorizationDetails"), okta(FaultKind.REPEAT_CURSOR, "/api/v1/groups"))), s -> {
            assertEquals(3, s.okta().faultsFired().size() + s.aws().faultsFired().size());
            firedInAws.addAll(s.aws().faultsFired());
        });
        List<CollectionIssue> added = new ArrayList<>(faulty.collectionIssues());
        added.removeAll(clean.collectionIssues());
        assertTrue(added.stream().anyMatch(i -> i.api().equals("identitystore:ListUsers") && i.error().equals("RepeatedPageToken")), added.toString());
        // IAM's Query protocol pages by Marker: the same fault there is recorded for the account it spoiled.
        String spoiledAccount = firedInAws.stream().filter(f -> f.operation().equals("GetAccountAuthorizationDetails")).findFirst()
                .orElseThrow().account();
        assertTrue(added.stream().anyMatch(i -> i.api().equals("iam:GetAccountAuthorizationDetails") && i.error().equals("RepeatedPageToken")
                && spoiledAccount.equals(i.accountId())), added.toString());
        List<String> roles = entities(faulty).get("reservedRoles");
        assertEquals(roles.stream().distinct().count(), roles.size(), "no role read twice: " + roles);
        assertTrue(added.stream().anyMatch(i -> i.api().equals("GET /api/v1/groups") && i.message().contains("same next-page cursor")),
                added.toString());
        List<String> users = entities(faulty).get("identityStoreUsers");
        assertEquals(users.stream().distinct().count(), users.size(), "no user read twice: " + users);
        assertTrue(users.size() < entities(clean).get("identityStoreUsers").size(), "the list stops at the repeated token");
    }

    /** Every entity of a snapshot by type, as sorted ids: a duplicate shows twice, a missing one not at all. */
    static Map<String, List<String>> entities(Snapshot s) {
        Map<String, List<String>> out = new TreeMap<>();
        OktaSnapshot o = s.okta();
        put(out, "oktaUsers", o.users().stream().map(OktaSnapshot.User::id));
        put(out, "oktaGroups", o.groups().stream().map(OktaSnapshot.Group::id));
        put(out, "oktaGroupMembers", o.groupMembers().stream().flatMap(g -> g.userIds().stream().map(u -> g.groupId() + "/" + u)));
        put(out, "oktaApps", o.apps().stream().map(OktaSnapshot.App::id));
        put(out, "awsApps", o.awsApps().stream().map(OktaSnapshot.AwsApp::id));
        put(out, "appUsers", o.awsApps().stream().flatMap(a -> a.users().stream().map(u -> a.id() + "/" + u.userId())));
        put(out, "appGroups", o.awsApps().stream().flatMap(a -> a.groups().stream().map(g -> a.id() + "/" + g.groupId())));
        put(out, "features", o.awsApps().stream().flatMap(a -> a.features().stream().map(f -> a.id() + "/" + f.name())));
        put(out, "pushMappings", o.awsApps().stream().flatMap(a -> a.pushMappings().stream().map(m -> a.id() + "/" + m.id())));
        put(out, "signingKeys", o.awsApps().stream().flatMap(a -> a.signingKeys().stream().map(k -> a.id() + "/" + k.kid())));
        AwsSnapshot a = s.aws();
        AwsSnapshot.IdentityCenter ic = a.identityCenter();
        put(out, "accounts", a.accounts().stream().map(AwsSnapshot.Account::id));
        put(out, "organizationalUnits", a.organizationalUnits().stream().map(AwsSnapshot.OrganizationalUnit::id));
        put(out, "serviceControlPolicies", a.serviceControlPolicies().stream().map(AwsSnapshot.ServiceControlPolicy::id));
        put(out, "trails", a.trails().stream().map(AwsSnapshot.Trail::arn));
        put(out, "instances", ic.instances().stream().map(AwsSnapshot.Instance::instanceArn));
        put(out, "permissionSets", ic.permissionSets().stream().map(AwsSnapshot.PermissionSet::arn));
        put(out, "assignments", ic.assignments().stream()
                .map(x -> x.permissionSetArn() + "|" + x.accountId() + "|" + x.principalType() + "|" + x.principalId()));
        put(out, "provisioningRequests", ic.provisioningRequests().stream().map(AwsSnapshot.ProvisioningRequest::requestId));
        put(out, "identityStoreUsers", ic.users().stream().map(AwsSnapshot.IdentityStoreUser::userId));
        put(out, "identityStoreGroups", ic.groups().stream().map(AwsSnapshot.IdentityStoreGroup::groupId));
        put(out, "groupMemberships", ic.groupMemberships().stream().map(m -> m.groupId() + "/" + m.userId()));
        put(out, "memberAccounts", a.memberAccounts().stream().map(AwsSnapshot.MemberAccount::accountId));
        put(out, "reservedRoles", a.memberAccounts().stream().flatMap(m -> m.reservedRoles().stream().map(r -> m.accountId() + "/" + r.roleName())));
        put(out, "samlProviders", a.memberAccounts().stream().flatMap(m -> m.samlProviders().stream().map(p -> m.accountId() + "/" + p.name())));
        put(out, "credentialReport", a.memberAccounts().stream().flatMap(m -> m.credentialReport().stream().map(r -> m.accountId() + "/" + r.user())));
        return out;
    }

    private static void put(Map<String, List<String>> out, String type, java.util.stream.Stream<String> ids) {
        out.put(type, new ArrayList<>(ids.sorted().toList()));
    }
}
