package dev.idaudit.notify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run has to say in a chat channel. The lead fills it from a run (or from a run that
 * failed); each webhook kind renders it in the markup its server understands.
 *
 * @param title      first line, e.g. "idaudit weekly audit: acme"
 * @param status     one line on the outcome, e.g. "3 new high findings since the last run"
 * @param tone       how the status is shown (colour on Teams, an emoji on Slack)
 * @param markdown   the body: the run's summary.md (CommonMark: headings, lists, tables, links, code)
 * @param counts     labelled numbers shown above the body, in the order given (e.g. FAIL -> 12)
 * @param reportLink an http(s) link to the report (the {@code notify.reportUrl} setting), or null for
 *                   none: a path on the machine that ran idaudit is no link for the reader
 * @param changes    what changed since the last run, plain text lines (no markup; each dialect
 *                   escapes them), the headline first; shown under the status
 */
public record Notification(String title, String status, Tone tone, String markdown, Map<String, Long> counts, String reportLink,
        List<String> changes) {

    /** The outcome of the run as a reader should take it at a glance. */
    public enum Tone {
        /** Nothing new to act on. */
        GOOD,
        /** Findings to look at, or a run that completed with collection issues. */
        WARNING,
        /** New failures above the gate's threshold, or a run that did not complete. */
        ATTENTION
    }

    public Notification {
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("a notification needs a title");
        }
        status = status == null ? "" : status;
        tone = tone == null ? Tone.WARNING : tone;
        markdown = markdown == null ? "" : markdown;
        Map<String, Long> ordered = new LinkedHashMap<>();
        if (counts != null) {
            counts.forEach((label, n) -> ordered.put(Objects.requireNonNull(label, "count label"), Objects.requireNonNull(n, "count of " + label)));
        }
        counts = Collections.unmodifiableMap(ordered);
        reportLink = reportLink == null || reportLink.isBlank() ? null : reportLink.trim();
        if (reportLink != null && !reportLink.startsWith("https://") && !reportLink.startsWith("http://")) {
            throw new IllegalArgumentException("a report link must be an http(s) URL a chat client can open");
        }
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** Without changes since a last run (a run that failed, a test). */
    public Notification(String title, String status, Tone tone, String markdown, Map<String, Long> counts, String reportLink) {
        this(title, status, tone, markdown, counts, reportLink, List.of());
    }
}
