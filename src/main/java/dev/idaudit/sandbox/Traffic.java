package dev.idaudit.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.BadInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the sandbox's APIs behave as a network service, beside what they hold: per-bucket rate
 * limits (off unless a scenario turns them on), per-call latency, a time scale, and injected
 * faults. A scenario sets it in scenario.yaml under {@code settings.traffic}.
 *
 * <p>{@code timeScale} runs the sandbox N times faster than the vendors: every rate is
 * multiplied by it and every window and latency divided by it, so a benchmark sees a
 * minute-bucket org in seconds while keeping each bucket's share of the calls. Choose a
 * divisor of 60 (10, 20, 30, 60): Okta's {@code X-Rate-Limit-Reset} is whole epoch seconds.
 *
 * @param rateLimited whether the buckets below refuse calls beyond their rate
 * @param oktaPerMinute Okta's buckets (see {@link #OKTA_BUCKETS}) → calls per minute
 * @param oktaConcurrent Okta's concurrent-request limit per org
 * @param awsPerSecond AWS buckets (see {@link #AWS_BUCKETS}) → calls per second
 * @param latency added to every answer (before time scaling)
 * @param faults what goes wrong, and how often
 */
public record Traffic(double timeScale, boolean rateLimited, Map<String, Integer> oktaPerMinute, int oktaConcurrent,
                      Map<String, Double> awsPerSecond, Duration latency, List<Fault> faults) {

    /**
     * Okta Workforce defaults (developer.okta.com "Management rate limits"): all of
     * /api/v1/apps/* 100/min, GET /api/v1/users 600/min, GET /api/v1/groups 500/min,
     * /api/v1/groups/{id}/* 1000/min; anything else here (policies) the 600/min most read
     * endpoints have.
     */
    public static final Map<String, Integer> OKTA_BUCKETS = Map.of(
            "apps", 100, "users", 600, "groups", 500, "group", 1000, "other", 600);
    /** Okta's default concurrent-request limit for a Workforce org. */
    public static final int OKTA_CONCURRENT = 75;
    /**
     * AWS: Identity Center's APIs (sso-admin and identitystore) are throttled at 20 TPS
     * collectively (IAM Identity Center quotas). Organizations and IAM publish no fixed rate;
     * these are the conservative figures AWS support quotes for reads (Organizations 10 TPS per
     * account, IAM 20 TPS per account), STS AssumeRole well above what an audit needs.
     * The IAM bucket is per account: each member account is throttled on its own.
     */
    public static final Map<String, Double> AWS_BUCKETS = Map.of(
            "identity-center", 20.0, "organizations", 10.0, "iam", 20.0, "sts", 100.0, "cloudtrail", 10.0);

    /** No limits, no latency, no faults: what the small scenarios and unit tests use. */
    public static final Traffic NONE = new Traffic(1, false, OKTA_BUCKETS, OKTA_CONCURRENT, AWS_BUCKETS, Duration.ZERO, List.of());
    /** The vendors' documented limits, real time. */
    public static final Traffic DOCUMENTED = new Traffic(1, true, OKTA_BUCKETS, OKTA_CONCURRENT, AWS_BUCKETS, Duration.ofMillis(40), List.of());

    public Traffic {
        if (!(timeScale > 0)) {
            throw new BadInputException("traffic.timeScale must be above 0, got " + timeScale);
        }
        oktaPerMinute = Map.copyOf(oktaPerMinute);
        awsPerSecond = Map.copyOf(awsPerSecond);
        faults = List.copyOf(faults);
    }

    /** What goes wrong. */
    public enum FaultKind {
        /** HTTP 500 with the vendor's internal-error body. */
        ERROR_500,
        /** HTTP 503 (Okta) / ServiceUnavailable (AWS). */
        ERROR_503,
        /** The answer is held for {@code delay} and then given. */
        SLOW,
        /** The answer is held for {@code delay} and the connection then closed unanswered. */
        TIMEOUT,
        /** The connection is closed without an answer. */
        CONNECTION_RESET,
        /** HTTP 200 with a body that is not JSON (JSON APIs) or not XML (Query APIs). */
        MALFORMED_JSON,
        /** Every call made inside {@code account} is refused (AWS only). */
        ACCESS_DENIED,
        /** A list's next-page cursor is the one the request came with: paging would never end. */
        REPEAT_CURSOR,
        /**
         * The vendor's throttling answer, as when the call's bucket is spent: Okta's 429 E0000047
         * with X-Rate-Limit-Remaining 0 and a Reset one second ahead; AWS the service's throttling
         * error (ThrottlingException, TooManyRequestsException or Throttling). With times -1, a
         * storm that no retry outlasts, at any time scale.
         */
        THROTTLED
    }

    /**
     * @param side "okta" or "aws"
     * @param operation AWS: the operation (e.g. ListAccountAssignments) or "*"; Okta: a regex of the path
     * @param account AWS: only calls answered for this account; null = any
     * @param times how many calls it spoils (-1: all)
     * @param delay for SLOW and TIMEOUT (not time-scaled)
     * @param retryAfterSeconds for ERROR_500 and ERROR_503: the answer carries {@code Retry-After}
     *        with this many seconds (0: no header). Not time-scaled, like {@code delay}: it is
     *        what the server says, and a client is to wait that long in real time
     */
    public record Fault(String side, FaultKind kind, String operation, String account, int times, Duration delay,
                        int retryAfterSeconds) {
        public Fault {
            if (!side.equals("okta") && !side.equals("aws")) {
                throw new BadInputException("traffic.faults[].side must be okta or aws, got " + side);
            }
            if (retryAfterSeconds < 0) {
                throw new BadInputException("traffic.faults[].retryAfterSeconds must be 0 (no Retry-After) or more, got "
                        + retryAfterSeconds);
            }
            operation = operation == null ? "*" : operation;
            delay = delay == null ? Duration.ZERO : delay;
        }

        /** A fault whose answer carries no Retry-After. */
        public Fault(String side, FaultKind kind, String operation, String account, int times, Duration delay) {
            this(side, kind, operation, account, times, delay, 0);
        }
    }

    public Traffic withTimeScale(double scale) {
        return new Traffic(scale, rateLimited, oktaPerMinute, oktaConcurrent, awsPerSecond, latency, faults);
    }

    public Traffic withFaults(List<Fault> newFaults) {
        return new Traffic(timeScale, rateLimited, oktaPerMinute, oktaConcurrent, awsPerSecond, latency, newFaults);
    }

    public Traffic withRateLimits(boolean on) {
        return new Traffic(timeScale, on, oktaPerMinute, oktaConcurrent, awsPerSecond, latency, faults);
    }

    public Traffic withLatency(Duration newLatency) {
        return new Traffic(timeScale, rateLimited, oktaPerMinute, oktaConcurrent, awsPerSecond, newLatency, faults);
    }

    /** The latency of one call in real time. */
    public Duration scaledLatency() {
        return Duration.ofNanos((long) (latency.toNanos() / timeScale));
    }

    /**
     * Reads {@code settings.traffic} of a scenario.yaml: {timeScale, rateLimited, latencyMillis,
     * okta: {bucket: perMinute}, oktaConcurrent, aws: {bucket: perSecond}, faults: [{side, kind,
     * operation, account, times, delayMillis, retryAfterSeconds}]}; anything absent keeps the
     * {@code base} value.
     */
    public static Traffic read(JsonNode node, Traffic base, String where) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return base;
        }
        Map<String, Integer> okta = new LinkedHashMap<>(base.oktaPerMinute());
        node.path("okta").fields().forEachRemaining(e -> {
            requireKnown(OKTA_BUCKETS.keySet(), e.getKey(), where + " traffic.okta");
            okta.put(e.getKey(), e.getValue().asInt());
        });
        Map<String, Double> aws = new LinkedHashMap<>(base.awsPerSecond());
        node.path("aws").fields().forEachRemaining(e -> {
            requireKnown(AWS_BUCKETS.keySet(), e.getKey(), where + " traffic.aws");
            aws.put(e.getKey(), e.getValue().asDouble());
        });
        List<Fault> faults = new ArrayList<>(base.faults());
        for (JsonNode f : node.path("faults")) {
            String kind = f.path("kind").asText("");
            FaultKind parsed;
            try {
                parsed = FaultKind.valueOf(kind.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(where + ": traffic.faults[].kind " + kind + " is not one of " + List.of(FaultKind.values()));
            }
            JsonNode retryAfter = f.path("retryAfterSeconds");
            if (!retryAfter.isMissingNode() && !(retryAfter.canConvertToInt() && retryAfter.isIntegralNumber() && retryAfter.asInt() >= 0)) {
                throw new BadInputException(where + ": traffic.faults[].retryAfterSeconds must be a whole number of seconds, "
                        + "0 (no Retry-After) or more, got " + retryAfter);
            }
            faults.add(new Fault(f.path("side").asText(""), parsed, f.path("operation").asText("*"),
                    f.hasNonNull("account") ? f.get("account").asText() : null, f.path("times").asInt(1),
                    Duration.ofMillis(f.path("delayMillis").asLong(0)), retryAfter.asInt(0)));
        }
        return new Traffic(node.path("timeScale").asDouble(base.timeScale()), node.path("rateLimited").asBoolean(base.rateLimited()),
                okta, node.path("oktaConcurrent").asInt(base.oktaConcurrent()), aws,
                node.has("latencyMillis") ? Duration.ofMillis(node.get("latencyMillis").asLong()) : base.latency(), faults);
    }

    private static void requireKnown(java.util.Set<String> known, String key, String where) {
        if (!known.contains(key)) {
            throw new BadInputException(where + ": unknown bucket " + key + " (known: " + known + ")");
        }
    }
}
