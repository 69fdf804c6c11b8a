package dev.idaudit.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How hard the notifier tries. A notification is a courtesy: it must give up within a bounded
 * time so that a dead chat server cannot hold a run, however many retries were allowed.
 *
 * @param maxAttempts    attempts in all, the first included (at least 1)
 * @param initialBackoff the wait before the second attempt; each later wait doubles
 * @param maxBackoff     the longest computed wait (a server's Retry-After may ask for more)
 * @param jitter         the fraction of each wait that is random (0 = none, 1 = "full jitter"),
 *                       so that many jobs failing together do not retry in step
 * @param totalBudget    the time after which no further attempt starts, waits included
 * @param requestTimeout the longest one attempt may take (connect, send, read the response)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter,
                          Duration totalBudget, Duration requestTimeout) {

    /** Five attempts over at most two minutes: 1 s, 2 s, 4 s, 8 s between them, each up to half random. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(
            5, Duration.ofSeconds(1), Duration.ofSeconds(20), 0.5, Duration.ofMinutes(2), Duration.ofSeconds(15));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        for (Duration d : new Duration[] {initialBackoff, maxBackoff, totalBudget, requestTimeout}) {
            Objects.requireNonNull(d, "retry policy durations");
            if (d.isNegative()) {
                throw new IllegalArgumentException("retry policy durations must not be negative");
            }
        }
        if (requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
    }

    /**
     * The wait after failed attempt number {@code attempt} (1-based): exponential backoff capped
     * at {@link #maxBackoff}, of which the {@link #jitter} fraction is drawn at random.
     */
    public Duration backoffAfter(int attempt, RandomGenerator random) {
        long base = initialBackoff.toMillis();
        long capped = maxBackoff.toMillis();
        long exponential = base << Math.min(attempt - 1, 30);
        long delay = exponential < 0 || exponential > capped ? capped : exponential;
        long randomPart = (long) (delay * jitter);
        long fixedPart = delay - randomPart;
        return Duration.ofMillis(fixedPart + (randomPart == 0 ? 0 : random.nextLong(randomPart + 1)));
    }
}
