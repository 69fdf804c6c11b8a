package dev.idaudit.sandbox.okta;

import dev.idaudit.sandbox.Traffic;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Okta's rate limits as the emulator applies them: each endpoint bucket allows its number of
 * calls per minute window (a minute divided by the time scale), and the org allows a number of
 * concurrent requests. Every answer carries the bucket's {@code X-Rate-Limit-Limit},
 * {@code -Remaining} and {@code -Reset} (epoch seconds when the window ends); a call beyond the
 * limit is refused with 429 and E0000047 when rate limiting is on.
 */
final class OktaRateLimits {

    /** The headers of one answer, and whether the call was admitted. */
    record Decision(boolean admitted, String bucket, int limit, int remaining, long resetEpochSecond) {}

    private final Traffic traffic;
    private final long windowMillis;
    private final Map<String, long[]> windows = new HashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    OktaRateLimits(Traffic traffic) {
        this.traffic = traffic;
        this.windowMillis = Math.max(1, Math.round(60_000 / traffic.timeScale()));
    }

    /**
     * Okta's bucket of a GET: all of /api/v1/apps*, GET /api/v1/users, GET /api/v1/groups,
     * /api/v1/groups/{id}/*; anything else "other". Okta's documented table, written out on
     * both sides of the wire on purpose: here and in dev.idaudit.collect.okta.OktaRateLimiter (the sandbox
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

    /** Counts one call against its bucket (and the concurrency limit until {@link #finished()}). */
    Decision admit(String path, long nowMillis) {
        String bucket = bucketOf(path);
        calls.computeIfAbsent(bucket, b -> new AtomicInteger()).incrementAndGet();
        int limit = traffic.oktaPerMinute().getOrDefault(bucket, Traffic.OKTA_BUCKETS.get("other"));
        long window = nowMillis / windowMillis;
        long reset = Math.floorDiv((window + 1) * windowMillis + 999, 1000);
        int used;
        synchronized (windows) {
            long[] state = windows.computeIfAbsent(bucket, b -> new long[] {window, 0});
            if (state[0] != window) {
                state[0] = window;
                state[1] = 0;
            }
            boolean overRate = state[1] >= limit;
            boolean overConcurrency = inFlight.get() >= traffic.oktaConcurrent();
            if (traffic.rateLimited() && (overRate || overConcurrency)) {
                return new Decision(false, bucket, limit, 0, reset);
            }
            used = (int) ++state[1];
        }
        inFlight.incrementAndGet();
        return new Decision(true, bucket, limit, Math.max(0, limit - used), reset);
    }

    /** An admitted call has been answered. */
    void finished() {
        inFlight.decrementAndGet();
    }

    /** Calls received per bucket, refused ones included. */
    Map<String, Integer> callsPerBucket() {
        Map<String, Integer> out = new HashMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
