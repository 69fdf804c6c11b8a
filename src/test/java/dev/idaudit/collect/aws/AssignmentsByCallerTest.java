package dev.idaudit.collect.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.LargeScenario;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.Sections;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * ListAccountAssignmentsForPrincipal "must be called from the management account containing your
 * organization instance of IAM Identity Center" (sso-admin/service-2.json), and the emulator refuses
 * it elsewhere with AccessDeniedException. In a world where listing per principal is cheaper (6
 * principals, about 50 (permission set, account) pairs), the collector uses it only when
 * GetCallerIdentity's Account is DescribeOrganization's MasterAccountId; Identity Center's delegated
 * administrator lists per (permission set, account) and reads the same assignments.
 */
class AssignmentsByCallerTest {

    private record Read(AwsSnapshot snapshot, List<dev.idaudit.snapshot.CollectionIssue> issues, int forPrincipal, int perAccount) {}

    private static Scenario fewPrincipalsWithADelegatedAdministrator(String[] delegatedAdmin) {
        Scenario base = LargeScenario.generate(new LargeScenario.Parameters(30, 4, 40, 6, 2, 60, 2, 11), Traffic.NONE);
        ObjectNode aws = base.aws().deepCopy();
        String management = aws.path("organization").path("managementAccount").asText();
        delegatedAdmin[0] = StreamSupport.stream(aws.path("accounts").spliterator(), false)
                .filter(a -> !a.path("id").asText().equals(management) && a.path("state").asText("ACTIVE").equals("ACTIVE"))
                .map(a -> a.path("id").asText()).findFirst().orElseThrow();
        ((ObjectNode) aws.get("identityCenter")).put("delegatedAdministrator", delegatedAdmin[0]);
        return new Scenario(base.name(), base.description(), base.settings(), base.okta(), aws, base.plants());
    }

    private static Read collectAs(Scenario scenario, String accessKeyId) {
        try (AwsEmulator emulator = AwsEmulator.start(scenario)) {
            AwsConfig config = new AwsConfig(null, emulator.region(), emulator.endpoint(), null, null, null, null);
            Issues issues = new Issues();
            AwsSnapshot snapshot = AwsCollector.withStaticKeys(config, accessKeyId, Secret.of("not-checked"), Progress.SILENT, issues)
                    .collect();
            return new Read(snapshot, issues.list(), emulator.callCount("ListAccountAssignmentsForPrincipal"),
                    emulator.callCount("ListAccountAssignments"));
        }
    }

    private static List<String> assignments(AwsSnapshot snapshot) {
        return snapshot.identityCenter().assignments().stream()
                .map(a -> a.permissionSetArn() + "|" + a.accountId() + "|" + a.principalType() + "|" + a.principalId()).sorted().toList();
    }

    private static int principals(Scenario scenario) {
        JsonNode store = scenario.aws().path("identityStores").elements().next();
        return store.path("users").size() + store.path("groups").size();
    }

    @Test
    void theManagementAccountListsPerPrincipalAndADelegatedAdministratorPerPermissionSetAndAccount() {
        String[] delegatedAdmin = new String[1];
        Scenario scenario = fewPrincipalsWithADelegatedAdministrator(delegatedAdmin);

        Read management = collectAs(scenario, "AKIAIDAUDITTEST00001");
        assertEquals(principals(scenario), management.forPrincipal(), "one call per user and group");
        assertEquals(0, management.perAccount());

        // An ASIA key names the account it acts in: the collector signs in as a role in the delegated administrator.
        Read delegated = collectAs(scenario, "ASIA" + delegatedAdmin[0] + "TEST");
        assertEquals(delegatedAdmin[0], delegated.snapshot().callerArn().split(":")[4]);
        assertEquals(0, delegated.forPrincipal(), "never asked from a delegated administrator: AWS refuses it");
        assertTrue(delegated.perAccount() > management.forPrincipal(), "per (permission set, account) costs more calls here");

        assertEquals(scenario.aws().path("identityCenter").path("assignments").size() > 0, !assignments(management.snapshot()).isEmpty());
        assertEquals(assignments(management.snapshot()), assignments(delegated.snapshot()), "the same assignments either way");
        assertEquals(management.snapshot().identityCenter().users().size(), delegated.snapshot().identityCenter().users().size(),
                "the delegated administrator reads the organization instance's Identity Store too");
        assertEquals(List.of(), delegated.issues().stream().filter(i -> i.section().equals(Sections.AWS_IDC_ASSIGNMENTS)).toList());
        assertEquals(List.of(), management.issues().stream().filter(i -> i.section().equals(Sections.AWS_IDC_ASSIGNMENTS)).toList());
    }

    @Test
    void whenTheOrganizationCannotBeReadTheCallerIsNotTakenForTheManagementAccount() {
        String[] delegatedAdmin = new String[1];
        Scenario scenario = fewPrincipalsWithADelegatedAdministrator(delegatedAdmin);
        try (AwsEmulator emulator = AwsEmulator.start(scenario)) {
            emulator.injectFault("DescribeOrganization", "AWSOrganizationsNotInUseException", 400, 1);
            AwsConfig config = new AwsConfig(null, emulator.region(), emulator.endpoint(), null, null, null, null);
            Issues issues = new Issues();
            AwsSnapshot snapshot = AwsCollector.withStaticKeys(config, "AKIAIDAUDITTEST00001", Secret.of("not-checked"),
                    Progress.SILENT, issues).collect();
            assertEquals(0, emulator.callCount("ListAccountAssignmentsForPrincipal"));
            assertTrue(emulator.callCount("ListAccountAssignments") > 0);
            assertEquals(List.of(), issues.list().stream().filter(i -> i.section().equals(Sections.AWS_IDC_ASSIGNMENTS)).toList());
            assertTrue(!snapshot.identityCenter().assignments().isEmpty());
        }
    }
}
