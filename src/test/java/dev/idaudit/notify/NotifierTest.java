package dev.idaudit.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.config.Secret;
import dev.idaudit.notify.NotifyResult.Attempt;
import dev.idaudit.notify.WebhookServer.Received;
import dev.idaudit.notify.WebhookServer.Reply;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The notifier against a real webhook server on loopback, over real HTTP. */
class NotifierTest {
    private static final String TOKEN = "sEcReTt0kenNeverLogged42";

    /** Fast, for tests: waits of 10-20 ms, a 10 s budget that none of these tests should reach. */
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(20), 0.5,
            Duration.ofSeconds(10), Duration.ofSeconds(5));

    private static Notification weeklyRun() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("FAIL", 12L);
        counts.put("new", 3L);
        counts.put("PASS", 80L);
        return new Notification("idaudit weekly audit: acme", "3 new high findings since 2026-11-21", Notification.Tone.ATTENTION,
                """
                ## New failures

                - **okta_user_mfa_enforced**: *alice@acme.example* has no MFA & can reach <prod>
                - see [the rule](https://idaudit.dev/rules/okta_user_mfa_enforced)

                | Severity | FAIL | new |
                |---|---:|---:|
                | high | 4 | 3 |
                | low | 8 | 0 |

                **Changes since `2026-11-21T03-00-00Z`:** 2 added, org\\_admins \\*not\\* emphasis.
                """,
                counts, "https://evidence.acme.example/runs/2026-11-28T03-00-00Z/report.html",
                List.of("3 new failures since the last run (2026-11-21T03-00-00Z): okta_user_mfa_enforced · <bob> & co", "None fixed"));
    }

    private static Notifier notifier(WebhookServer server, WebhookKind kind, RetryPolicy policy) {
        return new Notifier(WebhookTarget.of(Secret.of(server.url(TOKEN)), kind), policy, RandomGenerator.of("L64X128MixRandom"));
    }

    @Test
    void postsSlackTextInMrkdwn() throws IOException {
        try (WebhookServer server = new WebhookServer(Reply.of(200, "ok"))) {
            NotifyResult result = notifier(server, WebhookKind.SLACK, FAST).send(weeklyRun());

            assertTrue(result.delivered(), result.message());
            Received got = server.received().get(0);
            assertTrue(got.contentType().startsWith("application/json"), got.contentType());
            JsonNode payload = Json.json().readTree(got.body());
            assertEquals(List.of("text"), fieldNames(payload), "a Slack webhook takes {\"text\": ...}");
            String text = payload.get("text").asText();
            assertTrue(text.startsWith(":rotating_light: *idaudit weekly audit: acme*\n3 new high findings"), text);
            assertTrue(text.contains("FAIL *12*  ·  new *3*  ·  PASS *80*"), text);
            assertTrue(text.contains("\n*3 new failures since the last run (2026-11-21T03-00-00Z): okta_user_mfa_enforced · &lt;bob&gt; &amp; co*\n• None fixed\n"),
                    "the changes since the last run follow the status, escaped: " + text);
            assertTrue(text.contains("*Changes since `2026-11-21T03-00-00Z`:* 2 added, org_admins *not* emphasis."),
                    "bold around a code span is one bold run; backslash escapes are resolved: " + text);
            assertFalse(text.contains("**") || text.contains("\\"), "no Markdown markup or escape reaches Slack: " + text);
            assertTrue(text.contains("*New failures*"), "a heading becomes bold: " + text);
            assertTrue(text.contains("• *okta_user_mfa_enforced*: _alice@acme.example_ has no MFA &amp; can reach &lt;prod&gt;"), text);
            assertTrue(text.contains("<https://idaudit.dev/rules/okta_user_mfa_enforced|the rule>"), text);
            assertTrue(text.contains("```\nSeverity  FAIL  new\n"), "a table becomes aligned monospace: " + text);
            assertTrue(text.contains("\nhigh      4     3\n"), text);
            assertTrue(text.endsWith("<https://evidence.acme.example/runs/2026-11-28T03-00-00Z/report.html|Open the report>"), text);
        }
    }

    @Test
    void postsATeamsMessageWithOneAdaptiveCard() throws IOException {
        try (WebhookServer server = new WebhookServer(Reply.of(202, ""))) {
            NotifyResult result = notifier(server, WebhookKind.TEAMS, FAST).send(weeklyRun());

            assertTrue(result.delivered(), result.message());
            JsonNode payload = Json.json().readTree(server.received().get(0).body());
            assertEquals("message", payload.get("type").asText());
            assertEquals(1, payload.get("attachments").size());
            JsonNode attachment = payload.get("attachments").get(0);
            assertEquals("application/vnd.microsoft.card.adaptive", attachment.get("contentType").asText());
            assertTrue(attachment.has("contentUrl") && attachment.get("contentUrl").isNull());
            JsonNode card = attachment.get("content");
            assertEquals("AdaptiveCard", card.get("type").asText());
            assertEquals("1.4", card.get("version").asText());
            assertEquals("http://adaptivecards.io/schemas/adaptive-card.json", card.get("$schema").asText());

            JsonNode body = card.get("body");
            assertEquals("RichTextBlock", body.get(0).get("type").asText());
            assertEquals("idaudit weekly audit: acme", run(body.get(0), 0).get("text").asText());
            assertEquals("Attention", run(body.get(1), 0).get("color").asText(), "the status line is coloured by tone");
            assertEquals("3 new failures since the last run (2026-11-21T03-00-00Z): okta_user_mfa_enforced · <bob> & co",
                    run(body.get(2), 0).get("text").asText(), "a TextRun shows its text as it is: nothing to escape");
            assertEquals("• None fixed", run(body.get(3), 0).get("text").asText());
            JsonNode facts = body.get(4);
            assertEquals("FactSet", facts.get("type").asText());
            assertEquals("FAIL", facts.get("facts").get(0).get("title").asText());
            assertEquals("12", facts.get("facts").get(0).get("value").asText());
            assertEquals("New failures", run(body.get(5), 0).get("text").asText());
            assertEquals("Bolder", run(body.get(5), 0).get("weight").asText());
            JsonNode item = body.get(6);
            assertEquals("• ", run(item, 0).get("text").asText());
            assertEquals("okta_user_mfa_enforced", run(item, 1).get("text").asText());
            assertEquals("Bolder", run(item, 1).get("weight").asText());
            assertEquals("alice@acme.example", run(item, 3).get("text").asText());
            assertTrue(run(item, 3).get("italic").asBoolean());
            assertEquals(" has no MFA & can reach <prod>", run(item, 4).get("text").asText());
            JsonNode link = run(body.get(7), 2);
            assertEquals("the rule", link.get("text").asText());
            assertEquals("https://idaudit.dev/rules/okta_user_mfa_enforced", link.get("selectAction").get("url").asText());
            assertEquals("None", body.get(7).get("spacing").asText(), "items of one list sit together");
            JsonNode header = body.get(8);
            assertEquals("ColumnSet", header.get("type").asText(), "a table becomes one ColumnSet per row");
            assertEquals(3, header.get("columns").size());
            assertEquals("Severity", run(header.get("columns").get(0).get("items").get(0), 0).get("text").asText());
            assertEquals("high", run(body.get(9).get("columns").get(0).get("items").get(0), 0).get("text").asText());
            assertEquals("0", run(body.get(10).get("columns").get(2).get("items").get(0), 0).get("text").asText());
            JsonNode changes = body.get(11);
            assertEquals("Changes since ", run(changes, 0).get("text").asText());
            assertEquals("2026-11-21T03-00-00Z", run(changes, 1).get("text").asText());
            assertEquals("Monospace", run(changes, 1).get("fontType").asText());
            assertEquals(" 2 added, org_admins *not* emphasis.", run(changes, 3).get("text").asText());
            List<String> texts = new java.util.ArrayList<>();
            card.findValues("text").forEach(t -> texts.add(t.asText()));
            assertTrue(texts.stream().noneMatch(t -> t.contains("**") || t.contains("\\") || t.contains("`")),
                    "no Markdown markup or escape reaches the card: " + texts);
            assertTrue(card.findValues("type").stream().noneMatch(t -> t.asText().equals("TextBlock")),
                    "every text is a RichTextBlock, which reads no Markdown");

            JsonNode action = card.get("actions").get(0);
            assertEquals("Action.OpenUrl", action.get("type").asText());
            assertEquals("https://evidence.acme.example/runs/2026-11-28T03-00-00Z/report.html", action.get("url").asText());
        }
    }

    @Test
    void withoutAReportUrlTheMessageHasNoLinkAndAPathIsRefused() throws IOException {
        Notification n = new Notification("idaudit run", "passed", Notification.Tone.GOOD, "", Map.of(), null);
        try (WebhookServer server = new WebhookServer(Reply.of(200, "ok"))) {
            notifier(server, WebhookKind.SLACK, FAST).send(n);
            notifier(server, WebhookKind.TEAMS, FAST).send(n);
            String slack = Json.json().readTree(server.received().get(0).body()).get("text").asText();
            assertFalse(slack.contains("Open the report") || slack.contains("Report"), slack);
            JsonNode card = Json.json().readTree(server.received().get(1).body()).get("attachments").get(0).get("content");
            assertFalse(card.has("actions"), card.toString());
        }
        for (String notALink : List.of("/var/idaudit/runs/2026-11-28T03-00-00Z/report.html", "s3://acme-evidence/idaudit/report.html")) {
            assertThrows(IllegalArgumentException.class, () -> new Notification("t", "", null, "", Map.of(), notALink),
                    "a path on the machine that ran idaudit is no link for the reader: " + notALink);
        }
    }

    /** The i-th TextRun of a RichTextBlock. */
    private static JsonNode run(JsonNode richTextBlock, int i) {
        assertEquals("RichTextBlock", richTextBlock.get("type").asText(), richTextBlock.toString());
        JsonNode r = richTextBlock.get("inlines").get(i);
        assertEquals("TextRun", r.get("type").asText(), r.toString());
        return r;
    }

    @Test
    void retriesA500AndSucceeds() throws IOException {
        try (WebhookServer server = new WebhookServer(Reply.of(500, "oops"), Reply.of(200, "ok"))) {
            NotifyResult result = notifier(server, WebhookKind.SLACK, FAST).send(weeklyRun());

            assertTrue(result.delivered(), result.message());
            assertEquals(List.of(500, 200), result.attempts().stream().map(Attempt::status).toList());
            assertEquals("HTTP 500: oops", result.attempts().get(0).problem());
            List<Received> got = server.received();
            assertEquals(2, got.size());
            assertEquals(got.get(0).body(), got.get(1).body(), "a retry posts the same message");
            assertTrue(result.message().endsWith("delivered on attempt 2"), result.message());
        }
    }

    @Test
    void givesUpAfterTheAttemptCapAndReturnsTheFailure() throws IOException {
        try (WebhookServer server = new WebhookServer(Reply.of(503, "busy"))) {
            NotifyResult result = notifier(server, WebhookKind.TEAMS, FAST).send(weeklyRun());

            assertFalse(result.delivered());
            assertEquals(4, server.received().size(), "exactly maxAttempts requests");
            assertEquals(4, result.attempts().size());
            assertTrue(result.attempts().stream().allMatch(a -> a.status() == 503));
            assertTrue(result.message().contains("HTTP 503: busy; gave up after 4 attempts (the cap)"), result.message());
        }
    }

    @Test
    void stopsRetryingWhenTheTimeBudgetIsSpent() throws IOException {
        RetryPolicy tight = new RetryPolicy(1000, Duration.ofMillis(40), Duration.ofMillis(40), 0, Duration.ofMillis(300), Duration.ofSeconds(5));
        try (WebhookServer server = new WebhookServer(Reply.of(500, ""))) {
            NotifyResult result = notifier(server, WebhookKind.SLACK, tight).send(weeklyRun());

            assertFalse(result.delivered());
            int n = result.attempts().size();
            assertTrue(n >= 2 && n <= 8, "40 ms apart within 300 ms: " + n + " attempts");
            Duration lastStart = result.attempts().get(n - 1).startedAt();
            assertTrue(lastStart.compareTo(Duration.ofMillis(300)) < 0, "no attempt starts after the budget: " + lastStart);
            assertTrue(result.message().contains("would pass the 0.3 s time budget"), result.message());
        }
    }

    @Test
    void waitsAsLongAsRetryAfterAsks() throws IOException {
        try (WebhookServer server = new WebhookServer(Reply.withHeader(429, "Retry-After", "1"), Reply.of(200, "ok"))) {
            NotifyResult result = notifier(server, WebhookKind.SLACK, FAST).send(weeklyRun());

            assertTrue(result.delivered(), result.message());
            List<Received> got = server.received();
            Duration gap = Duration.ofNanos(got.get(1).nanoTime() - got.get(0).nanoTime());
            // The policy alone would wait 10-20 ms; the server asked for a second.
            assertTrue(gap.compareTo(Duration.ofSeconds(1)) >= 0, "second attempt came " + gap + " after the first");
            assertTrue(gap.compareTo(Duration.ofSeconds(3)) < 0, "and not much later: " + gap);
        }
    }

    @Test
    void aRetryAfterShorterThanTheBackoffDoesNotHurryTheRetries() throws IOException {
        RetryPolicy steady = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(100), 0, Duration.ofSeconds(10), Duration.ofSeconds(5));
        try (WebhookServer server = new WebhookServer(Reply.withHeader(503, "Retry-After", "0"))) {
            NotifyResult result = notifier(server, WebhookKind.SLACK, steady).send(weeklyRun());

            assertFalse(result.delivered());
            List<Received> got = server.received();
            assertEquals(3, got.size());
            for (int i = 1; i < got.size(); i++) {
                Duration gap = Duration.ofNanos(got.get(i).nanoTime() - got.get(i - 1).nanoTime());
                assertTrue(gap.compareTo(Duration.ofMillis(100)) >= 0, "attempt " + (i + 1) + " came after " + gap);
            }
        }
    }

    @Test
    void givesUpAtOnceWhenRetryAfterIsBeyondTheBudget() throws IOException {
        try (WebhookServer server = new WebhookServer(Reply.withHeader(429, "Retry-After", "3600"), Reply.of(200, "ok"))) {
            NotifyResult result = notifier(server, WebhookKind.SLACK, FAST).send(weeklyRun());

            assertFalse(result.delivered());
            assertEquals(1, server.received().size());
            assertTrue(result.elapsed().compareTo(Duration.ofSeconds(2)) < 0, result.elapsed().toString());
            assertTrue(result.message().contains("3600 s later as the server's Retry-After asks"), result.message());
        }
    }

    @Test
    void doesNotRetryAnAnswerThatWillNotChange() throws IOException {
        try (WebhookServer server = new WebhookServer(Reply.of(404, "no_service"))) {
            NotifyResult result = notifier(server, WebhookKind.SLACK, FAST).send(weeklyRun());

            assertFalse(result.delivered());
            assertEquals(1, server.received().size());
            assertTrue(result.message().contains("HTTP 404: no_service (not retried; the webhook may have been removed"), result.message());
        }
    }

    @Test
    void doesNotFollowARedirectElsewhere() throws IOException {
        try (WebhookServer elsewhere = new WebhookServer(Reply.of(200, "ok"));
             WebhookServer server = new WebhookServer(Reply.withHeader(302, "Location", elsewhere.url("x")))) {
            NotifyResult result = notifier(server, WebhookKind.SLACK, FAST).send(weeklyRun());

            assertFalse(result.delivered());
            assertEquals(1, server.received().size());
            assertEquals(List.of(), elsewhere.received(), "the message goes only where the user pointed it");
            assertTrue(result.message().contains("HTTP 302 (not retried)"), result.message());
        }
    }

    @Test
    void retriesARefusedConnectionAndNeverShowsTheToken() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/services/T0AUDIT/B0HOOK/" + TOKEN;
        Notifier notifier = new Notifier(WebhookTarget.of(Secret.of(url), null), FAST);
        NotifyResult result = notifier.send(weeklyRun());

        assertFalse(result.delivered());
        assertEquals(4, result.attempts().size(), "a refused connection is retried up to the cap");
        assertTrue(result.attempts().stream().allMatch(a -> a.status() == 0 && a.problem().contains("ConnectException")), result.attempts().toString());
        assertNoToken(result);
    }

    @Test
    void neverShowsTheTokenEvenWhenTheServerEchoesTheUrl() throws IOException {
        try (WebhookServer server = new WebhookServer(i -> Reply.of(500, "no hook at " + "/services/T0AUDIT/B0HOOK/" + TOKEN + " (token " + TOKEN + ")"))) {
            NotifyResult result = notifier(server, WebhookKind.SLACK, FAST).send(weeklyRun());

            assertFalse(result.delivered());
            assertTrue(server.received().get(0).path().endsWith(TOKEN), "the token was really in the URL posted to");
            assertNoToken(result);
            assertTrue(result.message().contains("127.0.0.1"), "the host is named: " + result.message());
        }
    }

    @Test
    void givesUpOnAServerThatNeverAnswersWithinTheRequestTimeout() throws IOException {
        RetryPolicy patient = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), 0, Duration.ofSeconds(10), Duration.ofMillis(300));
        try (WebhookServer server = new WebhookServer(Reply.hanging())) {
            NotifyResult result = notifier(server, WebhookKind.SLACK, patient).send(weeklyRun());

            assertFalse(result.delivered());
            assertEquals(2, result.attempts().size());
            assertTrue(result.attempts().get(0).problem().contains("HttpTimeoutException"), result.attempts().toString());
            assertTrue(result.elapsed().compareTo(Duration.ofSeconds(3)) < 0, result.elapsed().toString());
        }
    }

    private static void assertNoToken(NotifyResult result) {
        assertFalse(result.message().contains(TOKEN), result.message());
        assertFalse(result.toString().contains(TOKEN), result.toString());
        for (Attempt a : result.attempts()) {
            assertFalse(a.problem().contains(TOKEN), a.problem());
            assertFalse(a.problem().contains("B0HOOK/"), "no part of the path either: " + a.problem());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
