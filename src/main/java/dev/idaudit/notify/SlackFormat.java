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
        for (int i = 0; i < n.changes().size(); i++) {
            String line = escape(n.changes().get(i));
            text.append('\n').append(i == 0 ? wrap("*", line) : "• " + line);
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
            text.append("\n\n<").append(escape(n.reportLink())).append("|Open the report>");
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

    /**
     * Markdown inline markup to mrkdwn: *bold*, _italic_, ~strike~, `code`, {@code <url|text>};
     * the text of every run is escaped, and backslash escapes are resolved (mrkdwn has none).
     */
    static String inline(String markdown) {
        List<Markdown.Span> spans = Markdown.spans(markdown);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spans.size(); i++) {
            Markdown.Span sp = spans.get(i);
            if (sp.link() == null) {
                // A bold stretch is one *...* around its parts (code included): mrkdwn reads a
                // mark only at a word's edge, so "*a* `b`*:*" would show its stars.
                StringBuilder group = new StringBuilder(styled(sp));
                while (i + 1 < spans.size() && spans.get(i + 1).link() == null && spans.get(i + 1).bold() == sp.bold()) {
                    group.append(styled(spans.get(++i)));
                }
                out.append(sp.bold() ? wrap("*", group.toString()) : group);
                continue;
            }
            // A link's text is one run of mrkdwn, whatever styles its parts had.
            StringBuilder label = new StringBuilder(sp.text());
            while (i + 1 < spans.size() && sp.link().equals(spans.get(i + 1).link())) {
                label.append(spans.get(++i).text());
            }
            out.append(Markdown.isWebLink(sp.link())
                    ? "<" + escape(sp.link()) + "|" + escape(label.toString()).replace("|", "/") + ">"
                    : escape(label.toString()) + " (" + escape(sp.link()) + ")");
        }
        return out.toString();
    }

    /** A span in mrkdwn, but for bold, which {@link #inline} marks around a whole stretch. */
    private static String styled(Markdown.Span sp) {
        String t = escape(sp.text());
        if (sp.code()) {
            return "`" + t + "`";
        }
        t = sp.strike() ? wrap("~", t) : t;
        return sp.italic() ? wrap("_", t) : t;
    }

    /** Marks around the text, outside its leading and trailing spaces (mrkdwn ignores "* x *"). */
    private static String wrap(String mark, String t) {
        String core = t.strip();
        if (core.isEmpty()) {
            return t;
        }
        int start = t.indexOf(core);
        return t.substring(0, start) + mark + core + mark + t.substring(start + core.length());
    }

    /** The three characters mrkdwn reserves for its own markup. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
