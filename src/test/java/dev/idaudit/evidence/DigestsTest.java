package dev.idaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestsTest {
    @TempDir Path dir;

    private static OktaConfig okta(String token, String appId) {
        return new OktaConfig(URI.create("https://acme.okta.com"), Secret.of(token), null, null, null, List.of(), appId);
    }

    @Test
    void configDigestIgnoresSecretsButNotSettings() {
        String a = Digests.configDigest(okta("00abcSECRET1", "0oa1"));
        assertEquals(a, Digests.configDigest(okta("00xyzSECRET2", "0oa1")), "rotating the token keeps the digest");
        assertNotEquals(a, Digests.configDigest(okta("00abcSECRET1", "0oa2")));
        String redacted = Digests.redactedConfig(okta("00abcSECRET1", "0oa1")).toString();
        assertFalse(redacted.contains("SECRET1"), redacted);
        assertTrue(redacted.contains(Digests.REDACTED));
    }

    @Test
    void secretNamedPlainFieldsAreRedactedToo() {
        Map<String, Object> config = Map.of("okta", Map.of("client_secret", "hunter2", "orgUrl", "https://x"),
                "proxyPassword", "p@ss");
        String redacted = Digests.redactedConfig(config).toString();
        assertFalse(redacted.contains("hunter2") || redacted.contains("p@ss"), redacted);
        assertTrue(redacted.contains("https://x"));
    }

    @Test
    void treeDigestChangesWithAnyFileAndIgnoresWalkOrder() throws Exception {
        Files.createDirectories(dir.resolve("frameworks"));
        Files.writeString(dir.resolve("a.yaml"), "id: a");
        Files.writeString(dir.resolve("frameworks/soc2.yaml"), "CC6.1: [a]");
        String before = Digests.treeDigest(dir);
        TreeMap<String, byte[]> same = new TreeMap<>(Map.of("frameworks/soc2.yaml", "CC6.1: [a]".getBytes(StandardCharsets.UTF_8),
                "a.yaml", "id: a".getBytes(StandardCharsets.UTF_8)));
        assertEquals(before, Digests.treeDigest(same));
        Files.writeString(dir.resolve("a.yaml"), "id: b");
        assertNotEquals(before, Digests.treeDigest(dir));
        Files.writeString(dir.resolve("a.yaml"), "id: a");
        Files.move(dir.resolve("a.yaml"), dir.resolve("b.yaml"));
        assertNotEquals(before, Digests.treeDigest(dir), "a rename changes it");
    }
}
