package dev.idaudit.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatFormatTest {
    @Test
    void slackMrkdwnConvertsInlineMarkupAndEscapesControlCharacters() {
        assertEquals("*bold* and _italic_ and ~gone~", SlackFormat.inline("**bold** and *italic* and ~~gone~~"));
        assertEquals("a &lt;b&gt; &amp; c", SlackFormat.inline("a <b> & c"));
        assertEquals("<https://x.example/a?b=1&amp;c=2|docs> and file (./report.html)",
                SlackFormat.inline("[docs](https://x.example/a?b=1&c=2) and [file](./report.html)"));
        assertEquals("keep `**code** &lt;x&gt;` as code", SlackFormat.inline("keep `**code** <x>` as code"));
        assertEquals("okta_user_mfa_enforced and 2 * 3 * 4", SlackFormat.inline("okta_user_mfa_enforced and 2 * 3 * 4"));
        assertEquals("*Changes since `run-1`:* none, a_b *c*", SlackFormat.inline("**Changes since `run-1`:** none, a\\_b \\*c\\*"));
        assertEquals("*bold _both_*", SlackFormat.inline("**bold *both***"));
    }

    @Test
    void readsMarkdownBlocks() {
        List<Markdown.Block> blocks = Markdown.parse("""
                # Title #
                para line one
                line two

                1. first
                  - nested
                ---
                ```text
                | not a table |
                ```
                | a | b \\| c |
                |:--|--:|
                | 1 | 2 |
                """);
        assertEquals(List.of(
                new Markdown.Heading(1, "Title"),
                new Markdown.Paragraph("para line one\nline two"),
                new Markdown.Item(0, "1.", "first"),
                new Markdown.Item(1, null, "nested"),
                new Markdown.Code("| not a table |"),
                new Markdown.Table(List.of("a", "b | c"), List.of(List.of("1", "2")))), blocks);
    }

    @Test
    void aSummaryTooLongForAChatMessageIsCutWithANoteAndKeepsTheLink() throws IOException {
        StringBuilder md = new StringBuilder("## Findings\n\n");
        for (int i = 0; i < 5000; i++) {
            md.append("- **rule_").append(i).append("** fails for user").append(i).append("@acme.example\n");
        }
        Notification n = new Notification("idaudit run", "5000 failures", Notification.Tone.ATTENTION, md.toString(),
                Map.of("FAIL", 5000L), "https://evidence.acme.example/report.html");

        String slack = ChatFormat.of(WebhookKind.SLACK).payload(n);
        assertTrue(slack.getBytes(StandardCharsets.UTF_8).length <= SlackFormat.MAX_BYTES);
        String text = Json.json().readTree(slack).get("text").asText();
        assertTrue(text.contains("• *rule_0*"), "the start is kept");
        assertTrue(text.contains(ChatFormat.TRUNCATION_NOTE));
        assertTrue(text.endsWith("|Open the report>"), "the link survives the cut");
        assertTrue(text.length() > SlackFormat.MAX_BYTES / 2, "the cut keeps as much as fits: " + text.length());

        String teams = ChatFormat.of(WebhookKind.TEAMS).payload(n);
        assertTrue(teams.getBytes(StandardCharsets.UTF_8).length <= TeamsFormat.MAX_BYTES);
        JsonNode card = Json.json().readTree(teams).get("attachments").get(0).get("content");
        assertTrue(card.get("body").toString().contains(ChatFormat.TRUNCATION_NOTE));
        assertEquals("https://evidence.acme.example/report.html", card.get("actions").get(0).get("url").asText());
    }

    @Test
    void aLongTableIsCutInTheCardWithACountOfWhatIsLeftOut() throws IOException {
        StringBuilder md = new StringBuilder("| rule | fails |\n|---|---|\n");
        for (int i = 0; i < 100; i++) {
            md.append("| rule_").append(i).append(" | ").append(i).append(" |\n");
        }
        Notification n = new Notification("t", "", null, md.toString(), null, null);
        JsonNode body = Json.json().readTree(ChatFormat.of(WebhookKind.TEAMS).payload(n)).get("attachments").get(0).get("content").get("body");
        long rows = 0;
        for (JsonNode e : body) {
            rows += e.get("type").asText().equals("ColumnSet") ? 1 : 0;
        }
        assertEquals(1 + TeamsFormat.MAX_TABLE_ROWS, rows);
        assertEquals("… and 60 more rows in the report", body.get(body.size() - 1).get("inlines").get(0).get("text").asText());
    }
}
