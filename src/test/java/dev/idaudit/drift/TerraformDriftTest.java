package dev.idaudit.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.drift.DriftReport.DriftItem;
import dev.idaudit.drift.DriftReport.DriftStatus;
import dev.idaudit.snapshot.AwsSnapshot;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformDriftTest {

    @TempDir
    Path tmp;

    static Path acmeState() {
        try {
            return Path.of(TerraformDriftTest.class.getResource("acme.tfstate").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DriftReport drift(AcmeSnapshot acme) {
        return DriftCheck.compare(TerraformState.read(acmeState()), acme.build());
    }

    @Test
    void reportsExactlyTheHandMadeAssignmentOfMalloryAgainstTheAcmeState() {
        DriftReport report = drift(new AcmeSnapshot());

        List<DriftItem> drifted = report.drifted();
        assertEquals(1, drifted.size(), () -> TextRendering.drift(report));
        DriftItem mallory = drifted.get(0);
        assertEquals(DriftStatus.UNMANAGED, mallory.status());
        assertEquals(EntityType.IDC_ASSIGNMENT, mallory.type());
        assertEquals("USER mallory → DevOps-AdministratorAccess → 444444444444", mallory.name());
        assertEquals(AcmeSnapshot.ps("DevOps-AdministratorAccess") + "|444444444444|USER|9a6c0099-mallory", mallory.id());
        assertTrue(report.hasDrift());
    }

    @Test
    void comparesEveryTypeTheStateDeclaresAndManagesTheRest() {
        DriftReport report = drift(new AcmeSnapshot());

        assertEquals(List.of(EntityType.OKTA_GROUP, EntityType.OKTA_APP, EntityType.OKTA_APP_GROUP, EntityType.IDC_PERMISSION_SET,
                EntityType.IDC_ASSIGNMENT, EntityType.IDC_GROUP, EntityType.IDC_GROUP_MEMBERSHIP, EntityType.IAM_SAML_PROVIDER),
                report.compared());
        // 5 okta groups, 4 AWS apps, 5 app groups, 5 permission sets, 13 group assignments, legacy-admins,
        // its member, OktaLegacy
        assertEquals(5 + 4 + 5 + 5 + 13 + 1 + 1 + 1, report.count(DriftStatus.MANAGED));
        DriftItem developer = item(report, EntityType.IDC_PERMISSION_SET, "Developer");
        assertEquals(DriftStatus.MANAGED, developer.status(), "minified jsonencode policy equals AWS's pretty one");
        assertTrue(developer.declaredAt().contains("aws_ssoadmin_permission_set.this[\"Developer\"]"), developer.declaredAt());
        assertTrue(report.desiredSources().get(0).contains("serial 57"), report.desiredSources().toString());
    }

    @Test
    void listsWhatTheStateHoldsButIdauditDoesNotCompare() {
        DriftReport report = drift(new AcmeSnapshot());

        List<String> ignored = report.ignored().stream().map(i -> i.address() + ": " + i.reason()).toList();
        assertEquals(4, ignored.size(), ignored.toString());
        assertTrue(ignored.get(0).startsWith("data.aws_ssoadmin_instances.this: data source"), ignored.toString());
        assertTrue(ignored.get(1).startsWith("data.aws_identitystore_group.scim: data source"), ignored.toString());
        assertTrue(ignored.get(2).startsWith("aws_s3_bucket.terraform_state: resource type aws_s3_bucket"), ignored.toString());
        assertTrue(ignored.get(3).startsWith("okta_app_saml.slack: not an AWS app ('slack')"), ignored.toString());
        assertTrue(TextRendering.drift(report).contains("Ignored (4, not compared):"));
    }

    @Test
    void reportsSessionDurationRaisedInTheConsoleAsChanged() {
        AcmeSnapshot acme = new AcmeSnapshot();
        AcmeSnapshot.replace(acme.permissionSets, p -> p.name().equals("ReadOnly"), p -> AcmeSnapshot.withSessionDuration(p, "PT12H"));

        DriftItem readOnly = item(drift(acme), EntityType.IDC_PERMISSION_SET, "ReadOnly");

        assertEquals(DriftStatus.CHANGED, readOnly.status());
        assertEquals(List.of(new FieldDiff("sessionDuration", "PT4H", "PT12H", List.of())), readOnly.fields());
    }

    @Test
    void reportsAPolicyAttachedInTheConsoleAsAReadableChange() {
        AcmeSnapshot acme = new AcmeSnapshot();
        AcmeSnapshot.replace(acme.permissionSets, p -> p.name().equals("ReadOnly"), p -> AcmeSnapshot.withPolicies(p,
                List.of("arn:aws:iam::aws:policy/ReadOnlyAccess", AcmeSnapshot.ADMIN_POLICY), null));

        DriftReport report = drift(acme);
        DriftItem readOnly = item(report, EntityType.IDC_PERMISSION_SET, "ReadOnly");

        assertEquals(DriftStatus.CHANGED, readOnly.status());
        FieldDiff field = readOnly.fields().get(0);
        assertEquals("managedPolicies", field.field());
        assertEquals(List.of(new DiffLine(DiffLine.Op.ADDED, AcmeSnapshot.ADMIN_POLICY),
                new DiffLine(DiffLine.Op.SAME, "arn:aws:iam::aws:policy/ReadOnlyAccess")), field.lines());
        assertTrue(TextRendering.drift(report).contains("        + " + AcmeSnapshot.ADMIN_POLICY), TextRendering.drift(report));
    }

    @Test
    void reportsAnInlinePolicyEditedInTheConsoleLineByLine() {
        AcmeSnapshot acme = new AcmeSnapshot();
        AcmeSnapshot.replace(acme.permissionSets, p -> p.name().equals("Developer"), p -> AcmeSnapshot.withPolicies(p,
                List.of("arn:aws:iam::aws:policy/PowerUserAccess"), AcmeSnapshot.DEVELOPER_INLINE.replace("iam:*", "iam:Get*")));

        DriftItem developer = item(drift(acme), EntityType.IDC_PERMISSION_SET, "Developer");

        assertEquals(DriftStatus.CHANGED, developer.status());
        List<DiffLine> changed = developer.fields().get(0).lines().stream().filter(l -> l.op() != DiffLine.Op.SAME).toList();
        assertEquals(List.of(new DiffLine(DiffLine.Op.REMOVED, "    \"Action\" : \"iam:*\","),
                new DiffLine(DiffLine.Op.ADDED, "    \"Action\" : \"iam:Get*\",")), changed);
    }

    @Test
    void reportsAPermissionsBoundaryDetachedInTheConsole() {
        AcmeSnapshot acme = new AcmeSnapshot();
        AcmeSnapshot.replace(acme.permissionSets, p -> p.name().equals("ReadOnly"), p -> new AwsSnapshot.PermissionSet(p.arn(),
                p.name(), p.description(), p.sessionDuration(), p.relayState(), p.created(), p.awsManagedPolicies(),
                p.customerManagedPolicies(), p.inlinePolicy(), null, p.provisionedAccountIds(), p.outdatedAccountIds()));

        DriftItem readOnly = item(drift(acme), EntityType.IDC_PERMISSION_SET, "ReadOnly");

        assertEquals(List.of(new FieldDiff("permissionsBoundary", "arn:aws:iam::aws:policy/ReadOnlyAccess", "", List.of())),
                readOnly.fields());
        assertTrue(TextRendering.drift(drift(acme)).contains(
                "permissionsBoundary: arn:aws:iam::aws:policy/ReadOnlyAccess (desired) → (none) (actual)"));
    }

    @Test
    void reportsAPermissionSetDeletedInTheConsoleAsMissingWithItsAssignments() {
        // The group's name comes from the state's data source: the group itself is Okta's (SCIM), not Terraform's.
        AcmeSnapshot acme = new AcmeSnapshot();
        acme.permissionSets.removeIf(p -> p.name().equals("BreakGlass"));
        acme.assignments.removeIf(a -> a.permissionSetArn().equals(AcmeSnapshot.ps("BreakGlass")));

        List<String> drifted = drift(acme).drifted().stream().map(i -> i.status() + " " + i.name()).toList();

        assertEquals(List.of("MISSING BreakGlass", "MISSING GROUP org-BreakGlass → BreakGlass → 111111111111",
                "UNMANAGED USER mallory → DevOps-AdministratorAccess → 444444444444"), drifted);
    }

    @Test
    void identityCenterRolesAndSamlProvidersNeverDriftButAHandMadeProviderDoes() {
        AcmeSnapshot acme = new AcmeSnapshot();
        AcmeSnapshot.replace(acme.memberAccounts, m -> m.accountId().equals("666666666666"), m -> {
            var providers = new ArrayList<>(m.samlProviders());
            providers.add(new AwsSnapshot.SamlProvider("arn:aws:iam::666666666666:saml-provider/AWSSSO_ffffeeee0000_DO_NOT_DELETE",
                    "AWSSSO_ffffeeee0000_DO_NOT_DELETE", Instant.EPOCH, null));
            providers.add(new AwsSnapshot.SamlProvider("arn:aws:iam::666666666666:saml-provider/ContractorIdP", "ContractorIdP",
                    Instant.EPOCH, null));
            var roles = new ArrayList<>(m.reservedRoles());
            roles.add(new AwsSnapshot.ReservedRole("AWSReservedSSO_Auditor_00112233aabbccdd", "arn:aws:iam::666666666666:role/x",
                    "/aws-reserved/sso.amazonaws.com/", "Auditor", Instant.EPOCH, null, null));
            return new AwsSnapshot.MemberAccount(m.accountId(), roles, providers, m.credentialReport());
        });

        List<String> drifted = drift(acme).drifted().stream().map(i -> i.status() + " " + i.name()).toList();

        assertEquals(List.of("UNMANAGED USER mallory → DevOps-AdministratorAccess → 444444444444",
                "UNMANAGED ContractorIdP in 666666666666"), drifted);
    }

    @Test
    void handMadeIdentityStoreUsersAreUnmanagedButScimProvisionedOnesBelongToOkta() throws Exception {
        Path state = write("""
                {"version": 4, "terraform_version": "1.9.8", "serial": 3, "lineage": "l-1", "outputs": {}, "resources": [
                  {"mode": "managed", "type": "aws_identitystore_user", "name": "breakglass",
                   "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
                   "instances": [{"schema_version": 0, "attributes": {
                      "id": "d-acme000001/9a6c0010-judy", "identity_store_id": "d-acme000001", "user_id": "9a6c0010-judy",
                      "user_name": "judy@acme.example", "display_name": "judy",
                      "emails": [{"primary": true, "type": "work", "value": "judy@acme.example"}],
                      "external_ids": [], "name": [{"family_name": "Example", "given_name": "Judy", "formatted": null,
                      "honorific_prefix": null, "honorific_suffix": null, "middle_name": null}]},
                      "sensitive_attributes": []}]}
                ]}
                """);

        DriftReport report = DriftCheck.compare(TerraformState.read(state), new AcmeSnapshot().build());

        assertEquals(List.of("MANAGED judy@acme.example", "UNMANAGED mallory"),
                report.items().stream().map(i -> i.status() + " " + i.name()).toList());
    }

    @Test
    void reportsAPushGroupInErrorAsChangedFromActive() throws Exception {
        Path state = write("""
                {"version": 4, "terraform_version": "1.9.8", "serial": 3, "lineage": "l-1", "outputs": {}, "resources": [
                  {"mode": "managed", "type": "okta_push_group", "name": "this",
                   "provider": "provider[\\"registry.terraform.io/okta/okta\\"]",
                   "instances": [
                    {"index_key": "devops", "schema_version": 0, "sensitive_attributes": [], "attributes": {"id": "gPm1devops0000000001",
                      "app_id": "0oa1awssso00000001", "source_group_id": "00g1devops000000001", "status": "ACTIVE",
                      "target_group_id": null, "target_group_name": null, "delete_target_group_on_destroy": true, "app_config": null}},
                    {"index_key": "readonly", "schema_version": 0, "sensitive_attributes": [], "attributes": {"id": "gPm1readonly0000003",
                      "app_id": "0oa1awssso00000001", "source_group_id": "00g1readonly000003", "status": "ACTIVE",
                      "target_group_id": null, "target_group_name": null, "delete_target_group_on_destroy": true, "app_config": null}},
                    {"index_key": "gone", "schema_version": 0, "sensitive_attributes": [], "attributes": {"id": "gpm1gone0000000099",
                      "app_id": "0oa1awssso00000001", "source_group_id": "00g1gone0000000099", "status": "ACTIVE",
                      "target_group_id": null, "target_group_name": null, "delete_target_group_on_destroy": true, "app_config": null}}
                  ]}
                ]}
                """);

        DriftReport report = DriftCheck.compare(TerraformState.read(state), new AcmeSnapshot().build());

        assertEquals(List.of("MISSING 00g1gone0000000099", "UNMANAGED org-BreakGlass", "MANAGED org-DevOps",
                "UNMANAGED org-Developers", "CHANGED org-ReadOnly"), report.items().stream().map(i -> i.status() + " " + i.name()).toList());
        assertEquals(List.of(new FieldDiff("status", "ACTIVE", "ERROR", List.of())),
                item(report, EntityType.OKTA_PUSH_MAPPING, "org-ReadOnly").fields());
    }

    @Test
    void noDriftWhenTheStateDeclaresEverything() throws Exception {
        AcmeSnapshot acme = new AcmeSnapshot();
        acme.assignments.removeIf(a -> a.principalType().equals("USER"));

        DriftReport report = drift(acme);

        assertFalse(report.hasDrift(), () -> TextRendering.drift(report));
        assertTrue(TextRendering.drift(report).contains("0 drifted: 0 unmanaged, 0 missing, 0 changed; 35 managed"),
                TextRendering.drift(report));
    }

    static DriftItem item(DriftReport report, EntityType type, String name) {
        return report.items().stream().filter(i -> i.type() == type && i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + name + " in\n" + TextRendering.drift(report)));
    }

    private Path write(String json) throws Exception {
        Path file = tmp.resolve("terraform.tfstate");
        Files.writeString(file, json);
        return file;
    }
}
