package dev.idaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.testing.MotoServer;
import dev.idaudit.util.BadInputException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import java.security.PublicKey;

/** The S3 evidence store through the real SDK client against moto_server on loopback. */
class S3RunStoreTest {
    static MotoServer moto;
    static S3Client s3;
    static KmsClient kms;

    @TempDir Path tmp;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        s3 = S3Client.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
        s3.createBucket(b -> b.bucket("locked").objectLockEnabledForBucket(true));
        s3.createBucket(b -> b.bucket("plain"));
        kms = KmsClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (kms != null) {
            kms.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private Path localRun(Instant started) throws Exception {
        return RunStoreTest.completeRun(RunStore.at(tmp.resolve("local")), started);
    }

    @Test
    void uploadsRunsWithObjectLockAndFindsThePreviousOne() throws Exception {
        S3RunStore store = new S3RunStore(s3, S3RunStore.Location.parse("s3://locked/audits/acme"), 30);
        Path first = localRun(RunStoreTest.T0);
        Path second = localRun(RunStoreTest.T0.plus(Duration.ofDays(7)));
        URI where = store.upload(first);
        store.upload(second);
        assertEquals(URI.create("s3://locked/audits/acme/2026-11-28T03-00-00Z/"), where);

        // half an upload (no manifest) is not a run
        s3.putObject(b -> b.bucket("locked").key("audits/acme/2026-12-31T00-00-00Z/snapshot.json.gz"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("partial"));

        assertEquals(List.of("2026-11-28T03-00-00Z", "2026-12-05T03-00-00Z"), store.runIds());
        assertEquals(Optional.of("2026-12-05T03-00-00Z"), store.latest());
        assertEquals(Optional.of("2026-11-28T03-00-00Z"), store.previous("2026-12-05T03-00-00Z"));

        for (String key : List.of("findings.json", "reports/report.html", "manifest.json")) {
            var head = s3.headObject(b -> b.bucket("locked").key("audits/acme/2026-11-28T03-00-00Z/" + key));
            assertEquals(ObjectLockMode.COMPLIANCE, head.objectLockMode(), key);
            Instant expected = Instant.now().plus(Duration.ofDays(30));
            assertTrue(Duration.between(head.objectLockRetainUntilDate(), expected).abs().compareTo(Duration.ofHours(1)) < 0,
                    head.objectLockRetainUntilDate().toString());
        }
    }

    @Test
    void aDownloadedRunVerifies() throws Exception {
        S3RunStore store = new S3RunStore(s3, S3RunStore.Location.parse("s3://plain/verify"), null);
        store.upload(localRun(RunStoreTest.T0.plus(1, ChronoUnit.HOURS)));
        Path copy = store.download("2026-11-28T04-00-00Z", tmp.resolve("downloaded"));
        EvidenceVerifier.Verification v = EvidenceVerifier.verify(copy);
        assertTrue(v.ok(), v.toString());
        assertEquals(3, v.filesChecked());
        assertEquals("<html></html>", Files.readString(copy.resolve("reports/report.html"), StandardCharsets.UTF_8));
    }

    @Test
    void retentionOnABucketWithoutObjectLockIsAClearError() throws Exception {
        S3RunStore store = new S3RunStore(s3, S3RunStore.Location.parse("s3://plain/x"), 30);
        Path run = localRun(RunStoreTest.T0);
        BadInputException e = assertThrows(BadInputException.class, () -> store.upload(run));
        assertTrue(e.getMessage().contains("does not have S3 Object Lock enabled"), e.getMessage());
        assertEquals(List.of(), store.runIds(), "nothing was uploaded");
    }

    /** A run filed the way {@code run} files one in S3: written locally, linked to the newest run in S3, uploaded. */
    private Path uploadRun(S3RunStore store, Instant started, Signing.Signer signer) throws Exception {
        String runId = RunStore.RUN_ID.format(started.truncatedTo(ChronoUnit.SECONDS));
        Path run = RunStoreTest.completeRun(RunStore.at(tmp.resolve("staging-" + runId)), started, signer, store.chain(runId));
        store.upload(run);
        return run;
    }

    private String createKey(KeySpec spec) {
        return kms.createKey(b -> b.keyUsage(KeyUsageType.SIGN_VERIFY).keySpec(spec)).keyMetadata().arn();
    }

    @Test
    void aStoreInS3SignedWithAKmsKeyVerifiesAndADeletedOrEditedRunIsNamed() throws Exception {
        String keyArn = createKey(KeySpec.ECC_NIST_P256);
        KmsSigner signer = new KmsSigner(kms, keyArn);
        assertEquals(keyArn, signer.kmsKeyId());
        PublicKey published = Signing.publicKey(kms.getPublicKey(b -> b.keyId(keyArn)).publicKey().asByteArray(), "test");
        S3RunStore store = new S3RunStore(s3, S3RunStore.Location.parse("s3://plain/chain"), null);
        for (int week = 0; week < 3; week++) {
            uploadRun(store, RunStoreTest.T0.plus(Duration.ofDays(7L * week)), signer);
        }
        EvidenceVerifier.StoreVerification sv = EvidenceVerifier.verifyStore(store.downloadAll(tmp.resolve("all")), published);
        assertTrue(sv.ok() && sv.allSigned(), sv.toString());
        Manifest second = Manifest.read(tmp.resolve("all/2026-12-05T03-00-00Z"));
        assertEquals(keyArn, second.integrity().kmsKeyId());
        assertEquals("2026-11-28T03-00-00Z", second.chain().previousRunId());
        // KMS's own Verify agrees with the local check: the signature is over the statement, sent RAW.
        assertTrue(kms.verify(b -> b.keyId(keyArn).message(SdkBytes.fromByteArray(Seal.statement(
                Manifest.readTree(Manifest.bytes(tmp.resolve("all/2026-12-05T03-00-00Z")), "m").get("integrity"))))
                .messageType(MessageType.RAW).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                .signature(SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(second.integrity().signature())))).signatureValid());

        // Someone who may write the bucket edits the first run's manifest and deletes the second run.
        String firstManifest = "chain/2026-11-28T03-00-00Z/manifest.json";
        String edited = s3.getObjectAsBytes(b -> b.bucket("plain").key(firstManifest)).asUtf8String().replace("\"toolVersion\" : \"1.2.3\"",
                "\"toolVersion\" : \"1.2.4\"");
        s3.putObject(b -> b.bucket("plain").key(firstManifest), software.amazon.awssdk.core.sync.RequestBody.fromString(edited));
        for (String key : s3.listObjectsV2(b -> b.bucket("plain").prefix("chain/2026-12-05T03-00-00Z/")).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList()) {
            s3.deleteObject(b -> b.bucket("plain").key(key));
        }
        EvidenceVerifier.StoreVerification after = EvidenceVerifier.verifyStore(store.downloadAll(tmp.resolve("after")), published);
        assertEquals(List.of("toolVersion"), after.runs().get(0).changedFields());
        assertEquals(List.of("run 2026-12-05T03-00-00Z is missing: run 2026-12-12T03-00-00Z links to it (deleted); "
                + "run 2026-11-28T03-00-00Z is in its place"), after.chainProblems());
        assertFalse(after.ok());
    }

    @Test
    void anRsaKmsKeySignsAndAKeyThatCannotSignIsRefused() throws Exception {
        String rsa = createKey(KeySpec.RSA_2048);
        KmsSigner signer = new KmsSigner(kms, rsa);
        assertEquals(Signing.RSA, signer.algorithm());
        Path run = RunStoreTest.completeRun(RunStore.at(tmp.resolve("rsa")), RunStoreTest.T0, signer, null);
        assertTrue(EvidenceVerifier.verify(run, signer.publicKey()).signed());

        String symmetric = kms.createKey(b -> b.keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata().arn();
        BadInputException e = assertThrows(BadInputException.class, () -> new KmsSigner(kms, symmetric));
        assertTrue(e.getMessage().contains("SIGN_VERIFY"), e.getMessage());
    }

    @Test
    void evidenceVerifyStoreReadsAnS3StoreWithTheConfigsAwsSettingsAndNamesADeletedRun() throws Exception {
        S3RunStore store = new S3RunStore(s3, S3RunStore.Location.parse("s3://plain/cli"), null);
        uploadRun(store, RunStoreTest.T0, null);
        uploadRun(store, RunStoreTest.T0.plus(Duration.ofDays(7)), null);
        Path config = tmp.resolve("idaudit.yaml");
        Files.writeString(config, "aws:\n  region: us-east-1\n  endpointUrl: " + moto.endpoint() + "\n");
        String[] verify = {"evidence", "verify", "--store", "s3://plain/cli", "--config", config.toString()};
        // The CLI's S3 client takes its credentials from the SDK's default chain: moto's test keys, for a while.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int ok = dev.idaudit.cli.Main.run(new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err, verify);
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, ok, text);
            assertTrue(text.contains("UNSIGNED 2026-11-28T03-00-00Z") && text.contains("OK store s3://plain/cli: 2 runs, 0 chain problems, "
                    + "2 not signed"), text);

            for (var o : s3.listObjectsV2(b -> b.bucket("plain").prefix("cli/2026-11-28T03-00-00Z/")).contents()) {
                s3.deleteObject(b -> b.bucket("plain").key(o.key()));
            }
            out.reset();
            int broken = dev.idaudit.cli.Main.run(new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err, verify);
            text = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, broken, text);
            assertTrue(text.contains("chain: run 2026-11-28T03-00-00Z is missing: run 2026-12-05T03-00-00Z links to it (deleted)"), text);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void parsesLocations() {
        assertEquals(new S3RunStore.Location("bucket", "a/b/"), S3RunStore.Location.parse("s3://bucket/a/b"));
        assertEquals(new S3RunStore.Location("bucket", ""), S3RunStore.Location.parse("s3://bucket"));
        assertThrows(BadInputException.class, () -> S3RunStore.Location.parse("s3://Bad_Bucket/x"));
        assertThrows(BadInputException.class, () -> S3RunStore.Location.parse("/local/dir"));
    }
}
