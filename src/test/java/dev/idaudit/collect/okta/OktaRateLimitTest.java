package dev.idaudit.collect.okta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Okta's rate limits, met through okta-sdk-java: a 429 is followed by waiting until the bucket's
 * X-Rate-Limit-Reset and then the same call again, and the collection still finishes complete.
 * The sandbox runs 60 times faster (one-second windows), so the test waits at most a second or two.
 */
class OktaRateLimitTest {
    private static final int USERS_PER_WINDOW = 3;

    private static Scenario limited() {
        Scenario acme = Scenario.load("acme");
        Map<String, Integer> buckets = new HashMap<>(Traffic.OKTA_BUCKETS);
        buckets.put("users", USERS_PER_WINDOW);
        Traffic traffic = new Traffic(60, true, buckets, Traffic.OKTA_CONCURRENT, Traffic.AWS_BUCKETS, java.time.Duration.ZERO, List.of());
        // Pages of two users: the users bucket is spent within the collection itself, too.
        return acme.withSettings(new Scenario.Settings(2, 100, traffic));
    }

    private static OktaConfig config(OktaEmulator emulator) {
        return new OktaConfig(emulator.baseUrl(), Secret.of(OktaEmulator.API_TOKEN), null, null, null, null, null);
    }

    @Test
    void a429IsFollowedByWaitingUntilResetAndTheCallAgain() throws Exception {
        try (OktaEmulator emulator = OktaEmulator.start(limited())) {
            OktaSnapshot unlimited;
            try (OktaEmulator free = OktaEmulator.start(Scenario.load("acme").withSettings(new Scenario.Settings(2, 100)))) {
                unlimited = new OktaCollector(config(free), Progress.SILENT, new Issues()).collect();
            }
            // Someone else spends the users bucket first, so the collector's first call meets a 429.
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> answer;
            do {
                answer = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/v1/users?limit=1"))
                        .header("Authorization", "SSWS " + OktaEmulator.API_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            } while (answer.statusCode() != 429);
            // Okta's own answer: E0000047 and the bucket's headers, Remaining 0 until Reset
            assertEquals("E0000047", Json.json().readTree(answer.body()).path("errorCode").asText());
            assertEquals(String.valueOf(USERS_PER_WINDOW), answer.headers().firstValue("X-Rate-Limit-Limit").orElseThrow());
            assertEquals("0", answer.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
            assertTrue(answer.headers().firstValue("X-Rate-Limit-Reset").isPresent());

            Issues issues = new Issues();
            OktaCollector collector = new OktaCollector(config(emulator), Progress.SILENT, issues);
            OktaSnapshot snapshot = collector.collect();

            assertEquals(List.of(), issues.list(), "every rate-limited call was retried");
            // (ids: each emulator resolves the scenario's relative times against its own start)
            assertEquals(unlimited.users().stream().map(OktaSnapshot.User::id).toList(),
                    snapshot.users().stream().map(OktaSnapshot.User::id).toList(), "no user is missing or twice");
            List<OktaRateLimiter.Event> events = collector.rateLimitEvents();
            assertTrue(events.stream().anyMatch(e -> e.kind().equals("429")), "the spent bucket answered 429: " + events);
            for (int i = 0; i < events.size(); i++) {
                OktaRateLimiter.Event e = events.get(i);
                if (!e.kind().equals("429")) {
                    continue;
                }
                OktaRateLimiter.Event next = events.get(i + 1);
                assertEquals("resumed", next.kind(), "a 429 is followed by waiting: " + events);
                assertEquals(e.bucket(), next.bucket());
                assertEquals(e.resetEpochSecond(), next.resetEpochSecond(), "it waits for the Reset the 429 gave");
                assertTrue(next.atEpochMillis() >= e.resetEpochSecond() * 1000, "the call goes again only once Reset has passed: " + events);
            }
            int usersCalls = collector.callsPerBucket().get("users");
            long refused = events.stream().filter(e -> e.kind().equals("429")).count();
            assertTrue(refused < usersCalls, "the collector paces itself on X-Rate-Limit-Remaining instead of meeting 429 after 429");
        }
    }
}
