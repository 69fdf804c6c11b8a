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
 * webhooks and the older connector webhooks both accept. Every text is a RichTextBlock of
 * TextRuns, which the card renders as given ("Markdown is not supported" in a TextRun): the
 * summary's markup becomes the runs' weight, italics, strikethrough, monospace and link
 * actions, so no Markdown character and no escape can show, whatever a name holds. Headings,
 * tables and code, which a card has no Markdown for, become card elements.
 */
final class TeamsFormat extends ChatFormat {
    /** Teams refuses messages over 28 KB; the margin is for the envelope Teams adds. */
    static final int MAX_BYTES = 26_000;
    /** Adaptive Card 1.4: the newest version Teams renders on desktop, web and mobile alike (RichTextBlock is 1.2). */
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
        items.add(rich(List.of(run(n.title(), "size", "Large", "weight", "Bolder"))));
        if (!n.status().isBlank()) {
            items.add(rich(List.of(run(n.status(), "color", color(n.tone()), "weight", "Bolder")), "spacing", "Small"));
        }
        for (int i = 0; i < n.changes().size(); i++) {
            items.add(i == 0 ? rich(List.of(run(n.changes().get(i), "weight", "Bolder")), "spacing", "Medium")
                    : rich(List.of(run("• " + n.changes().get(i))), "spacing", "None"));
        }
        if (!n.counts().isEmpty()) {
            List<Object> facts = new ArrayList<>();
            n.counts().forEach((label, count) -> facts.add(Map.of("title", label, "value", String.valueOf(count))));
            items.add(Map.of("type", "FactSet", "facts", facts));
        }
        Block previous = null;
        for (Block b : body) {
            items.addAll(elements(b, previous instanceof Item));
            previous = b;
        }
        if (truncated) {
            items.add(rich(List.of(run(TRUNCATION_NOTE, "italic", true, "isSubtle", true))));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", CARD_VERSION);
        card.put("msteams", Map.of("width", "Full"));
        card.put("body", items);
        if (n.reportLink() != null) {
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

    /** @param afterItem whether the block before was a list item (items of one list sit close together) */
    private static List<Object> elements(Block b, boolean afterItem) {
        if (b instanceof Heading h) {
            return List.of(rich(List.of(run(Markdown.plain(h.text()), "weight", "Bolder", "size", h.level() <= 2 ? "Medium" : "Default")),
                    "spacing", "Medium"));
        }
        if (b instanceof Paragraph p) {
            return List.of(rich(runs(p.text())));
        }
        if (b instanceof Item i) {
            List<Object> inlines = new ArrayList<>();
            inlines.add(run("    ".repeat(i.depth()) + (i.marker() == null ? "•" : i.marker()) + " "));
            inlines.addAll(runs(i.text()));
            return List.of(rich(inlines, "spacing", afterItem ? "None" : "Default"));
        }
        if (b instanceof Table t) {
            return table(t);
        }
        return List.of(rich(List.of(run(((Code) b).text(), "fontType", "Monospace"))));
    }

    /** A table as one ColumnSet per row, the header row in bold: the card's portable grid. */
    private static List<Object> table(Table t) {
        List<Object> rows = new ArrayList<>();
        int columns = Math.max(t.header().size(), t.rows().stream().mapToInt(List::size).max().orElse(0));
        rows.add(row(t.header(), columns, true));
        t.rows().stream().limit(MAX_TABLE_ROWS).forEach(r -> rows.add(row(r, columns, false)));
        if (t.rows().size() > MAX_TABLE_ROWS) {
            rows.add(rich(List.of(run("… and " + (t.rows().size() - MAX_TABLE_ROWS) + " more rows in the report", "isSubtle", true))));
        }
        return rows;
    }

    private static Object row(List<String> cells, int columns, boolean header) {
        List<Object> cols = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            Object block = rich(header ? List.of(run(Markdown.plain(cell), "weight", "Bolder")) : runs(cell));
            cols.add(Map.of("type", "Column", "width", "stretch", "items", List.of(block)));
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("type", "ColumnSet");
        set.put("columns", cols);
        set.put("spacing", header ? "Medium" : "None");
        return set;
    }

    /**
     * Markdown inline text as TextRuns: a soft line break becomes a space; a web link opens its
     * target, any other link shows it after the text.
     */
    static List<Object> runs(String markdown) {
        List<Object> out = new ArrayList<>();
        for (Markdown.Span sp : Markdown.spans(markdown.replace("\n", " "))) {
            Map<String, Object> r = run(sp.text());
            if (sp.bold()) {
                r.put("weight", "Bolder");
            }
            if (sp.italic()) {
                r.put("italic", true);
            }
            if (sp.strike()) {
                r.put("strikethrough", true);
            }
            if (sp.code()) {
                r.put("fontType", "Monospace");
            }
            if (sp.link() != null && Markdown.isWebLink(sp.link())) {
                r.put("selectAction", Map.of("type", "Action.OpenUrl", "url", sp.link()));
            }
            out.add(r);
            if (sp.link() != null && !Markdown.isWebLink(sp.link())) {
                out.add(run(" (" + sp.link() + ")"));
            }
        }
        return out;
    }

    private static Map<String, Object> run(String text, Object... properties) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "TextRun");
        r.put("text", text);
        for (int i = 0; i < properties.length; i += 2) {
            r.put((String) properties[i], properties[i + 1]);
        }
        return r;
    }

    private static Map<String, Object> rich(List<Object> inlines, Object... properties) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "RichTextBlock");
        block.put("inlines", inlines);
        for (int i = 0; i < properties.length; i += 2) {
            block.put((String) properties[i], properties[i + 1]);
        }
        return block;
    }
}
