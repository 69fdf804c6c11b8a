package dev.idaudit.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.drift.DriftReport.DriftStatus;
import dev.idaudit.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredYamlTest {

    @TempDir
    Path tmp;

    private static Path acmeDesired() throws Exception {
        return Path.of(DesiredYamlTest.class.getResource("acme-desired.yaml").toURI());
    }

    @Test
    void reportsMallorysAssignmentAndTheBrokenPushAgainstAcme() throws Exception {
        DriftReport report = DriftCheck.compare(DesiredYaml.read(acmeDesired()), new AcmeSnapshot().build());

        assertEquals(List.of(
                "CHANGED org-ReadOnly",
                "UNMANAGED USER mallory → DevOps-AdministratorAccess → 444444444444"),
                report.drifted().stream().map(i -> i.status() + " " + i.name()).toList(), () -> TextRendering.drift(report));
        assertEquals(List.of(new FieldDiff("status", "ACTIVE", "ERROR", List.of())),
                TerraformDriftTest.item(report, EntityType.OKTA_PUSH_MAPPING, "org-ReadOnly").fields());
        assertEquals(List.of(EntityType.OKTA_PUSH_MAPPING, EntityType.IDC_PERMISSION_SET, EntityType.IDC_ASSIGNMENT), report.compared());
        assertEquals(5 + 13 + 3, report.count(DriftStatus.MANAGED));
    }

    @Test
    void aPolicyLeftOutOfAPermissionSetMeansNone() throws Exception {
        Path file = write("""
                version: 1
                permissionSets:
                  - name: Developer
                    managedPolicies: [PowerUserAccess]
                """);

        DriftReport report = DriftCheck.compare(DesiredYaml.read(file), new AcmeSnapshot().build());

        var developer = TerraformDriftTest.item(report, EntityType.IDC_PERMISSION_SET, "Developer");
        assertEquals(DriftStatus.CHANGED, developer.status());
        assertEquals(List.of("customerManagedPolicies", "inlinePolicy", "permissionsBoundary"),
                developer.fields().stream().map(FieldDiff::field).toList());
        assertEquals("", developer.fields().get(1).before());
        assertTrue(TextRendering.drift(report).contains("        +   \"Version\" : \"2012-10-17\""), TextRendering.drift(report));
        assertEquals(4, report.count(DriftStatus.UNMANAGED), "the other permission sets were made by hand");
    }

    @Test
    void anUnknownKeyIsAnErrorWithFileAndLine() throws Exception {
        Path file = write("""
                version: 1
                permissionSets:
                  - name: Developer
                    sesionDuration: PT8H
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertEquals(file + ":3: permission set: unknown key 'sesionDuration' (allowed: [customerManagedPolicies, description, "
                + "inlinePolicy, managedPolicies, name, permissionsBoundary, relayState, sessionDuration])", e.getMessage());
    }

    @Test
    void aMalformedDurationIsAnError() throws Exception {
        Path file = write("""
                version: 1
                permissionSets:
                  - name: Developer
                    sessionDuration: 8 hours
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertTrue(e.getMessage().startsWith(file + ":3: permission set Developer: sessionDuration '8 hours'"), e.getMessage());
    }

    @Test
    void anAccountIdThatIsNotTwelveDigitsIsAnError() throws Exception {
        Path file = write("""
                version: 1
                assignments:
                  - group: org-DevOps
                    permissionSet: ReadOnly
                    accounts: [acme-prod]
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertTrue(e.getMessage().startsWith(file + ":5: 'acme-prod' is not a 12-digit AWS account id"), e.getMessage());
    }

    @Test
    void anAssignmentNamesExactlyOnePrincipal() throws Exception {
        Path file = write("""
                version: 1
                assignments:
                  - group: org-DevOps
                    user: mallory
                    permissionSet: ReadOnly
                    accounts: ["222222222222"]
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertEquals(file + ":3: an assignment names exactly one of 'group' or 'user'", e.getMessage());
    }

    @Test
    void anInlinePolicyThatIsNotJsonIsAnError() throws Exception {
        Path file = write("""
                version: 1
                permissionSets:
                  - name: Developer
                    inlinePolicy: "allow everything"
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertEquals(file + ":3: permission set Developer: inlinePolicy is not a JSON policy document", e.getMessage());
    }

    @Test
    void brokenYamlIsAnErrorWithTheLine() throws Exception {
        Path file = write("""
                version: 1
                assignments:
                  - group: org-DevOps
                    accounts: ["222222222222"
                    permissionSet: ReadOnly
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertTrue(e.getMessage().matches("(?s)\\Q" + file + "\\E:4: not valid YAML: .*"), e.getMessage());
    }

    @Test
    void aFileWithoutVersionIsAnError() throws Exception {
        Path file = write("""
                permissionSets: []
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertEquals(file + ":1: desired state needs 'version: 1'", e.getMessage());
    }

    @Test
    void anAssignmentDeclaredTwiceIsAnError() throws Exception {
        Path file = write("""
                version: 1
                assignments:
                  - group: org-DevOps
                    permissionSet: ReadOnly
                    accounts: ["222222222222"]
                  - group: org-DevOps
                    permissionSet: ReadOnly
                    accounts: ["333333333333", "222222222222"]
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertEquals(file + ":6: GROUP org-DevOps → ReadOnly → 222222222222 is declared twice (first at " + file + ":3)", e.getMessage());
    }

    @Test
    void anEmptyFileIsAnError() throws Exception {
        Path file = write("");

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertEquals(file + ": the file is empty", e.getMessage());
    }

    @Test
    void aBinaryValueIsAnErrorNamingFileAndLine() throws Exception {
        Path file = write("version: 1\npermissionSets:\n  - name: !!binary aGVsbG8=\n");

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertEquals(file + ":3: a value of a kind idaudit does not read (VALUE_EMBEDDED_OBJECT); write it as text, a number,"
                + " true/false, a list or a mapping", e.getMessage());
    }

    private Path write(String yaml) throws Exception {
        Path file = tmp.resolve("desired.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aMalformedInlinePolicyIsAnErrorAtItsPermissionSetsLine() throws Exception {
        Path file = write("""
                version: 1
                permissionSets:
                  - name: Developer
                    inlinePolicy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}'
                """);

        BadInputException e = assertThrows(BadInputException.class, () -> DesiredYaml.read(file));

        assertEquals(file + ":3: permission set Developer: inlinePolicy is not a JSON policy document", e.getMessage());
    }
}
