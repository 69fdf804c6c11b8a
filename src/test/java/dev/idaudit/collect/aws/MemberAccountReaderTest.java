package dev.idaudit.collect.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemberAccountReaderTest {
    @Test
    void reservedRoleNamesGiveThePermissionSetNameEvenWithUnderscores() {
        assertEquals("DevOps-AdministratorAccess",
                MemberAccountReader.permissionSetName("AWSReservedSSO_DevOps-AdministratorAccess_0123456789abcdef"));
        assertEquals("Developer_Team", MemberAccountReader.permissionSetName("AWSReservedSSO_Developer_Team_fedcba9876543210"));
    }
}
