package dev.idaudit.collect;

import dev.idaudit.util.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a collector waits when an answer carries {@code Retry-After} (a 429, or a 503 from a
 * load balancer): what the server asks, up to {@link #CAP}. Both collectors follow it, each
 * holding the rate-limit bucket of the call that was answered so.
 */
public final class RetryAfterWait {
    /**
     * The longest a server can make one call wait. Twice the longest rate-limit window either
     * vendor uses (Okta's buckets are per minute; AWS throttling backs off for seconds), so a
     * server that is honestly asking for its window to pass is always obeyed; a server asking for
     * hours (a misconfigured load balancer, a maintenance page) is retried after two minutes
     * instead, and a call still gives up after its usual number of attempts, so a weekly audit is
     * delayed by minutes at worst, never stalled.
     */
    public static final Duration CAP = Duration.ofSeconds(120);

    private RetryAfterWait() {}

    /** The wait the header asks for, at most {@link #CAP}; empty when there is no header or it is not understood. */
    public static Optional<Duration> of(String header, Instant now) {
        return of(header, now, CAP);
    }

    /** The wait the header asks for, at most {@code cap} (tests use a short one). */
    public static Optional<Duration> of(String header, Instant now, Duration cap) {
        return RetryAfter.parse(header, now).map(asked -> asked.compareTo(cap) > 0 ? cap : asked);
    }
}
