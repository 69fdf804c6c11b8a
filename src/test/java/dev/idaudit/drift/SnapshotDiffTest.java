package dev.idaudit.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.drift.SnapshotDiff.EntityChange;
import dev.idaudit.drift.SnapshotDiff.TypeDiff;
import dev.idaudit.report.ReportFixtures;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.util.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {

    /** The diff of acme against acme changed by {@code change}. */
    private static SnapshotDiff diff(Consumer<AcmeSnapshot> change) {
        AcmeSnapshot later = new AcmeSnapshot();
        later.source = "sandbox:acme-later";
        later.taken = AcmeSnapshot.TAKEN.plusSeconds(7 * 86400);
        change.accept(later);
        return SnapshotDiff.compare(new AcmeSnapshot().build(), later.build());
    }

    private static List<String> summary(SnapshotDiff d) {
        List<String> out = new ArrayList<>();
        for (TypeDiff t : d.types()) {
            t.added().forEach(c -> out.add("+ " + t.type().key + " " + c.name()));
            t.removed().forEach(c -> out.add("- " + t.type().key + " " + c.name()));
            t.changed().forEach(c -> out.add("~ " + t.type().key + " " + c.name() + " " + c.fields().stream()
                    .map(f -> f.field() + ": " + f.before() + " -> " + f.after()).toList()));
        }
        return out;
    }

    @Test
    void findsNothingBetweenTwoSnapshotsOfTheSameState() {
        SnapshotDiff d = diff(acme -> { });

        assertTrue(d.isEmpty(), summary(d).toString());
        assertEquals("sandbox:acme", d.before().source());
        assertEquals(Instant.parse("2026-11-28T03:00:00Z"), d.after().takenAt());
    }

    @Test
    void reportsAnOktaUserWhoseStatusChanged() {
        SnapshotDiff d = diff(acme -> AcmeSnapshot.replace(acme.oktaUsers, u -> u.login().startsWith("bob@"),
                u -> new OktaSnapshot.User(u.id(), u.login(), u.email(), u.firstName(), u.lastName(), "DEPROVISIONED",
                        u.created(), Instant.now(), Instant.now())));

        assertEquals(List.of("~ okta_user bob@acme.example [status: ACTIVE -> DEPROVISIONED]"), summary(d),
                "last sign-in and status-changed times are not compared");
        EntityChange bob = d.types().get(0).changed().get(0);
        assertEquals("00u1bob000000000002", bob.id());
        assertEquals("ACTIVE", bob.before().stream().filter(p -> p.name().equals("status")).findFirst().orElseThrow().value());
    }

    @Test
    void theTextDiffShowsTerminalControlCharactersInANameEscaped() {
        SnapshotDiff d = diff(acme -> AcmeSnapshot.replace(acme.oktaUsers, u -> u.login().startsWith("bob@"),
                u -> new OktaSnapshot.User(u.id(), u.login(), u.email(), "Bob\u001bc\u0007\u0001\u202e", u.lastName(), u.status(),
                        u.created(), u.lastLogin(), u.statusChanged())));
        String text = TextRendering.diff(d);
        ReportFixtures.assertNoRawTerminalControls(text);
        assertTrue(text.contains("Bob\\u001bc\\u0007\\u0001\\u202e"), text);
    }

    @Test
    void reportsGroupMembershipsAddedAndRemovedOnBothSides() {
        SnapshotDiff d = diff(acme -> {
            AcmeSnapshot.replace(acme.oktaMembers, m -> m.groupId().equals("00g1devops000000001"),
                    m -> new OktaSnapshot.GroupMembers(m.groupId(), List.of("00u1alice0000000001", "00u1bob000000000002")));
            acme.memberships.removeIf(m -> m.userId().equals("9a6c0004-dave"));
        });

        assertEquals(List.of(
                "+ okta_group_membership org-DevOps / bob@acme.example",
                "- idc_group_membership org-Developers / dave@acme.example"), summary(d));
    }

    @Test
    void reportsAppAssignmentsAndPushMappings() {
        SnapshotDiff d = diff(acme -> {
            acme.appUsers.add(new OktaSnapshot.AppUser("00u1ivan00000000009", "9a6c0009-ivan", "ivan@acme.example", "USER",
                    "PROVISIONED", "SYNCHRONIZED", Instant.now()));
            acme.appGroups.removeIf(g -> g.groupId().equals("00g1awsusers000005"));
            AcmeSnapshot.replace(acme.pushMappings, m -> m.id().equals("gPm1devops0000000001"), m -> new OktaSnapshot.PushMapping(
                    m.id(), m.sourceGroupId(), m.targetGroupId(), "ERROR", "Group push failed: 404", Instant.now(), Instant.now(), m.targetGroupName()));
        });

        assertEquals(List.of(
                "+ okta_app_user ivan@acme.example in AWS IAM Identity Center",
                "- okta_app_group org-AWS-Users in AWS IAM Identity Center",
                "~ okta_push_mapping org-DevOps [status: ACTIVE -> ERROR, errorSummary: null -> Group push failed: 404]"), summary(d));
    }

    @Test
    void showsAPolicyChangeAsAReadableLineDiff() {
        SnapshotDiff d = diff(acme -> AcmeSnapshot.replace(acme.permissionSets, p -> p.name().equals("Developer"),
                p -> AcmeSnapshot.withPolicies(AcmeSnapshot.withSessionDuration(p, "PT12H"),
                        List.of("arn:aws:iam::aws:policy/PowerUserAccess"),
                        AcmeSnapshot.DEVELOPER_INLINE.replace("\"iam:*\"", "[\"iam:Get*\", \"iam:List*\"]"))));

        EntityChange developer = d.types().get(0).changed().get(0);
        assertEquals(List.of("sessionDuration", "inlinePolicy"), developer.fields().stream().map(FieldDiff::field).toList());
        String text = TextRendering.diff(d);
        assertTrue(text.contains("""
                Permission sets: 1 changed
                  ~ Developer  [arn:aws:sso:::permissionSet/ssoins-acme0000000001/ps-d1b88274770d57e3]
                      sessionDuration: PT8H → PT12H
                      inlinePolicy:
                          {
                            "Statement" : [ {
                        -     "Action" : "iam:*",
                        +     "Action" : [ "iam:Get*", "iam:List*" ],
                              "Effect" : "Allow",
                              "Resource" : "*",
                        ...
                """), text);
    }

    @Test
    void reportsAssignmentsAccountsRolesAndProvidersAddedOrRemoved() {
        SnapshotDiff d = diff(acme -> {
            acme.assignments.add(new AwsSnapshot.Assignment(AcmeSnapshot.ps("ReadOnly"), "777777777777", "GROUP", "9a6b0003-readonly"));
            acme.accounts.add(new AwsSnapshot.Account("777777777777", "arn:aws:organizations::111111111111:account/o-acme00001/777777777777",
                    "acme-ml", "acme-ml@acme.example", "ACTIVE", "ou-acme-np", "Root/Workloads/NonProd", Instant.now()));
            AcmeSnapshot.replace(acme.memberAccounts, m -> m.accountId().equals("222222222222"), m -> new AwsSnapshot.MemberAccount(
                    m.accountId(), m.reservedRoles().stream().filter(r -> !r.roleName().contains("OldProject")).toList(),
                    List.of(), m.credentialReport()));
        });

        assertEquals(List.of(
                "+ aws_account acme-ml (777777777777)",
                "+ idc_assignment GROUP org-ReadOnly → ReadOnly → 777777777777",
                "- iam_reserved_role AWSReservedSSO_OldProjectAccess_0123456789abcdef in 222222222222",
                "- iam_saml_provider AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE in 222222222222"), summary(d));
    }

    @Test
    void reportsIdentityStoreUsersAndGroups() {
        SnapshotDiff d = diff(acme -> {
            AcmeSnapshot.replace(acme.idsUsers, u -> u.userId().equals("9a6c0004-dave"), u -> new AwsSnapshot.IdentityStoreUser(
                    u.userId(), u.userName(), u.displayName(), u.primaryEmail(), u.externalIds(), "DISABLED"));
            acme.idsGroups.add(new AwsSnapshot.IdentityStoreGroup("9a6b0005-auditors", "org-Auditors", null,
                    List.of(new AwsSnapshot.ExternalId(AcmeSnapshot.OKTA, "00g1auditors000007"))));
        });

        assertEquals(List.of(
                "~ idc_user dave@acme.example [userStatus: ENABLED -> DISABLED]",
                "+ idc_group org-Auditors"), summary(d));
    }

    /** The documented provisioning state and the key in use are the AWS app's settings: a lost Deactivate Users shows. */
    @Test
    void reportsAnAppFeatureDroppedAndTheSigningKeyInUseChanged() {
        SnapshotDiff d = diff(acme -> {
            acme.appFeatures.remove("PUSH_USER_DEACTIVATION");
            acme.signingKid = "kid-new";
        });
        TypeDiff settings = d.types().stream().filter(t -> t.type() == EntityType.OKTA_AWS_APP_SETTINGS).findFirst().orElseThrow();
        assertEquals(List.of("appFeatures", "signingKid"), settings.changed().get(0).fields().stream().map(FieldDiff::field).toList());
        assertEquals(List.of(new DiffLine(DiffLine.Op.REMOVED, "PUSH_USER_DEACTIVATION")),
                settings.changed().get(0).fields().get(0).lines().stream().filter(l -> l.op() != DiffLine.Op.SAME).toList());
    }

    @Test
    void reportsOrganizationOktaAppAndIamChanges() {
        SnapshotDiff d = diff(acme -> {
            AcmeSnapshot.replace(acme.oktaGroups, g -> g.name().equals("org-ReadOnly"),
                    g -> new OktaSnapshot.Group(g.id(), g.name(), "Auditors and read-only users", g.type()));
            AcmeSnapshot.replace(acme.apps, a -> a.id().equals("0oa1awsfed00000003"),
                    a -> new OktaSnapshot.App(a.id(), a.name(), a.label(), "INACTIVE", a.signOnMode()));
            acme.features.set(0, new OktaSnapshot.Feature("USER_PROVISIONING", "ENABLED",
                    Map.of("update.lifecycleDeactivate", "DISABLED", "create.lifecycleCreate", "ENABLED")));
            acme.organization = new AwsSnapshot.Organization("o-acme00001", acme.organization.arn(), "ALL", "111111111111",
                    "aws@acme.example", List.of("RootCredentialsManagement", "RootSessions"));
            acme.organizationalUnits.add(new AwsSnapshot.OrganizationalUnit("ou-acme-ml", "arn:ou-acme-ml", "ML", "ou-acme-wl",
                    "Root/Workloads/ML"));
            AcmeSnapshot.replace(acme.scps, p -> true, p -> new AwsSnapshot.ServiceControlPolicy(p.id(), p.arn(), p.name(),
                    p.description(), false, p.content().replace(",\"cloudtrail:DeleteTrail\"", ""),
                    List.of(new AwsSnapshot.Target("r-acme", "ROOT", "Root"))));
            AcmeSnapshot.replace(acme.trails, t -> true, t -> new AwsSnapshot.Trail(t.name(), t.arn(), t.homeRegion(),
                    t.organizationTrail(), t.multiRegion(), false));
            acme.instances.remove(1);
            AcmeSnapshot.replace(acme.memberAccounts, m -> m.accountId().equals("444444444444"), m -> new AwsSnapshot.MemberAccount(
                    m.accountId(), m.reservedRoles(), m.samlProviders(), m.credentialReport().stream()
                            .map(r -> r.user().equals("ci-deploy") ? new AwsSnapshot.CredentialReportRow(r.user(), r.arn(), true,
                                    r.mfaActive(), r.accessKey1Active(), true, null, null, null) : r).toList()));
        });

        List<String> changes = new ArrayList<>();
        for (TypeDiff t : d.types()) {
            t.added().forEach(c -> changes.add("+ " + t.type().key + " " + c.name()));
            t.removed().forEach(c -> changes.add("- " + t.type().key + " " + c.name()));
            t.changed().forEach(c -> changes.add("~ " + t.type().key + " " + c.name() + " "
                    + c.fields().stream().map(FieldDiff::field).toList()));
        }
        assertEquals(List.of(
                "~ okta_group org-ReadOnly [description]",
                "~ okta_app AWS Account Federation (legacy) [status]",
                "~ okta_aws_app_settings AWS IAM Identity Center [features]",
                "~ aws_organization o-acme00001 [enabledFeatures]",
                "+ aws_organizational_unit Root/Workloads/ML",
                "~ aws_scp DenyCloudTrailTampering [targets, content]",
                "~ aws_trail acme-org-trail [logging]",
                "- idc_instance acme-dev-experiment",
                "~ iam_user ci-deploy in 444444444444 [passwordEnabled, accessKey2Active]"), changes);
        FieldDiff features = d.types().stream().filter(t -> t.type() == EntityType.OKTA_AWS_APP_SETTINGS).findFirst().orElseThrow()
                .changed().get(0).fields().get(0);
        assertEquals(List.of(new DiffLine(DiffLine.Op.REMOVED, "USER_PROVISIONING update.lifecycleDeactivate: ENABLED"),
                new DiffLine(DiffLine.Op.ADDED, "USER_PROVISIONING update.lifecycleDeactivate: DISABLED")),
                features.lines().stream().filter(l -> l.op() != DiffLine.Op.SAME).toList());
        FieldDiff scpContent = d.types().stream().filter(t -> t.type() == EntityType.AWS_SCP).findFirst().orElseThrow()
                .changed().get(0).fields().get(1);
        assertEquals(List.of(new DiffLine(DiffLine.Op.REMOVED, "    \"Action\" : [ \"cloudtrail:StopLogging\", \"cloudtrail:DeleteTrail\" ],"),
                new DiffLine(DiffLine.Op.ADDED, "    \"Action\" : [ \"cloudtrail:StopLogging\" ],")),
                scpContent.lines().stream().filter(l -> l.op() != DiffLine.Op.SAME).toList());
    }

    @Test
    void isDeterministicWhateverTheOrderOfTheSnapshotLists() {
        SnapshotDiff once = diff(acme -> acme.assignments.removeIf(a -> a.accountId().equals("333333333333")));
        SnapshotDiff reordered = diff(acme -> {
            acme.assignments.removeIf(a -> a.accountId().equals("333333333333"));
            java.util.Collections.reverse(acme.assignments);
            java.util.Collections.reverse(acme.oktaUsers);
        });

        assertEquals(once, reordered);
        assertEquals(JsonRendering.of(once), JsonRendering.of(reordered));
        List<String> removed = once.types().get(0).removed().stream().map(EntityChange::id).toList();
        assertEquals(removed.stream().sorted().toList(), removed);
        assertEquals(4, removed.size(), "org-DevOps, org-Developers, org-ReadOnly and legacy-admins in 333333333333");
    }

    @Test
    void rendersJsonWithTypeKeysAndBeforeAndAfter() throws Exception {
        SnapshotDiff d = diff(acme -> AcmeSnapshot.replace(acme.permissionSets, p -> p.name().equals("ReadOnly"),
                p -> AcmeSnapshot.withSessionDuration(p, "PT8H")));

        JsonNode json = Json.json().readTree(JsonRendering.of(d));

        JsonNode type = json.path("types").get(0);
        assertEquals("idc_permission_set", type.path("type").asText());
        JsonNode field = type.path("changed").get(0).path("fields").get(0);
        assertEquals("sessionDuration", field.path("field").asText());
        assertEquals("PT4H", field.path("before").asText());
        assertEquals("PT8H", field.path("after").asText());
        assertTrue(json.path("findings").isNull());
    }

    @Test
    void warnsThatChangesInAnIncompleteSectionMayBeCollectionGaps() {
        SnapshotDiff d = diff(acme -> {
            acme.memberAccounts.removeIf(m -> m.accountId().equals("666666666666"));
            acme.issues.add(new CollectionIssue(Sections.AWS_MEMBER_ACCOUNTS, "666666666666", null, "sts:AssumeRole",
                    "AccessDenied", "cannot assume IdAuditReadOnly"));
        });

        assertEquals(List.of("aws.memberAccounts (account 666666666666) was not fully collected in the new snapshot: "
                + "changes there may be collection gaps"), d.caveats());
        assertTrue(TextRendering.diff(d).contains("Caveats:"));
    }

    @Test
    void anAccountTheNewSnapshotCouldNotReadIsNotCollectedNotRemoved() {
        SnapshotDiff d = diff(acme -> {
            acme.memberAccounts.removeIf(m -> m.accountId().equals("222222222222"));
            // A deleted assignment in another account is a real removal, beside the unread account.
            acme.assignments.removeIf(a -> a.accountId().equals("333333333333") && a.permissionSetArn().equals(AcmeSnapshot.ps("ReadOnly")));
            acme.issues.add(new CollectionIssue(Sections.AWS_MEMBER_ACCOUNTS, "222222222222", null, "sts:AssumeRole",
                    "AccessDenied", "cannot assume IdAuditReadOnly"));
        });

        List<String> removed = d.types().stream().flatMap(t -> t.removed().stream()).map(c -> c.type().key + " " + c.name()).toList();
        List<String> unseen = d.types().stream().flatMap(t -> t.notCollected().stream()).map(c -> c.type().key + " " + c.name()).toList();
        assertTrue(removed.stream().allMatch(r -> r.startsWith("idc_assignment ") && r.endsWith("333333333333")), "removed: " + removed);
        assertFalse(removed.isEmpty(), "the deleted assignment is still removed");
        assertFalse(unseen.isEmpty());
        assertTrue(unseen.stream().allMatch(u -> u.endsWith(" in 222222222222")), "only the unread account's roles and providers: " + unseen);
        assertTrue(unseen.stream().anyMatch(u -> u.startsWith("iam_reserved_role ")) && unseen.stream().anyMatch(u -> u.startsWith("iam_saml_provider ")),
                unseen.toString());
        assertEquals(d.notCollectedCount(), unseen.size());
        String text = TextRendering.diff(d);
        assertTrue(text.contains(unseen.size() + " not collected this run (unknown, not removed)"), text);
        assertTrue(text.contains("  ? AWSReservedSSO_"), text);
    }

    @Test
    void aNewSnapshotWithoutItsOktaSideRemovesNothingOfOkta() {
        AcmeSnapshot later = new AcmeSnapshot();
        Snapshot full = later.build();
        Snapshot awsOnly = new Snapshot(full.schemaVersion(), full.metadata(), null, full.aws(), List.of());
        SnapshotDiff d = SnapshotDiff.compare(new AcmeSnapshot().build(), awsOnly);

        assertEquals(0, d.changeCount(), "nothing of Okta is removed: " + TextRendering.diff(d));
        assertTrue(d.notCollectedCount() > 0);
        assertFalse(d.isEmpty(), "an unseen side is not \"nothing changed\"");
    }
}
