package dev.idaudit.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.ssoadmin.model.AccessDeniedException;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentForPrincipal;
import software.amazon.awssdk.services.ssoadmin.model.InstanceMetadata;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;

/**
 * Who may read the organization instance of Identity Center: the management account, and the
 * member account registered as its delegated administrator (acme with 222222222222 so registered);
 * ListAccountAssignmentsForPrincipal only the management account (sso-admin/service-2.json: "This
 * action must be called from the management account containing your organization instance of IAM
 * Identity Center", with AccessDeniedException among its errors).
 */
class SsoAdminCallerTest {
    private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-acme0000000001";
    private static final String DELEGATED_ADMIN = "222222222222";

    static AwsEmulator emulator;
    static SdkClients management;
    static SdkClients delegatedAdmin;
    static SdkClients otherMember;

    @BeforeAll
    static void start() {
        emulator = AwsEmulator.start(AcmeAws.scenario(100,
                aws -> ((com.fasterxml.jackson.databind.node.ObjectNode) aws.get("identityCenter")).put("delegatedAdministrator", DELEGATED_ADMIN)));
        management = new SdkClients(emulator);
        delegatedAdmin = new SdkClients(emulator, AwsBasicCredentials.create("ASIA" + DELEGATED_ADMIN + "TEST", "not-checked"));
        otherMember = new SdkClients(emulator, AwsBasicCredentials.create("ASIA333333333333TEST", "not-checked"));
    }

    @AfterAll
    static void stop() {
        management.close();
        delegatedAdmin.close();
        otherMember.close();
        emulator.close();
    }

    private static List<AccountAssignmentForPrincipal> forGroup(SdkClients caller, String groupId) {
        return caller.ssoAdmin.listAccountAssignmentsForPrincipalPaginator(r -> r.instanceArn(INSTANCE)
                .principalType(PrincipalType.GROUP).principalId(groupId)).accountAssignments().stream().toList();
    }

    @Test
    void theManagementAccountListsAssignmentsPerPrincipal() {
        assertEquals(List.of("222222222222", "333333333333", "444444444444"),
                forGroup(management, "9a6b0001-devops").stream().map(AccountAssignmentForPrincipal::accountId).toList());
    }

    @Test
    void theDelegatedAdministratorSeesTheOrganizationInstanceButMayNotListAssignmentsPerPrincipal() {
        assertEquals(List.of(INSTANCE), delegatedAdmin.ssoAdmin.listInstances(r -> {}).instances().stream().map(InstanceMetadata::instanceArn)
                .filter(INSTANCE::equals).toList());
        var permissionSets = delegatedAdmin.ssoAdmin.listPermissionSets(r -> r.instanceArn(INSTANCE)).permissionSets();
        assertEquals(false, permissionSets.isEmpty());
        AccessDeniedException denied = assertThrows(AccessDeniedException.class, () -> forGroup(delegatedAdmin, "9a6b0001-devops"));
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
    }

    @Test
    void theDelegatedAdministratorReadsTheOrganizationAndOtherMembersDoNot() {
        assertEquals(1, delegatedAdmin.organizations.listRoots().roots().size());
        assertThrows(software.amazon.awssdk.services.organizations.model.AccessDeniedException.class,
                () -> otherMember.organizations.listRoots());
        assertThrows(AccessDeniedException.class, () -> otherMember.ssoAdmin.listPermissionSets(r -> r.instanceArn(INSTANCE)));
    }
}
