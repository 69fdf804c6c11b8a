package dev.idaudit.notify;

import dev.idaudit.notify.Markdown.Block;
import dev.idaudit.notify.Markdown.Code;
import dev.idaudit.notify.Markdown.Heading;
import dev.idaudit.notify.Markdown.Item;
import dev.idaudit.notify.Markdown.Paragraph;
import dev.idaudit.notify.Markdown.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Slack incoming webhook payload: {@code {"text": ...}} in Slack mrkdwn. mrkdwn is not
 * Markdown: bold is *one star*, links are {@code <url|text>}, there are no headings or tables,
 * and &amp;, &lt; and &gt; must be escaped everywhere.
 */
final class SlackFormat extends ChatFormat {
    /** Slack truncates a message's text at 40,000 characters; stay well under it. */
    static final int MAX_BYTES = 38_000;

    @Override
    int maxPayloadBytes() {
        return MAX_BYTES;
    }

    @Override
    Object render(Notification n, List<Block> body, boolean truncated) {
        StringBuilder text = new StringBuilder();
        text.append(emoji(n.tone())).append(" *").append(escape(n.title())).append('*');
        if (!n.status().isBlank()) {
            text.append('\n').append(escape(n.status()));
        }
        if (!n.counts().isEmpty()) {
            List<String> parts = new ArrayList<>();
            n.counts().forEach((label, count) -> parts.add(escape(label) + " *" + count + "*"));
            text.append('\n').append(String.join("  ·  ", parts));
        }
        String previous = null;
        for (Block b : body) {
            // List items follow each other on the next line; other blocks are set apart.
            text.append(b instanceof Item && "item".equals(previous) ? "\n" : "\n\n");
            text.append(block(b));
            previous = b instanceof Item ? "item" : "other";
        }
        if (truncated) {
            text.append("\n\n_").append(escape(TRUNCATION_NOTE)).append('_');
        }
        if (n.reportLink() != null) {
            text.append("\n\n").append(n.reportLinkIsUrl()
                    ? "<" + escape(n.reportLink()) + "|Open the report>"
                    : "Report: `" + escape(n.reportLink()) + "`");
        }
        return Map.of("text", text.toString());
    }

    private static String emoji(Notification.Tone tone) {
        return switch (tone) {
            case GOOD -> ":white_check_mark:";
            case WARNING -> ":warning:";
            case ATTENTION -> ":rotating_light:";
        };
    }

    private static String block(Block b) {
        if (b instanceof Heading h) {
            return "*" + escape(Markdown.plain(h.text())) + "*";
        }
        if (b instanceof Paragraph p) {
            return inline(p.text());
        }
        if (b instanceof Item i) {
            return "    ".repeat(i.depth()) + (i.marker() == null ? "•" : i.marker()) + " " + inline(i.text());
        }
        if (b instanceof Table t) {
            return "```\n" + escape(aligned(t)) + "\n```";
        }
        return "```\n" + escape(((Code) b).text()) + "\n```";
    }

    /** A table as monospace columns, the only tabular layout mrkdwn has. */
    private static String aligned(Table t) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(t.header());
        rows.addAll(t.rows());
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                width[c] = Math.max(width[c], Markdown.plain(row.get(c)).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = c < row.size() ? Markdown.plain(row.get(c)) : "";
                line.append(c == 0 ? "" : "  ").append(cell).append(" ".repeat(width[c] - cell.length()));
            }
            out.append(r == 0 ? "" : "\n").append(line.toString().stripTrailing());
            if (r == 0) {
                out.append('\n').append("-".repeat(Math.max(3, line.toString().stripTrailing().length())));
            }
        }
        return out.toString();
    }

    /** Markdown inline markup to mrkdwn; code spans are kept as they are (escaped only). */
    static String inline(String markdown) {
        String[] parts = markdown.split("`", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            boolean code = i % 2 == 1 && i < parts.length - 1;
            if (i > 0) {
                out.append('`');
            }
            out.append(code ? escape(parts[i]) : emphasis(parts[i]));
        }
        return out.toString();
    }

    private static String emphasis(String text) {
        String s = escape(text);
        Matcher m = Markdown.LINK.matcher(s);
        StringBuilder linked = new StringBuilder();
        while (m.find()) {
            String label = m.group(1);
            String target = m.group(2);
            m.appendReplacement(linked, Matcher.quoteReplacement(Markdown.isWebLink(target)
                    ? "<" + target + "|" + label.replace("|", "/") + ">"
                    : label + " (" + target + ")"));
        }
        m.appendTail(linked);
        // Bold first, through a placeholder, so that its stars are not read as italics.
        String bold = linked.toString()
                .replaceAll("\\*\\*(.+?)\\*\\*", "\u0001$1\u0001")
                .replaceAll("__(.+?)__", "\u0001$1\u0001");
        return Markdown.SINGLE_STAR_EMPHASIS.matcher(bold).replaceAll("_$1_")
                .replaceAll("~~(.+?)~~", "~$1~")
                .replace('\u0001', '*');
    }

    /** The three characters mrkdwn reserves for its own markup. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
