package dev.idaudit.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
    private static final byte[] KEY = "0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8);

    private static String json(Snapshot s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotIO.write(s, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noLoginEmailOrPersonNameSurvivesRedaction() throws Exception {
        Snapshot original = SampleSnapshot.sample();
        String before = json(original);
        assertTrue(before.contains("alice@acme.example"));
        String after = json(new Pseudonymizer(KEY).apply(original));
        for (String pii : new String[] {"alice@acme.example", "\"Alice\"", "m@x", "p@x"}) {
            assertFalse(after.contains(pii), pii + " survived redaction");
        }
        assertTrue(after.contains("@redacted.invalid"));
    }

    @Test
    void theSameKeyGivesTheSamePseudonymAcrossRunsAndSides() {
        Snapshot a = new Pseudonymizer(KEY).apply(SampleSnapshot.sample());
        Snapshot b = new Pseudonymizer(KEY).apply(SampleSnapshot.sample());
        assertEquals(a, b, "same key, same output");
        assertEquals(a.okta().users().get(0).login(), a.aws().identityCenter().users().get(0).userName(),
                "the Okta login and the Identity Store UserName must still join");
    }

    @Test
    void anotherKeyGivesOtherPseudonyms() {
        Snapshot a = new Pseudonymizer(KEY).apply(SampleSnapshot.sample());
        Snapshot b = new Pseudonymizer("another-key-of-16-bytes-or-more".getBytes(StandardCharsets.UTF_8)).apply(SampleSnapshot.sample());
        assertNotEquals(a.okta().users().get(0).login(), b.okta().users().get(0).login());
    }

    @Test
    void idsStatusesAndStructureAreKept() {
        Snapshot s = SampleSnapshot.sample();
        Snapshot r = new Pseudonymizer(KEY).apply(s);
        assertEquals(s.okta().users().get(0).id(), r.okta().users().get(0).id());
        assertEquals(s.okta().users().get(0).status(), r.okta().users().get(0).status());
        assertEquals(s.aws().identityCenter().assignments(), r.aws().identityCenter().assignments());
        assertEquals(s.collectionIssues(), r.collectionIssues());
    }
}
