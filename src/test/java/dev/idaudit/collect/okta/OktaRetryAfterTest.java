package dev.idaudit.collect.okta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.Faults;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.sandbox.Traffic.Fault;
import dev.idaudit.sandbox.Traffic.FaultKind;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.snapshot.OktaSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 503 that carries Retry-After, met through okta-sdk-java: the call goes again only once the
 * time the server named has passed (by the server's own clock of what it received), and the
 * collection is complete. A 503 without it is retried after the usual short backoff.
 */
class OktaRetryAfterTest {
    private static final int RETRY_AFTER_SECONDS = 2;
    /** Two different buckets (groups, apps), so that the hold of one cannot delay the other. */
    private static final String WITH_RETRY_AFTER = "/api/v1/groups";
    private static final String WITHOUT = "/api/v1/apps";

    @Test
    void aRetryAfterOnA503HoldsTheRetryUntilThenAndNothingIsLost() {
        Scenario acme = Scenario.load("acme").withSettings(new Scenario.Settings(2, 100));
        OktaSnapshot clean;
        try (OktaEmulator free = OktaEmulator.start(acme)) {
            clean = new OktaCollector(config(free), Progress.SILENT, new Issues()).collect();
        }
        List<Fault> faults = List.of(
                new Fault("okta", FaultKind.ERROR_503, WITH_RETRY_AFTER, null, 1, null, RETRY_AFTER_SECONDS),
                new Fault("okta", FaultKind.ERROR_503, WITHOUT, null, 1, null));
        try (OktaEmulator emulator = OktaEmulator.start(acme.withSettings(acme.settings().withTraffic(Traffic.NONE.withFaults(faults))))) {
            Issues issues = new Issues();
            OktaSnapshot snapshot = new OktaCollector(config(emulator), Progress.SILENT, issues).collect();

            assertEquals(List.of(), issues.list(), "both 503s were retried to success");
            assertEquals(clean.groups().stream().map(OktaSnapshot.Group::id).toList(),
                    snapshot.groups().stream().map(OktaSnapshot.Group::id).toList(), "no group is missing or twice");
            assertEquals(clean.apps().stream().map(OktaSnapshot.App::id).toList(),
                    snapshot.apps().stream().map(OktaSnapshot.App::id).toList(), "no app is missing or twice");

            List<Faults.Fired> fired = emulator.faultsFired();
            assertEquals(2, fired.size(), fired.toString());
            Duration held = gapToRetry(emulator, fired.get(0));
            assertTrue(held.compareTo(Duration.ofSeconds(RETRY_AFTER_SECONDS)) >= 0,
                    "the retry reached the server " + held.toMillis() + " ms after the 503, not before the Retry-After");
            Duration backoff = gapToRetry(emulator, fired.get(1));
            // The first backoff is at most 200 ms: ten times short of the Retry-After above.
            assertTrue(backoff.compareTo(Duration.ofSeconds(RETRY_AFTER_SECONDS)) < 0,
                    "without Retry-After the retry went after the backoff alone, " + backoff.toMillis() + " ms");
        }
    }

    /** A 429 whose Retry-After names a later time than its X-Rate-Limit-Reset: the later wins. */
    @Test
    void aRetryAfterLaterThanTheResetOfA429Wins() {
        OktaRateLimiter limiter = new OktaRateLimiter(System::currentTimeMillis);
        long answeredAt = System.currentTimeMillis();
        Map<String, List<String>> headers = Map.of("X-Rate-Limit-Reset", List.of(String.valueOf(answeredAt / 1000)),
                "X-Rate-Limit-Remaining", List.of("0"), "retry-after", List.of("1"));
        limiter.followRetryAfter("users", headers);
        limiter.rateLimited("users", headers);
        limiter.beforeCall("users");
        long waited = System.currentTimeMillis() - answeredAt;
        assertTrue(waited >= 1000, "the call waited for the Retry-After, not only the Reset already passed: " + waited + " ms");
        assertEquals(Map.of("users", 1), limiter.calls());
    }

    /** From when the fault spoiled a call to when the same path next reached the server: the retry. */
    private static Duration gapToRetry(OktaEmulator emulator, Faults.Fired fired) {
        OktaEmulator.Received retry = emulator.received().stream()
                .filter(r -> r.path().equals(fired.operation()) && r.at().isAfter(fired.at()))
                .findFirst().orElseThrow(() -> new AssertionError("no retry of " + fired.operation() + ": " + emulator.received()));
        return Duration.between(fired.at(), retry.at());
    }

    private static OktaConfig config(OktaEmulator emulator) {
        return new OktaConfig(emulator.baseUrl(), Secret.of(OktaEmulator.API_TOKEN), null, null, null, null, null);
    }
}
