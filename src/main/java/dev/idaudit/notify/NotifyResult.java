package dev.idaudit.notify;

import java.time.Duration;
import java.util.List;

/**
 * What became of a notification, for the caller to log. It names the webhook by kind and host
 * only: nothing here carries the URL or its token.
 *
 * @param delivered whether the server accepted the message (a 2xx answer)
 * @param kind      the dialect used
 * @param host      the webhook's host
 * @param attempts  every attempt, in order
 * @param elapsed   from the first attempt to the result, waits included
 * @param message   one line for a log: delivered, or why not and why it stopped trying
 */
public record NotifyResult(boolean delivered, WebhookKind kind, String host, List<Attempt> attempts, Duration elapsed, String message) {

    public NotifyResult {
        attempts = List.copyOf(attempts);
    }

    /**
     * One try.
     *
     * @param number    1-based
     * @param startedAt time since the first attempt began
     * @param status    the HTTP status, or 0 when no response came (connection refused, timeout)
     * @param problem   empty when delivered; otherwise what went wrong, e.g. "HTTP 503: busy"
     */
    public record Attempt(int number, Duration startedAt, int status, String problem) {}

    @Override
    public String toString() {
        return message;
    }
}
