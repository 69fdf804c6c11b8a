package dev.idaudit.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Terraform state: what it declares, and clear errors for what it cannot be. */
class TerraformStateTest {

    @TempDir
    Path tmp;

    @Test
    void readsAssignmentsWithTheNamesTheStateGivesTheirPermissionSetAndGroup() {
        DesiredState state = TerraformState.read(TerraformDriftTest.acmeState());

        List<String> assignments = state.objects().stream().map(DesiredState.Declared::entity)
                .filter(e -> e.type() == EntityType.IDC_ASSIGNMENT).map(Entity::name).toList();
        assertEquals(13, assignments.size());
        assertTrue(assignments.contains("GROUP legacy-admins → DevOps-AdministratorAccess → 333333333333"), assignments.toString());
    }

    @Test
    void readsCustomerPoliciesAndGroupsOfAnAppGroupAssignmentsResource() throws Exception {
        Path file = write("""
                {"version": 4, "terraform_version": "1.9.8", "serial": 1, "lineage": "l", "outputs": {}, "resources": [
                 {"mode": "managed", "type": "aws_ssoadmin_customer_managed_policy_attachment", "name": "deny", "provider": "p",
                  "instances": [{"schema_version": 0, "attributes": {"id": "x", "instance_arn": "i", "permission_set_arn": "arn:ps",
                    "customer_managed_policy_reference": [{"name": "DenyBilling", "path": "/team/"}]}}]},
                 {"mode": "managed", "type": "okta_app_group_assignments", "name": "aws", "provider": "p",
                  "instances": [{"schema_version": 0, "attributes": {"id": "0oa1", "app_id": "0oa1",
                    "group": [{"id": "00g1", "priority": 1, "profile": "{}"}, {"id": "00g2", "priority": 2, "profile": "{}"}]}}]}
                ]}
                """);

        DesiredState state = TerraformState.read(file);

        Entity ps = state.objects().stream().map(DesiredState.Declared::entity)
                .filter(e -> e.type() == EntityType.IDC_PERMISSION_SET).findFirst().orElseThrow();
        assertEquals("/team/DenyBilling", ps.value("customerManagedPolicies"));
        assertEquals(List.of("0oa1|00g1", "0oa1|00g2"), state.objects().stream().map(DesiredState.Declared::entity)
                .filter(e -> e.type() == EntityType.OKTA_APP_GROUP).map(Entity::id).toList());
    }

    @Test
    void aDeposedObjectIsNotDesired() throws Exception {
        Path file = write("""
                {"version": 4, "serial": 9, "lineage": "l", "resources": [
                  {"mode": "managed", "type": "okta_group", "name": "g", "provider": "p", "instances": [
                    {"schema_version": 0, "attributes": {"id": "00g2new", "name": "org-New", "description": null}},
                    {"deposed": "3f2a0c1b", "schema_version": 0, "attributes": {"id": "00g1old", "name": "org-New", "description": null}}
                  ]}
                ]}
                """);

        DesiredState state = TerraformState.read(file);

        assertEquals(List.of("00g2new"), state.objects().stream().map(d -> d.entity().id()).toList());
        assertEquals("okta_group.g (deposed 3f2a0c1b)", state.ignored().get(0).address());
    }

    @Test
    void anOlderStateFormatIsAClearError() throws Exception {
        Path file = write("""
                {
                  "version": 3,
                  "serial": 12,
                  "modules": []
                }
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> TerraformState.read(file));

        assertEquals(file + ":1: Terraform state format version 3 is not supported: idaudit reads version 4 (Terraform 0.12 and later)",
                e.getMessage());
    }

    @Test
    void truncatedJsonIsAnErrorWithTheLine() throws Exception {
        Path file = write("""
                {
                  "version": 4,
                  "resources": [
                    {"mode": "managed", "type": "okta_group",
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> TerraformState.read(file));

        assertTrue(e.getMessage().startsWith(file + ":5: not valid JSON: "), e.getMessage());
    }

    @Test
    void aKnownResourceWithoutARequiredAttributeIsAnErrorNamingItAndItsLine() throws Exception {
        Path file = write("""
                {
                  "version": 4,
                  "serial": 2,
                  "lineage": "l",
                  "resources": [
                    {
                      "mode": "managed",
                      "type": "aws_ssoadmin_account_assignment",
                      "name": "mallory",
                      "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
                      "instances": [
                        {
                          "schema_version": 0,
                          "attributes": {
                            "permission_set_arn": "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
                            "principal_type": "USER",
                            "target_id": "444444444444"
                          }
                        }
                      ]
                    }
                  ]
                }
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> TerraformState.read(file));

        assertEquals(file + ":14: aws_ssoadmin_account_assignment.mallory has no 'principal_id'", e.getMessage());
    }

    @Test
    void anInstanceWithFlatAttributesIsAnError() throws Exception {
        Path file = write("""
                {"version": 4, "resources": [
                  {"mode": "managed", "type": "okta_group", "name": "g", "instances": [
                    {"schema_version": 0, "attributes_flat": {"id": "00g1", "name": "x"}}
                  ]}
                ]}
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> TerraformState.read(file));

        assertEquals(file + ":3: okta_group.g has no \"attributes\" object (flat attributes are written by Terraform before 0.12)",
                e.getMessage());
    }

    @Test
    void aStateWithoutResourcesIsNotAPass() throws Exception {
        Path file = write("""
                {"version": 4, "serial": 1, "lineage": "l", "outputs": {}}
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> TerraformState.read(file));

        assertEquals(file + ":1: not a Terraform state (no \"resources\" list)", e.getMessage());
    }

    @Test
    void aMissingFileIsAClearError() {
        Path file = tmp.resolve("nope.tfstate");

        BadInputException e = assertThrows(BadInputException.class, () -> TerraformState.read(file));

        assertEquals(file + ": no such file", e.getMessage());
    }

    private Path write(String json) throws Exception {
        Path file = tmp.resolve("terraform.tfstate");
        Files.writeString(file, json);
        return file;
    }
}
