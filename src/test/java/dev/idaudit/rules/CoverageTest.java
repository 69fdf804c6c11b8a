package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.idaudit.snapshot.CollectionIssue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoverageTest {
    @Test
    void anIssueThatMissesSeveralRequiredSectionsIsSaidOnce() {
        List<List<String>> requires = List.of(List.of("aws.identityCenter.assignments"), List.of("aws.identityCenter.users"),
                List.of("aws.identityCenter.groups"), List.of("aws.memberAccounts.reservedRoles"));
        CollectionIssue identityCenter = new CollectionIssue("aws.identityCenter", null, null, "sso-admin:ListInstances", "AccessDenied", "denied");
        CollectionIssue roles = new CollectionIssue("aws.memberAccounts", "111111111111", null, "sts:AssumeRole", "AccessDenied", null);

        Coverage c = Coverage.of(requires, List.of(identityCenter, roles, identityCenter));

        assertEquals(List.of("aws.identityCenter not collected (sso-admin:ListInstances: AccessDenied, denied)"), c.globalGaps());
        assertEquals(Map.of("111111111111", List.of("aws.memberAccounts not collected (sts:AssumeRole: AccessDenied)")), c.accountGaps());
    }
}
