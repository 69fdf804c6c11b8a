package dev.idaudit.notify;

import dev.idaudit.notify.Markdown.Block;
import dev.idaudit.notify.Markdown.Code;
import dev.idaudit.notify.Markdown.Heading;
import dev.idaudit.notify.Markdown.Item;
import dev.idaudit.notify.Markdown.Paragraph;
import dev.idaudit.notify.Markdown.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Microsoft Teams payload: a message with one Adaptive Card attachment, which Teams Workflows
 * webhooks and the older connector webhooks both accept. A TextBlock renders only a subset of
 * Markdown (bold, italic, lists, links), so headings, tables and code become card elements.
 */
final class TeamsFormat extends ChatFormat {
    /** Teams refuses messages over 28 KB; the margin is for the envelope Teams adds. */
    static final int MAX_BYTES = 26_000;
    /** Adaptive Card 1.4: the newest version Teams renders on desktop, web and mobile alike. */
    static final String CARD_VERSION = "1.4";
    /** A table longer than this is cut, with a line saying how many rows are left out. */
    static final int MAX_TABLE_ROWS = 40;

    @Override
    int maxPayloadBytes() {
        return MAX_BYTES;
    }

    @Override
    Object render(Notification n, List<Block> body, boolean truncated) {
        List<Object> items = new ArrayList<>();
        items.add(text(n.title(), "size", "Large", "weight", "Bolder"));
        if (!n.status().isBlank()) {
            items.add(text(n.status(), "color", color(n.tone()), "weight", "Bolder", "spacing", "Small"));
        }
        if (!n.counts().isEmpty()) {
            List<Object> facts = new ArrayList<>();
            n.counts().forEach((label, count) -> facts.add(Map.of("title", label, "value", String.valueOf(count))));
            items.add(Map.of("type", "FactSet", "facts", facts));
        }
        List<String> list = new ArrayList<>();
        for (Block b : body) {
            if (b instanceof Item i) {
                list.add("  ".repeat(i.depth()) + (i.marker() == null ? "-" : i.marker()) + " " + inline(i.text()));
                continue;
            }
            if (!list.isEmpty()) {
                items.add(text(String.join("\r", list)));
                list.clear();
            }
            items.addAll(elements(b));
        }
        if (!list.isEmpty()) {
            items.add(text(String.join("\r", list)));
        }
        if (truncated) {
            items.add(text("_" + TRUNCATION_NOTE + "_", "isSubtle", true));
        }
        if (n.reportLink() != null && !n.reportLinkIsUrl()) {
            items.add(text("Report: " + n.reportLink(), "fontType", "Monospace", "isSubtle", true));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", CARD_VERSION);
        card.put("msteams", Map.of("width", "Full"));
        card.put("body", items);
        if (n.reportLinkIsUrl()) {
            card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open the report", "url", n.reportLink())));
        }
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "message");
        message.put("attachments", List.of(attachment));
        return message;
    }

    private static String color(Notification.Tone tone) {
        return switch (tone) {
            case GOOD -> "Good";
            case WARNING -> "Warning";
            case ATTENTION -> "Attention";
        };
    }

    private static List<Object> elements(Block b) {
        if (b instanceof Heading h) {
            return List.of(text(Markdown.plain(h.text()), "weight", "Bolder", "size", h.level() <= 2 ? "Medium" : "Default", "spacing", "Medium"));
        }
        if (b instanceof Paragraph p) {
            return List.of(text(inline(p.text())));
        }
        if (b instanceof Table t) {
            return table(t);
        }
        return List.of(text(((Code) b).text(), "fontType", "Monospace"));
    }

    /** A table as one ColumnSet per row, the header row in bold: the card's portable grid. */
    private static List<Object> table(Table t) {
        List<Object> rows = new ArrayList<>();
        int columns = Math.max(t.header().size(), t.rows().stream().mapToInt(List::size).max().orElse(0));
        rows.add(row(t.header(), columns, true));
        t.rows().stream().limit(MAX_TABLE_ROWS).forEach(r -> rows.add(row(r, columns, false)));
        if (t.rows().size() > MAX_TABLE_ROWS) {
            rows.add(text("… and " + (t.rows().size() - MAX_TABLE_ROWS) + " more rows in the report", "isSubtle", true));
        }
        return rows;
    }

    private static Object row(List<String> cells, int columns, boolean header) {
        List<Object> cols = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            Map<String, Object> block = text(header ? Markdown.plain(cell) : inline(cell));
            if (header) {
                block.put("weight", "Bolder");
            }
            cols.add(Map.of("type", "Column", "width", "stretch", "items", List.of(block)));
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("type", "ColumnSet");
        set.put("columns", cols);
        set.put("spacing", header ? "Medium" : "None");
        return set;
    }

    /**
     * Markdown inline markup to the TextBlock subset: *italic* becomes _italic_ (a single star
     * is not read), a soft line break becomes a space, code marks go.
     */
    static String inline(String markdown) {
        return Markdown.SINGLE_STAR_EMPHASIS.matcher(markdown.replace("\n", " ")).replaceAll("_$1_").replace("`", "");
    }

    private static Map<String, Object> text(String text, Object... properties) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "TextBlock");
        block.put("text", text);
        block.put("wrap", true);
        for (int i = 0; i < properties.length; i += 2) {
            block.put((String) properties[i], properties[i + 1]);
        }
        return block;
    }
}
