package dev.idaudit.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.util.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void backoffDoublesUpToTheCapWithoutJitter() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(5), 0, Duration.ofMinutes(1), Duration.ofSeconds(1));
        RandomGenerator r = RandomGenerator.of("L64X128MixRandom");
        assertEquals(Duration.ofSeconds(1), p.backoffAfter(1, r));
        assertEquals(Duration.ofSeconds(2), p.backoffAfter(2, r));
        assertEquals(Duration.ofSeconds(4), p.backoffAfter(3, r));
        assertEquals(Duration.ofSeconds(5), p.backoffAfter(4, r));
        assertEquals(Duration.ofSeconds(5), p.backoffAfter(80, r), "no overflow on a long run of failures");
    }

    @Test
    void jitterDrawsTheRandomPartWithinItsShareAndVaries() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(8), Duration.ofSeconds(8), 0.5, Duration.ofMinutes(1), Duration.ofSeconds(1));
        RandomGenerator r = RandomGenerator.of("L64X128MixRandom");
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 500; i++) {
            long ms = p.backoffAfter(1, r).toMillis();
            assertTrue(ms >= 4000 && ms <= 8000, ms + " ms is outside [4 s, 8 s]");
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertTrue(max - min > 2000, "waits spread out: " + min + ".." + max);
    }

    @Test
    void refusesPoliciesThatCouldNeverSendOrNeverStop() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.5, Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-28T03:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse(" 7 ", now));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sat, 28 Nov 2026 03:01:30 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sat, 28 Nov 2026 02:59:00 GMT", now), "a date in the past means now");
        assertEquals(Optional.empty(), RetryAfter.parse("soon", now));
        assertEquals(Optional.empty(), RetryAfter.parse(null, now));
        assertTrue(RetryAfter.parse("99999999999999999999999", now).orElseThrow().toDays() > 365, "a huge value is huge, not an error");
    }
}
