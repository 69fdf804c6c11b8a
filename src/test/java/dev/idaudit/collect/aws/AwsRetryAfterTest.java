package dev.idaudit.collect.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.Faults;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.sandbox.Traffic.Fault;
import dev.idaudit.sandbox.Traffic.FaultKind;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.CollectionIssue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.identitystore.model.IdentitystoreException;

/**
 * A 503 that carries Retry-After, met through the AWS SDK's clients: the call's retry reaches the
 * server no sooner than the time the server named (by the server's own clock), a Retry-After
 * beyond the cap is waited the cap only, and the bucket stays held for the calls that follow.
 */
class AwsRetryAfterTest {
    private static final String STORE = "d-acme000001";
    private static final Scenario ACME = Scenario.load("acme").withSettings(new Scenario.Settings(200, 2));

    private static AwsEmulator emulator(Fault... faults) {
        return AwsEmulator.start(ACME.withSettings(ACME.settings().withTraffic(Traffic.NONE.withFaults(List.of(faults)))));
    }

    private static AwsCollector collector(AwsEmulator emulator, Issues issues) {
        var config = new AwsConfig(null, emulator.region(), emulator.endpoint(), null, null, null, null);
        return AwsCollector.withStaticKeys(config, "AKIAIDAUDITTEST00001", Secret.of("not-checked-by-the-sandbox"), Progress.SILENT, issues);
    }

    private static List<CollectionIssue> cleanIssues() {
        try (AwsEmulator clean = emulator()) {
            Issues issues = new Issues();
            collector(clean, issues).collect();
            return issues.list();
        }
    }

    @Test
    void aRetryAfterOnA503HoldsTheRetryUntilThenAndTheCollectionIsComplete() {
        List<CollectionIssue> clean = cleanIssues();
        // ListUsers is Identity Center's bucket, ListRoots Organizations': the hold of one cannot delay the other.
        try (AwsEmulator emulator = emulator(new Fault("aws", FaultKind.ERROR_503, "ListUsers", null, 1, null, 2),
                new Fault("aws", FaultKind.ERROR_503, "ListRoots", null, 1, null))) {
            Issues issues = new Issues();
            AwsSnapshot snapshot = collector(emulator, issues).collect();

            assertEquals(clean, issues.list(), "both 503s were retried to success");
            assertTrue(!snapshot.identityCenter().users().isEmpty() && !snapshot.accounts().isEmpty());
            Faults.Fired withRetryAfter = fired(emulator, "ListUsers");
            Duration held = gapToRetry(emulator, withRetryAfter);
            assertTrue(held.compareTo(Duration.ofSeconds(2)) >= 0,
                    "the retry reached the server " + held.toMillis() + " ms after the 503, not before its Retry-After of 2 s");
            // The SDK's first backoff is at most 200 ms: ten times short of the Retry-After above.
            Duration backoff = gapToRetry(emulator, fired(emulator, "ListRoots"));
            assertTrue(backoff.compareTo(Duration.ofSeconds(2)) < 0,
                    "without Retry-After the retry went after the SDK's backoff alone, " + backoff.toMillis() + " ms");
        }
    }

    /**
     * The SDK itself would sleep for a Retry-After of an hour before retrying: the collector hands
     * it the capped wait instead (here a one-second cap, so that the test does not wait two minutes).
     */
    @Test
    // A guard against the hour, in its own thread (the collector's join would outlast an interrupt); asserts nothing about speed.
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRetryAfterBeyondTheCapIsWaitedTheCapOnly() {
        try (AwsEmulator emulator = emulator(new Fault("aws", FaultKind.ERROR_503, "ListUsers", null, 1, null, 3600))) {
            Issues issues = new Issues();
            collector(emulator, issues).retryAfterCap(Duration.ofSeconds(1)).collect();

            assertTrue(issues.list().stream().noneMatch(i -> i.api().endsWith("ListUsers")), issues.list().toString());
            Duration held = gapToRetry(emulator, fired(emulator, "ListUsers"));
            assertTrue(held.compareTo(Duration.ofSeconds(1)) >= 0, "the retry waited the cap: " + held.toMillis() + " ms");
        }
    }

    /**
     * The hold is the bucket's, not only the call's: once a call has spent its attempts on 503s
     * with Retry-After, the next call of the same bucket (Identity Center: identitystore and
     * sso-admin) still waits out the last one, though the SDK has no retry of its own to sleep for.
     */
    @Test
    void theNextCallOfTheBucketWaitsOutTheLastRetryAfter() {
        try (AwsEmulator emulator = emulator(new Fault("aws", FaultKind.ERROR_503, "ListUsers", null, -1, null, 1));
             ClientFactory clients = new ClientFactory(Region.of(emulator.region()), emulator.endpoint(), Progress.SILENT,
                     AwsCollector.documentedPacer(1), Duration.ofSeconds(30));
             IdentitystoreClient identityStore = clients.build(IdentitystoreClient.builder(),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIDAUDITTEST00001", "not-checked")), "aws")) {
            IdentitystoreException failed = assertThrows(IdentitystoreException.class, () -> identityStore.listUsers(r -> r.identityStoreId(STORE)));
            assertEquals(503, failed.statusCode());
            List<Faults.Fired> fired = emulator.faultsFired();
            assertEquals(ClientFactory.MAX_ATTEMPTS, fired.size(), "every attempt met the 503: " + fired);

            identityStore.listGroups(r -> r.identityStoreId(STORE));
            Instant lastRefusal = fired.get(fired.size() - 1).at();
            AwsEmulator.Call next = emulator.calls().stream().filter(c -> c.operation().equals("ListGroups")).findFirst().orElseThrow();
            Duration held = Duration.between(lastRefusal, next.receivedAt());
            assertTrue(held.compareTo(Duration.ofSeconds(1)) >= 0,
                    "the next call of the bucket reached the server " + held.toMillis() + " ms after the last Retry-After of 1 s");
        }
    }

    private static Faults.Fired fired(AwsEmulator emulator, String operation) {
        return emulator.faultsFired().stream().filter(f -> f.operation().equals(operation)).findFirst()
                .orElseThrow(() -> new AssertionError(operation + " was not spoiled: " + emulator.faultsFired()));
    }

    /** From when the fault spoiled a call to when the same operation next reached the server: the retry. */
    private static Duration gapToRetry(AwsEmulator emulator, Faults.Fired fired) {
        AwsEmulator.Call retry = emulator.calls().stream()
                .filter(c -> c.operation().equals(fired.operation()) && c.receivedAt().isAfter(fired.at()))
                .findFirst().orElseThrow(() -> new AssertionError("no retry of " + fired.operation()));
        return Duration.between(fired.at(), retry.receivedAt());
    }
}
