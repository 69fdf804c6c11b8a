package dev.idaudit.collect;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client-side rate limiter with one schedule per bucket: each call waits for its slot so that
 * a bucket never sees more than its rate, however many threads call. Waiting here instead of
 * being refused keeps a collection at the pace of its busiest bucket without spending calls on
 * throttling errors. A bucket can also be held for a while, when a server asks for it with
 * Retry-After ({@link #holdFor}). Thread-safe.
 */
public final class Pacer {
    private final Map<String, Double> ratePerSecond;
    private final double defaultRate;
    private final Map<String, long[]> nextSlot = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Per bucket, the System.nanoTime() before which none of its calls may start. */
    private final Map<String, AtomicLong> heldUntil = new ConcurrentHashMap<>();

    /**
     * @param ratePerSecond the rate of each bucket kind (the part of a bucket key before ':')
     * @param defaultRate the rate of a bucket kind not in the map
     */
    public Pacer(Map<String, Double> ratePerSecond, double defaultRate) {
        this.ratePerSecond = Map.copyOf(ratePerSecond);
        this.defaultRate = defaultRate;
    }

    /** The configured rate of a bucket ({@code kind} or {@code kind:scope}). */
    public double rate(String bucket) {
        int colon = bucket.indexOf(':');
        return ratePerSecond.getOrDefault(colon < 0 ? bucket : bucket.substring(0, colon), defaultRate);
    }

    /** Waits until the bucket allows one more call (its rate, and any hold), and counts it. */
    public void acquire(String bucket) {
        calls.computeIfAbsent(bucket, k -> new AtomicInteger()).incrementAndGet();
        long interval = (long) (1e9 / rate(bucket));
        long[] next = nextSlot.computeIfAbsent(bucket, b -> new long[] {System.nanoTime()});
        long slot;
        synchronized (next) {
            long now = System.nanoTime();
            slot = Math.max(Math.max(next[0], now), heldUntil(bucket));
            next[0] = slot + interval;
        }
        sleepUntil(slot);
    }

    /**
     * Holds the bucket: none of its calls starts before {@code wait} from now (what a server asked
     * with Retry-After). A hold that ends sooner than one already in place changes nothing.
     */
    public void holdFor(String bucket, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        heldUntil.computeIfAbsent(bucket, b -> new AtomicLong(Long.MIN_VALUE)).accumulateAndGet(until, Math::max);
    }

    /** Waits until the bucket's hold, if any, is over; takes no slot and counts no call. */
    public void awaitHold(String bucket) {
        long until = heldUntil(bucket);
        if (until != Long.MIN_VALUE) {
            sleepUntil(until);
        }
    }

    private long heldUntil(String bucket) {
        AtomicLong until = heldUntil.get(bucket);
        return until == null ? Long.MIN_VALUE : until.get();
    }

    /** Calls made per bucket kind (every attempt, retries included); IAM's accounts added up. */
    public Map<String, Integer> calls() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        calls.forEach((k, v) -> out.merge(kind(k), v.get(), Integer::sum));
        return out;
    }

    /** Calls made per bucket ({@code kind} or {@code kind:scope}, e.g. iam:123456789012). */
    public Map<String, Integer> callsPerBucket() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static String kind(String bucket) {
        int colon = bucket.indexOf(':');
        return colon < 0 ? bucket : bucket.substring(0, colon);
    }

    static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a rate-limit slot", e);
        }
    }
}
