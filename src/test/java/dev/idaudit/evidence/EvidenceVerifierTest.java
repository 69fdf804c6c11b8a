package dev.idaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.evidence.EvidenceVerifier.SignatureStatus;
import dev.idaudit.evidence.EvidenceVerifier.Verification;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvidenceVerifierTest {
    @TempDir Path root;
    @TempDir static Path keys;

    static Signing.Signer signer;
    static PublicKey publicKey;
    static Signing.Signer otherSigner;

    @BeforeAll
    static void makeKeys() throws Exception {
        Signing.keygen("ec", keys.resolve("evidence.key"), keys.resolve("evidence.pub.pem"));
        Signing.keygen("rsa", keys.resolve("other.key"), keys.resolve("other.pub.pem"));
        signer = Signing.keyFile(keys.resolve("evidence.key"));
        publicKey = Signing.readPublicKey(keys.resolve("evidence.pub.pem"));
        otherSigner = Signing.keyFile(keys.resolve("other.key"));
    }

    private Path signedRun() throws Exception {
        return RunStoreTest.completeRun(RunStore.at(root), RunStoreTest.T0, signer, null);
    }

    /** Edits manifest.json the way someone with write access to the folder would, and writes it back. */
    static void editManifest(Path run, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode tree = (ObjectNode) Json.json().readTree(run.resolve(Manifest.FILE_NAME).toFile());
        edit.accept(tree);
        Json.json().writeValue(run.resolve(Manifest.FILE_NAME).toFile(), tree);
    }

    @Test
    void aFreshRunVerifies() throws Exception {
        Path run = RunStoreTest.completeRun(RunStore.at(root), RunStoreTest.T0);
        EvidenceVerifier.Verification v = EvidenceVerifier.verify(run);
        assertTrue(v.ok(), v.toString());
        assertEquals(3, v.filesChecked());
        assertEquals("2026-11-28T03-00-00Z", v.runId());
        assertEquals(SignatureStatus.UNSIGNED, v.signature().status(), "no key was given: it says so");
    }

    @Test
    void oneChangedByteIsFoundAndNamed() throws Exception {
        Path run = RunStoreTest.completeRun(RunStore.at(root), RunStoreTest.T0);
        Path file = run.resolve("reports/report.html");
        byte[] bytes = Files.readAllBytes(file);
        bytes[3] ^= 0x01; // same size, one bit of one byte
        Files.write(file, bytes);
        EvidenceVerifier.Verification v = EvidenceVerifier.verify(run);
        assertFalse(v.ok());
        assertEquals(List.of("reports/report.html"), v.changed());
        assertEquals(List.of(), v.added());
        assertEquals(List.of(), v.removed());
    }

    @Test
    void addedAndRemovedFilesAreNamed() throws Exception {
        Path run = RunStoreTest.completeRun(RunStore.at(root), RunStoreTest.T0);
        Files.delete(run.resolve("findings.json"));
        Files.writeString(run.resolve("extra.txt"), "planted");
        EvidenceVerifier.Verification v = EvidenceVerifier.verify(run);
        assertEquals(List.of("extra.txt"), v.added());
        assertEquals(List.of("findings.json"), v.removed());
        assertEquals(List.of(), v.changed());
    }

    @Test
    void aDirectoryWithoutManifestIsABadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> EvidenceVerifier.verify(root));
        assertTrue(e.getMessage().contains("not a run directory"), e.getMessage());
    }

    @Test
    void keygenWritesAnOwnerOnlyPrivateKeyAndThePublicKeyWhoseFingerprintTheRunNames() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("evidence.key"))));
        assertTrue(Files.readString(keys.resolve("evidence.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(publicKey, signer.publicKey(), "the public key is derived from the private key file alone");
        Path run = signedRun();
        assertEquals(Signing.publicKeyPem(publicKey), Files.readString(run.resolve(Manifest.PUBLIC_KEY_FILE)));
        Manifest m = Manifest.read(run);
        assertEquals(Signing.fingerprint(publicKey), m.integrity().keyFingerprint());
        assertEquals("SHA256withECDSA", m.integrity().signatureAlgorithm());
        assertEquals(Manifest.Chain.START, m.chain(), "the first run of a store starts the chain");
        BadInputException again = assertThrows(BadInputException.class,
                () -> Signing.keygen("ec", keys.resolve("evidence.key"), keys.resolve("x.pub.pem")));
        assertTrue(again.getMessage().contains("never overwrites"), again.getMessage());
    }

    @Test
    void aSignedRunVerifiesUnderThePinnedKeyAndUnderItsOwn() throws Exception {
        Path run = signedRun();
        Verification pinned = EvidenceVerifier.verify(run, publicKey);
        assertTrue(pinned.ok() && pinned.signed(), pinned.toString());
        assertTrue(pinned.signature().pinned());
        Verification own = EvidenceVerifier.verify(run);
        assertTrue(own.signed(), own.toString());
        assertFalse(own.signature().pinned(), "the run's own key proves less: it is said so");
        assertEquals(4, own.filesChecked(), "the three files and the public key");
    }

    @Test
    void anRsaKeySignsAsWell() throws Exception {
        Path run = RunStoreTest.completeRun(RunStore.at(root), RunStoreTest.T0, otherSigner, null);
        Verification v = EvidenceVerifier.verify(run, otherSigner.publicKey());
        assertTrue(v.signed(), v.toString());
        assertEquals("SHA256withRSA", v.signature().algorithm());
    }

    @ParameterizedTest
    @ValueSource(strings = {"collectionIssues", "sources", "toolVersion", "finishedAt", "timingsMillis", "configDigest"})
    void editingAManifestFieldIsNamedWhileTheSignatureStillProvesTheRecordedDigests(String field) throws Exception {
        Path run = signedRun();
        editManifest(run, m -> {
            switch (field) {
                case "collectionIssues" -> ((ArrayNode) m.get(field)).removeAll();
                case "sources" -> ((ObjectNode) m.get(field).get(0)).put("location", "https://other.okta.com");
                case "timingsMillis" -> ((ObjectNode) m.get(field)).put("collect", 1);
                default -> m.put(field, "2026-11-28T03:00:01Z");
            }
        });
        Verification v = EvidenceVerifier.verify(run, publicKey);
        assertFalse(v.ok(), v.toString());
        assertEquals(List.of(field), v.changedFields());
        assertEquals(SignatureStatus.VALID, v.signature().status(), "the digests it names are the signed ones");
        assertEquals(List.of(), v.changed());
    }

    @Test
    void aFieldAddedToTheManifestIsNamed() throws Exception {
        Path run = signedRun();
        editManifest(run, m -> m.put("approvedBy", "ciso"));
        Verification v = EvidenceVerifier.verify(run, publicKey);
        assertEquals(List.of("approvedBy (added)"), v.changedFields());
    }

    @Test
    void removingAFileTogetherWithItsEntryNamesTheFileList() throws Exception {
        Path run = signedRun();
        Files.delete(run.resolve("findings.json"));
        editManifest(run, m -> ((ArrayNode) m.get("files")).remove(0));
        Verification v = EvidenceVerifier.verify(run, publicKey);
        assertEquals(List.of("files"), v.changedFields());
        assertEquals(List.of(), v.removed(), "the folder and its list agree; the signed digest of the list does not");
        assertFalse(v.ok());
    }

    @Test
    void aDuplicateEntryIsRefused() throws Exception {
        Path run = signedRun();
        editManifest(run, m -> ((ArrayNode) m.get("files")).add(m.get("files").get(0).deepCopy()));
        Verification v = EvidenceVerifier.verify(run, publicKey);
        assertEquals(List.of("files: 'findings.json' is listed twice"), v.problems());
        assertEquals(List.of("files"), v.changedFields());
    }

    @Test
    void aSymlinkedFolderOfForeignFilesIsRefusedEvenWhenListed() throws Exception {
        Path run = signedRun();
        Path foreign = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(foreign.resolve("planted.json"), "{}");
        Files.createSymbolicLink(run.resolve("extra"), foreign);
        editManifest(run, m -> ((ArrayNode) m.get("files")).addObject().put("path", "extra/planted.json").put("size", 2)
                .put("sha256", Digests.sha256Hex("{}".getBytes(StandardCharsets.UTF_8))));
        Verification v = EvidenceVerifier.verify(run, publicKey);
        assertTrue(v.problems().stream().anyMatch(p -> p.startsWith("symlink: 'extra' points to " + foreign)), v.problems().toString());
        assertEquals(List.of("files"), v.changedFields());
        assertFalse(v.ok());
    }

    @Test
    void pathsOutsideTheRunAreRefused() throws Exception {
        Path run = RunStoreTest.completeRun(RunStore.at(root), RunStoreTest.T0);
        editManifest(run, m -> {
            ((ArrayNode) m.get("files")).addObject().put("path", "../elsewhere/x").put("size", 1).put("sha256", "00");
            ((ArrayNode) m.get("files")).addObject().put("path", "/etc/passwd").put("size", 1).put("sha256", "00");
        });
        Verification v = EvidenceVerifier.verify(run);
        assertEquals(List.of("files: '../elsewhere/x' is not a file inside the run", "files: '/etc/passwd' is not a file inside the run"),
                v.problems());
        assertFalse(v.ok());
    }

    @Test
    void aFakeRunWithNoFilesIsRefused() throws Exception {
        Path run = signedRun();
        for (String f : List.of("findings.json", "snapshot.json.gz", "reports/report.html", Manifest.PUBLIC_KEY_FILE)) {
            Files.delete(run.resolve(f));
        }
        editManifest(run, m -> {
            ((ArrayNode) m.get("files")).removeAll();
            m.remove("integrity");
        });
        Verification v = EvidenceVerifier.verify(run);
        assertTrue(v.problems().contains("files: the list is empty; a run holds at least its snapshot and findings"), v.problems().toString());
        assertTrue(v.problems().contains("integrity: missing from a version 2 manifest (removed)"), v.problems().toString());
        assertFalse(v.ok());
    }

    @Test
    void rewritingTheFieldDigestsToMatchAnEditBreaksTheSignature() throws Exception {
        Path run = signedRun();
        editManifest(run, m -> m.put("toolVersion", "6.6.6"));
        editManifest(run, m -> ((ObjectNode) m.get("integrity").get("fieldDigests")).put("toolVersion",
                Digests.sha256Hex(Digests.canonicalJson(m.get("toolVersion")))));
        Verification v = EvidenceVerifier.verify(run, publicKey);
        assertEquals(List.of(), v.changedFields());
        assertEquals(SignatureStatus.INVALID, v.signature().status());
        assertFalse(v.ok());
    }

    @Test
    void aRunReSignedWithAnotherKeyPassesOnlyUnderItsOwnKeyAndFailsUnderThePinnedOne() throws Exception {
        Path run = signedRun();
        // Whoever can write the folder rewrites the run, signs it with their key and puts their public key in.
        Path forged = RunStoreTest.completeRun(RunStore.at(root.resolve("forger")), RunStoreTest.T0, otherSigner, Manifest.Chain.START);
        Verification own = EvidenceVerifier.verify(forged);
        assertTrue(own.signed(), "the run's own key vouches for whatever signed it");
        Verification pinned = EvidenceVerifier.verify(forged, publicKey);
        assertEquals(SignatureStatus.WRONG_KEY, pinned.signature().status());
        assertTrue(pinned.signature().detail().contains(Signing.fingerprint(publicKey)), pinned.signature().detail());
        assertFalse(pinned.ok());
        assertTrue(EvidenceVerifier.verify(run, publicKey).signed());
    }

    @Test
    void aVersionOneManifestStillVerifiesAsUnsigned() throws Exception {
        Path run = Files.createDirectories(root.resolve("2026-01-05T03-00-00Z"));
        Files.writeString(run.resolve("findings.json"), "[]");
        Files.writeString(run.resolve(Manifest.FILE_NAME), """
                {"manifestVersion": 1, "runId": "2026-01-05T03-00-00Z", "toolVersion": "0.9.0",
                 "startedAt": "2026-01-05T03:00:00Z", "finishedAt": "2026-01-05T03:01:00Z", "rulePackDigest": "sha256:r",
                 "configDigest": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sources": [],
                 "timingsMillis": {}, "collectionIssues": [],
                 "files": [{"path": "findings.json", "size": 2, "sha256": "%s"}]}
                """.formatted(Digests.sha256Hex("[]".getBytes(StandardCharsets.UTF_8))));
        Verification v = EvidenceVerifier.verify(run);
        assertTrue(v.ok(), v.toString());
        assertEquals(SignatureStatus.UNSIGNED, v.signature().status());
        assertEquals(1, v.manifestVersion());
        assertNull(v.chain());
    }

    @Test
    void aDuplicateKeyInTheManifestIsRefused() throws Exception {
        Path run = signedRun();
        String json = Files.readString(run.resolve(Manifest.FILE_NAME));
        Files.writeString(run.resolve(Manifest.FILE_NAME), "{\"toolVersion\": \"6.6.6\"," + json.substring(json.indexOf('{') + 1));
        BadInputException e = assertThrows(BadInputException.class, () -> EvidenceVerifier.verify(run, publicKey));
        assertTrue(e.getMessage().contains("Duplicate field 'toolVersion'"), e.getMessage());
    }

    @Test
    void theConfigWithoutSecretsAndTheWaiversAreCopiedIntoTheRunAndHashed() throws Exception {
        Path config = root.resolve("idaudit.yaml");
        Files.writeString(config, "okta:\n  orgUrl: https://acme.okta.com\n  auth:\n    clientId: 0oa1\n    privateKeyFile: k.pem\n"
                + "aws:\n  region: us-east-1\n");
        Path waivers = root.resolve("waivers.yaml");
        Files.writeString(waivers, "waivers: []\n");
        Path run;
        try (RunWriter w = RunStore.at(root.resolve("store")).begin(RunStoreTest.T0)) {
            w.write("findings.json", "[]".getBytes(StandardCharsets.UTF_8));
            String configDigest = w.inputs(config, waivers);
            w.signWith(signer);
            run = w.commit(details(configDigest));
        }
        Manifest m = Manifest.read(run);
        String copy = Files.readString(run.resolve(Manifest.Inputs.CONFIG_FILE));
        assertTrue(copy.contains("\"orgUrl\" : \"https://acme.okta.com\"") && copy.contains("\"privateKeyFile\" : \"(redacted)\""), copy);
        assertEquals("sha256:" + Digests.sha256Hex(run.resolve(Manifest.Inputs.CONFIG_FILE)), m.configDigest());
        assertEquals("waivers: []\n", Files.readString(run.resolve(Manifest.Inputs.WAIVERS_FILE)));
        assertEquals("sha256:" + Digests.sha256Hex(waivers), m.waiversDigest());
        assertTrue(EvidenceVerifier.verify(run, publicKey).ok());

        Files.writeString(run.resolve(Manifest.Inputs.WAIVERS_FILE), "waivers: [{rule: x, resource: '*'}]\n");
        Verification v = EvidenceVerifier.verify(run, publicKey);
        assertEquals(List.of(Manifest.Inputs.WAIVERS_FILE), v.changed());
    }

    @Test
    void aRunWithoutConfigOrWaiversSaysSoInsteadOfHashingNothing() throws Exception {
        Path run;
        try (RunWriter w = RunStore.at(root).begin(RunStoreTest.T0)) {
            w.write("findings.json", "[]".getBytes(StandardCharsets.UTF_8));
            run = w.commit(details(w.inputs(null, null)));
        }
        Manifest m = Manifest.read(run);
        assertEquals(Manifest.NO_CONFIG, m.configDigest());
        assertEquals(Manifest.NO_WAIVERS, m.waiversDigest());
        assertEquals(new Manifest.Inputs(null, null), m.inputs());
        assertTrue(EvidenceVerifier.verify(run).ok());
        String emptyDigest = "sha256:" + Digests.sha256Hex(new byte[0]);
        editManifest(run, n -> n.put("configDigest", emptyDigest));
        Verification v = EvidenceVerifier.verify(run);
        assertTrue(v.problems().contains("configDigest: '" + emptyDigest + "' but the run holds no copy of that input"), v.problems().toString());
    }

    private static Manifest.Details details(String configDigest) {
        Manifest.Details d = RunStoreTest.details();
        return new Manifest.Details(d.toolVersion(), d.finishedAt(), d.rulePackDigest(), configDigest, d.sources(), d.collectionIssues());
    }
}
