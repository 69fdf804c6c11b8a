package dev.idaudit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrafficTest {
    private static JsonNode yaml(String text) throws Exception {
        return Json.yaml().readTree(text);
    }

    @Test
    void readsLimitsTimeScaleLatencyAndFaultsKeepingTheRestDocumented() throws Exception {
        Traffic t = Traffic.read(yaml("""
                rateLimited: true
                timeScale: 10
                latencyMillis: 50
                okta: {apps: 50}
                aws: {identity-center: 5}
                faults:
                  - {side: aws, kind: access_denied, account: "222222222222", times: -1}
                  - {side: okta, kind: REPEAT_CURSOR, operation: /api/v1/groups}
                  - {side: aws, kind: ERROR_503, operation: ListUsers, retryAfterSeconds: 2}
                """), Traffic.NONE, "scenario x");
        assertTrue(t.rateLimited());
        assertEquals(10, t.timeScale());
        assertEquals(Duration.ofMillis(5), t.scaledLatency(), "latency runs time-scaled too");
        assertEquals(50, t.oktaPerMinute().get("apps"));
        assertEquals(600, t.oktaPerMinute().get("users"), "buckets not named keep Okta's documented rate");
        assertEquals(5.0, t.awsPerSecond().get("identity-center"));
        assertEquals(Traffic.FaultKind.ACCESS_DENIED, t.faults().get(0).kind());
        assertEquals(-1, t.faults().get(0).times());
        assertEquals("/api/v1/groups", t.faults().get(1).operation());
        assertEquals(1, t.faults().get(1).times(), "a fault spoils one call unless told otherwise");
        assertEquals(0, t.faults().get(1).retryAfterSeconds(), "no Retry-After unless told");
        assertEquals(2, t.faults().get(2).retryAfterSeconds());
    }

    @Test
    void aNegativeOrFractionalRetryAfterIsAClearError() {
        BadInputException negative = assertThrows(BadInputException.class, () -> Traffic.read(
                yaml("faults: [{side: okta, kind: ERROR_503, retryAfterSeconds: -1}]"), Traffic.NONE, "scenario x"));
        assertTrue(negative.getMessage().startsWith("scenario x: traffic.faults[].retryAfterSeconds"), negative.getMessage());
        assertTrue(negative.getMessage().contains("got -1"), negative.getMessage());
        BadInputException fractional = assertThrows(BadInputException.class, () -> Traffic.read(
                yaml("faults: [{side: okta, kind: ERROR_503, retryAfterSeconds: 1.5}]"), Traffic.NONE, "scenario x"));
        assertTrue(fractional.getMessage().contains("got 1.5"), fractional.getMessage());
        assertThrows(BadInputException.class, () -> new Traffic.Fault("aws", Traffic.FaultKind.ERROR_503, "*", null, 1, null, -5));
    }

    @Test
    void noTrafficSectionMeansNoLimits() {
        assertFalse(Scenario.load("acme").settings().traffic().rateLimited());
    }

    @Test
    void anUnknownBucketOrFaultKindIsAClearError() {
        BadInputException bucket = assertThrows(BadInputException.class,
                () -> Traffic.read(yaml("okta: {applications: 5}"), Traffic.NONE, "scenario x"));
        assertTrue(bucket.getMessage().contains("unknown bucket applications"), bucket.getMessage());
        BadInputException kind = assertThrows(BadInputException.class,
                () -> Traffic.read(yaml("faults: [{side: aws, kind: EXPLODE}]"), Traffic.NONE, "scenario x"));
        assertTrue(kind.getMessage().contains("EXPLODE"), kind.getMessage());
        assertThrows(BadInputException.class, () -> Traffic.read(yaml("timeScale: 0"), Traffic.NONE, "scenario x"));
    }
}
