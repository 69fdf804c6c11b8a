package dev.idaudit.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** owners.yaml is read strictly: every mistake names the file and line. */
class OwnersTest {
    @TempDir Path tmp;

    private Path file(String yaml) throws Exception {
        Path f = tmp.resolve("owners.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static AccessItem item(String person, String accountId, String accountName, String groupName) {
        return new AccessItem("A0001", null, person, person, "00u" + person, "idc-" + person, "ACTIVE", "never", accountId, accountName,
                "ReadOnly", "arn:ps", "no", groupName == null ? null : "g-" + groupName, groupName, null, List.of(), null, null,
                "arn:ins", "d-1", groupName == null ? "USER" : "GROUP", "p", accountId + "/ReadOnly/x", null, null);
    }

    @Test
    void refusesAnUnknownKeyNamingFileAndLine() throws Exception {
        Path f = file("reviewers:\n  - reviewer: a@x.example\n    acounts: [prod]\nfallback: s@x.example\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Owners.read(f));
        assertTrue(e.getMessage().startsWith(f + ":3: reviewers[0].acounts: unknown key 'acounts' (did you mean 'accounts'?)"), e.getMessage());
    }

    @Test
    void refusesAPatternThatMatchesNothingInTheRunNamingFileAndLine() throws Exception {
        Path f = file("reviewers:\n  - reviewer: a@x.example\n    accounts: [prod, prdo]\nfallback: s@x.example\n");
        Owners owners = Owners.read(f);
        BadInputException e = assertThrows(BadInputException.class,
                () -> owners.requireMatches(List.of(item("b@x.example", "222222222222", "prod", "devs"))));
        assertTrue(e.getMessage().startsWith(f + ":3: reviewers[0].accounts[1]: account pattern 'prdo' matches no account"), e.getMessage());
    }

    @Test
    void requiresAFallbackAndAReviewerEmail() throws Exception {
        Path noFallback = file("reviewers: []\n");
        assertTrue(assertThrows(BadInputException.class, () -> Owners.read(noFallback)).getMessage().contains("fallback is required"));
        Path badEmail = file("reviewers:\n  - reviewer: alice\n    groups: [g]\nfallback: s@x.example\n");
        assertTrue(assertThrows(BadInputException.class, () -> Owners.read(badEmail)).getMessage()
                .startsWith(badEmail + ":2: reviewers[0].reviewer: 'alice' is not an email address"));
    }

    @Test
    void givesEveryonesOwnAccessToTheNextOwnerOrTheFallback() throws Exception {
        Path f = file("reviewers:\n  - reviewer: a@x.example\n    accounts: ['2222*']\n  - reviewer: b@x.example\n    groups: [devs]\n"
                + "fallback: s@x.example\n");
        Owners owners = Owners.read(f);
        assertEquals("a@x.example", owners.reviewerOf(item("c@x.example", "222222222222", "prod", "devs")));
        assertEquals("b@x.example", owners.reviewerOf(item("A@X.example", "222222222222", "prod", "devs")), "a's own access goes on");
        assertEquals("s@x.example", owners.reviewerOf(item("b@x.example", "333333333333", "dev", "devs")), "b's own access: fallback");
        assertEquals("s@x.example", owners.reviewerOf(item("c@x.example", "333333333333", "dev", null)), "unowned: fallback");
    }
}
