package dev.idaudit.notify;

import dev.idaudit.notify.NotifyResult.Attempt;
import dev.idaudit.util.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Posts a run's summary to a Slack- or Teams-compatible incoming webhook.
 *
 * <p>A notification must never cost the run its evidence, so {@link #send} never throws and
 * returns within the policy's time budget (no attempt starts after it, and each attempt's
 * timeout is cut to what is left of it; only a connect that hangs can overrun it, by at most
 * the request timeout): it
 * retries with exponential backoff and jitter on 408, 429, 5xx and connection errors, waits as
 * long as a Retry-After header asks when the budget allows, and gives up on any other answer.
 * The webhook URL embeds a token: results name only the host, and any text that comes back
 * from the network passes through {@link WebhookTarget#redact} first.
 */
public final class Notifier {
    /** How much of an error response to keep: enough for Slack's "invalid_payload" and the like. */
    private static final int MAX_ERROR_BODY = 300;

    private final WebhookTarget target;
    private final RetryPolicy policy;
    private final HttpClient http;
    private final RandomGenerator random;

    public Notifier(WebhookTarget target) {
        this(target, RetryPolicy.DEFAULT);
    }

    public Notifier(WebhookTarget target, RetryPolicy policy) {
        this(target, policy, RandomGenerator.getDefault());
    }

    /** With a chosen source of jitter (a seeded generator makes the waits repeatable). */
    public Notifier(WebhookTarget target, RetryPolicy policy, RandomGenerator random) {
        this.target = target;
        this.policy = policy;
        this.random = random;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                // A redirect would carry the message to a place the user did not name.
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(policy.requestTimeout())
                .build();
    }

    public WebhookTarget target() {
        return target;
    }

    /** Posts the notification; never throws, and says what happened in the result. */
    public NotifyResult send(Notification notification) {
        long start = System.nanoTime();
        List<Attempt> attempts = new ArrayList<>();
        try {
            String payload = ChatFormat.of(target.kind()).payload(notification);
            return deliver(payload, start, attempts);
        } catch (RuntimeException e) {
            return result(false, start, attempts, "not delivered: internal error "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + target.redact(e.getMessage())));
        }
    }

    private NotifyResult deliver(String payload, long start, List<Attempt> attempts) {
        long deadline = start + policy.totalBudget().toNanos();
        for (int number = 1; ; number++) {
            long now = System.nanoTime();
            Duration remaining = Duration.ofNanos(deadline - now);
            Duration startedAt = Duration.ofNanos(now - start);
            int status = 0;
            String problem;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<InputStream> response = http.send(request(payload, min(policy.requestTimeout(), remaining)),
                        HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                String body = head(response.body());
                if (status >= 200 && status < 300) {
                    attempts.add(new Attempt(number, startedAt, status, ""));
                    return result(true, start, attempts, "delivered on attempt " + number);
                }
                problem = "HTTP " + status + (body.isBlank() ? "" : ": " + target.redact(body));
                retryAfter = response.headers().firstValue("Retry-After").flatMap(v -> RetryAfter.parse(v, Instant.now()));
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + target.redact(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                attempts.add(new Attempt(number, startedAt, 0, "interrupted"));
                return result(false, start, attempts, "not delivered: interrupted while sending");
            }
            attempts.add(new Attempt(number, startedAt, status, problem));
            if (status != 0 && !retryable(status)) {
                return result(false, start, attempts, "not delivered: " + problem + " (not retried"
                        + (status == 404 || status == 410 || status == 403 ? "; the webhook may have been removed or its URL is wrong" : "") + ")");
            }
            if (number >= policy.maxAttempts()) {
                return result(false, start, attempts, "not delivered: " + problem + "; gave up after " + number
                        + (number == 1 ? " attempt" : " attempts") + " (the cap)");
            }
            // At least what the server asked for, and never less than our own backoff, so that a
            // "Retry-After: 0" cannot turn the retries into a tight loop.
            Duration backoff = policy.backoffAfter(attempts.size(), random);
            boolean serverAsked = retryAfter.isPresent() && retryAfter.get().compareTo(backoff) > 0;
            Duration wait = serverAsked ? retryAfter.get() : backoff;
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (wait.compareTo(left) >= 0) {
                return result(false, start, attempts, "not delivered: " + problem + "; gave up after " + number
                        + (number == 1 ? " attempt" : " attempts") + ": the next "
                        + (serverAsked ? "try, " + seconds(wait) + " later as the server's Retry-After asks," : "try")
                        + " would pass the " + seconds(policy.totalBudget()) + " time budget");
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result(false, start, attempts, "not delivered: " + problem + "; interrupted while waiting to retry");
            }
        }
    }

    private HttpRequest request(String payload, Duration timeout) {
        return HttpRequest.newBuilder(target.uri())
                .timeout(timeout.isZero() || timeout.isNegative() ? Duration.ofMillis(1) : timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "idaudit")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
    }

    /** Busy (429), timed out (408) or failing (5xx): worth another try. Any other answer will not change. */
    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** The start of a response body on one line; the rest is left unread so a large body costs nothing. */
    private static String head(InputStream body) throws IOException {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
            return new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        }
    }

    private NotifyResult result(boolean delivered, long start, List<Attempt> attempts, String outcome) {
        String message = "notification to " + target + ": " + outcome;
        return new NotifyResult(delivered, target.kind(), target.host(), attempts, Duration.ofNanos(System.nanoTime() - start), message);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
