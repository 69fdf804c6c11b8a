package dev.idaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacerTest {
    private static final Duration HOLD = Duration.ofMillis(300);

    @Test
    void aHeldBucketGivesNoSlotBeforeTheHoldEnds() {
        Pacer pacer = new Pacer(Map.of(), 1000);
        pacer.acquire("iam:1");
        long start = System.nanoTime();
        pacer.holdFor("iam:1", HOLD);
        pacer.acquire("iam:1");
        assertTrue(System.nanoTime() - start >= HOLD.toNanos(), "the next slot waited for the hold");
        assertEquals(Map.of("iam:1", 2), pacer.callsPerBucket());
    }

    @Test
    void aShorterHoldDoesNotShortenOneInPlaceAndAwaitingTakesNoSlot() {
        Pacer pacer = new Pacer(Map.of(), 1000);
        long start = System.nanoTime();
        pacer.holdFor("sts", HOLD);
        pacer.holdFor("sts", Duration.ofMillis(1));
        pacer.awaitHold("sts");
        assertTrue(System.nanoTime() - start >= HOLD.toNanos(), "the longer hold stands");
        assertEquals(Map.of(), pacer.callsPerBucket(), "waiting for a hold is not a call");
    }
}
