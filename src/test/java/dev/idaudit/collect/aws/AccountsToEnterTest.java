package dev.idaudit.collect.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.idaudit.config.AwsConfig;
import dev.idaudit.snapshot.AwsSnapshot.Account;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which member accounts the collector enters. */
class AccountsToEnterTest {
    static final AwsConfig ALL = new AwsConfig(null, "us-east-1", null, null, null, null, null);

    static Account account(String id, String state) {
        return new Account(id, null, "name", null, state, "r-1", "Root", null);
    }

    @Test
    void activeAccountsAreEnteredAndSuspendedOnesAreNot() {
        var tree = new OrganizationReader.Tree(List.of(),
                List.of(account("111111111111", "ACTIVE"), account("222222222222", "SUSPENDED"), account("333333333333", null)), true);
        assertEquals(List.of("111111111111", "333333333333"), AwsCollector.accountsToEnter(ALL, tree));
    }

    /** Such an account used to stop the whole AWS side (a null id in the config's account lists); the collection leaves it out with an issue. */
    @Test
    void anAccountListedWithoutItsIdIsNotEntered() {
        var tree = new OrganizationReader.Tree(List.of(), List.of(account(null, "ACTIVE"), account("111111111111", "ACTIVE")), true);
        assertEquals(List.of("111111111111"), AwsCollector.accountsToEnter(ALL, tree));
    }
}
