package dev.idaudit.collect.okta;

import dev.idaudit.collect.RetryAfterWait;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Okta's rate limits seen from the client: for each endpoint bucket it remembers what the last
 * answer said ({@code X-Rate-Limit-Limit/Remaining/Reset}) and holds a call while the bucket is
 * spent, until the Reset second has passed, as Okta asks clients to do. A 429 is followed the
 * same way. An answer with Retry-After (a 429, or a 503 from a load balancer in front of Okta)
 * holds its bucket until then, at most {@link RetryAfterWait#CAP}; when both apply, the later
 * wins. Okta's buckets are per endpoint family, so a spent bucket does not hold the others.
 */
final class OktaRateLimiter {

    /** What happened, in order: a 429 ({@code resetEpochSecond} set) or a call sent after waiting. */
    record Event(String kind, String bucket, long resetEpochSecond, long atEpochMillis) {}

    private record State(int remaining, long resetEpochSecond) {}

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Per bucket, the epoch millisecond before which a server asked (Retry-After) not to be called. */
    private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final LongSupplier clock;

    OktaRateLimiter(LongSupplier epochMillis) {
        this.clock = epochMillis;
    }

    /**
     * Okta's bucket of a path: all of /api/v1/apps*, GET /api/v1/users, GET /api/v1/groups,
     * /api/v1/groups/{id}/*; anything else "other". Okta's documented table, written out on
     * both sides of the wire on purpose: here and in dev.idaudit.sandbox.okta.OktaRateLimits (the sandbox
     * and the collector share no code, so that the collector is tested against the vendor's
     * rules, not against itself).
     */
    static String bucketOf(String path) {
        if (path.equals("/api/v1/apps") || path.startsWith("/api/v1/apps/")) {
            return "apps";
        }
        if (path.equals("/api/v1/users")) {
            return "users";
        }
        if (path.equals("/api/v1/groups")) {
            return "groups";
        }
        if (path.startsWith("/api/v1/groups/")) {
            return "group";
        }
        return "other";
    }

    /** Before a call: waits while the bucket is held or known to be spent, then counts the call. */
    void beforeCall(String bucket) {
        Long held = heldUntil.get(bucket);
        if (held != null) {
            sleepUntil(held, "a server's Retry-After");
        }
        State state = states.get(bucket);
        if (state != null && state.remaining() <= 0) {
            waitForReset(bucket, state.resetEpochSecond());
        }
        calls.computeIfAbsent(bucket, b -> new AtomicInteger()).incrementAndGet();
    }

    /** After an answer (any status): remembers the bucket's headers. */
    void afterAnswer(String bucket, Map<String, List<String>> headers) {
        Long remaining = header(headers, "X-Rate-Limit-Remaining");
        Long reset = header(headers, "X-Rate-Limit-Reset");
        if (remaining != null && reset != null) {
            states.put(bucket, new State(remaining.intValue(), reset));
        }
    }

    /** After a 429: the bucket is spent until its Reset (or a second from now when no header says). */
    void rateLimited(String bucket, Map<String, List<String>> headers) {
        Long reset = header(headers, "X-Rate-Limit-Reset");
        long resetSecond = reset != null ? reset : clock.getAsLong() / 1000 + 1;
        states.put(bucket, new State(0, resetSecond));
        record(new Event("429", bucket, resetSecond, clock.getAsLong()));
    }

    /** After a failed answer: its Retry-After, if any, holds the bucket until then (capped). */
    void followRetryAfter(String bucket, Map<String, List<String>> headers) {
        long now = clock.getAsLong();
        RetryAfterWait.of(text(headers, "Retry-After"), Instant.ofEpochMilli(now))
                .ifPresent(wait -> heldUntil.merge(bucket, now + wait.toMillis(), Math::max));
    }

    private void waitForReset(String bucket, long resetEpochSecond) {
        // A little jitter past the reset second, so that callers held together do not all arrive
        // at the first millisecond of the new window.
        sleepUntil(resetEpochSecond * 1000 + ThreadLocalRandom.current().nextLong(50), "Okta's rate limit to reset");
        states.remove(bucket);
        record(new Event("resumed", bucket, resetEpochSecond, clock.getAsLong()));
    }

    private void sleepUntil(long epochMillis, String what) {
        long wait = epochMillis - clock.getAsLong();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    private synchronized void record(Event event) {
        events.add(event);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Calls made per bucket, retries included. */
    Map<String, Integer> calls() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static Long header(Map<String, List<String>> headers, String name) {
        String value = text(headers, name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** A header's first value (names compared without case), or null. */
    private static String text(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
