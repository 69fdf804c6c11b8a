package dev.idaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterWaitTest {
    private static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");

    @Test
    void aWaitWithinTheCapIsWhatTheServerAsked() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), RetryAfterWait.of("2", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfterWait.of("Sat, 28 Nov 2026 03:01:30 GMT", NOW));
        assertEquals(Optional.of(RetryAfterWait.CAP), RetryAfterWait.of(String.valueOf(RetryAfterWait.CAP.toSeconds()), NOW));
    }

    @Test
    void aServerAskingForHoursIsWaitedTheCapOnly() {
        assertEquals(Optional.of(RetryAfterWait.CAP), RetryAfterWait.of("7200", NOW));
        assertEquals(Optional.of(RetryAfterWait.CAP), RetryAfterWait.of("Sun, 29 Nov 2026 03:00:00 GMT", NOW));
        assertEquals(Optional.of(RetryAfterWait.CAP), RetryAfterWait.of("99999999999999999999999", NOW), "even beyond a long");
        assertEquals(Optional.of(Duration.ofSeconds(1)), RetryAfterWait.of("3600", NOW, Duration.ofSeconds(1)));
    }

    @Test
    void noHeaderOrOneNotUnderstoodAsksForNoWait() {
        assertEquals(Optional.empty(), RetryAfterWait.of(null, NOW));
        assertEquals(Optional.empty(), RetryAfterWait.of("later", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfterWait.of("Sat, 28 Nov 2026 02:00:00 GMT", NOW), "a date passed means now");
    }
}
