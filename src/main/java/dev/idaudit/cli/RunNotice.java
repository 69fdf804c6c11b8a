package dev.idaudit.cli;

import dev.idaudit.config.Secret;
import dev.idaudit.notify.Notification;
import dev.idaudit.notify.Notifier;
import dev.idaudit.notify.NotifyResult;
import dev.idaudit.notify.WebhookKind;
import dev.idaudit.notify.WebhookTarget;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The chat message at the end of a run (--notify). It is sent after the run is filed, so a
 * webhook that is down can never cost the evidence; its outcome is one line on stderr.
 */
final class RunNotice {
    private final Notifier notifier;

    private RunNotice(Notifier notifier) {
        this.notifier = notifier;
    }

    /** No notice when {@code envVar} is null; a named variable that is unset is a usage error, found before the run. */
    static RunNotice fromEnvironment(String envVar, String kind, Function<String, String> env) {
        if (envVar == null) {
            return new RunNotice(null);
        }
        String url = env.apply(envVar);
        if (url == null || url.isBlank()) {
            throw new BadInputException("--notify " + envVar + ": that environment variable is not set (it must hold the webhook URL)");
        }
        return new RunNotice(new Notifier(WebhookTarget.of(Secret.of(url.strip()), kind == null ? null : WebhookKind.named(kind))));
    }

    /** @param reportUrl where a reader opens this run's report (notify.reportUrl), or null: then the message has no link */
    void ended(AuditRun.Outcome o, String reportUrl, PrintWriter err) {
        if (notifier == null) {
            return;
        }
        var summary = o.result().summary();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            if (s != Severity.NONE) {
                counts.put(s.lower() + " failures", (long) summary.failuresBySeverity().getOrDefault(s, 0));
            }
        }
        counts.put("passed", (long) summary.byStatus().getOrDefault(Status.PASS, 0));
        counts.put("waived", (long) summary.byStatus().getOrDefault(Status.WAIVED, 0));
        counts.put("not evaluated", (long) summary.byStatus().getOrDefault(Status.NOT_EVALUATED, 0));
        // The same last line as the terminal's: an incomplete run is never announced as a clean one.
        Notification.Tone tone = switch (o.verdict().outcome()) {
            case CLEAN -> o.verdict().incomplete() ? Notification.Tone.WARNING : Notification.Tone.GOOD;
            case FINDINGS -> Notification.Tone.ATTENTION;
            case INCOMPLETE -> Notification.Tone.WARNING;
        };
        String status = o.verdict().lastLine();
        send(new Notification("idaudit run " + o.runDir().getFileName(), status, tone, summaryMarkdown(o), counts, reportUrl,
                o.since().lines()), err);
    }

    void failed(Exception e, PrintWriter err) {
        if (notifier == null) {
            return;
        }
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        send(new Notification("idaudit run failed", "The run did not complete: no evidence was filed", Notification.Tone.ATTENTION,
                "**Error:** " + what, Map.of(), null), err);
    }

    private void send(Notification n, PrintWriter err) {
        NotifyResult r = notifier.send(n);
        err.println("idaudit: notify: " + r);
    }

    private static String summaryMarkdown(AuditRun.Outcome o) {
        try {
            return Files.readString(o.runDir().resolve("summary.md"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(summary.md could not be read: " + e.getClass().getSimpleName() + ")";
        }
    }
}
