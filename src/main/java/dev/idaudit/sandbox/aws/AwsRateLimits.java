package dev.idaudit.sandbox.aws;

import dev.idaudit.sandbox.Traffic;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AWS throttling as the emulator applies it: a token bucket per bucket key that refills at the
 * bucket's rate (times the time scale) and holds one second's worth. Identity Center's APIs
 * (sso-admin and identitystore) share one bucket per instance owner account; Organizations one
 * for the organization; IAM one per account, as IAM throttles each account on its own.
 */
final class AwsRateLimits {
    private final Traffic traffic;
    private final Map<String, double[]> buckets = new HashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    AwsRateLimits(Traffic traffic) {
        this.traffic = traffic;
    }

    /** The bucket of a service ("sso-admin", "identitystore", "organizations", "iam", "sts", "cloudtrail"). */
    static String bucketOf(String service) {
        return switch (service) {
            case "sso-admin", "identitystore" -> "identity-center";
            default -> service;
        };
    }

    /** Counts a call; false when its bucket is out of tokens and rate limiting is on. */
    boolean admit(String service, String accountId, long nanoTime) {
        String bucket = bucketOf(service);
        calls.computeIfAbsent(bucket, b -> new AtomicInteger()).incrementAndGet();
        if (!traffic.rateLimited()) {
            return true;
        }
        double rate = traffic.awsPerSecond().getOrDefault(bucket, 20.0) * traffic.timeScale();
        // IAM throttles each account on its own; Identity Center each instance, i.e. its owner account.
        String key = bucket.equals("iam") || bucket.equals("identity-center") ? bucket + ":" + accountId : bucket;
        synchronized (buckets) {
            double[] state = buckets.computeIfAbsent(key, k -> new double[] {rate, nanoTime});
            state[0] = Math.min(rate, state[0] + (nanoTime - state[1]) / 1e9 * rate);
            state[1] = nanoTime;
            if (state[0] < 1) {
                return false;
            }
            state[0] -= 1;
            return true;
        }
    }

    /** Calls received per bucket, throttled ones included. */
    Map<String, Integer> callsPerBucket() {
        Map<String, Integer> out = new HashMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
