package dev.idaudit.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CommonMark our summary.md uses, read into blocks so that each chat dialect can render
 * it in its own markup: Slack mrkdwn has no headings or tables, an Adaptive Card has no
 * headings, tables or code, and neither takes Markdown as it is.
 */
final class Markdown {
    private Markdown() {}

    sealed interface Block permits Heading, Paragraph, Item, Table, Code {}

    record Heading(int level, String text) implements Block {}

    record Paragraph(String text) implements Block {}

    /** A list item; {@code marker} is null for a bullet, else its number ("1."). */
    record Item(int depth, String marker, String text) implements Block {}

    record Table(List<String> header, List<List<String>> rows) implements Block {}

    record Code(String text) implements Block {}

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(.*)$");
    private static final Pattern ORDERED = Pattern.compile("^(\\s*)(\\d{1,9})[.)]\\s+(.*)$");
    private static final Pattern RULE = Pattern.compile("^\\s*([-*_])(\\s*\\1){2,}\\s*$");
    private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\s*\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?\\s*$");
    /** *text* with one star: emphasis, which both chat dialects write as _text_. */
    static final Pattern SINGLE_STAR_EMPHASIS = Pattern.compile("(?<![\\w*])\\*(?![\\s*])(.+?)(?<![\\s*])\\*(?![\\w*])");
    static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)\\]\\(([^)\\s]+)\\)");

    static List<Block> parse(String markdown) {
        List<Block> blocks = new ArrayList<>();
        List<String> paragraph = new ArrayList<>();
        List<String> table = new ArrayList<>();
        StringBuilder code = null;
        for (String line : markdown.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            if (code != null) {
                if (line.strip().startsWith("```")) {
                    blocks.add(new Code(code.toString()));
                    code = null;
                } else {
                    code.append(code.length() == 0 ? "" : "\n").append(line);
                }
                continue;
            }
            boolean tableLine = line.strip().startsWith("|");
            if (!tableLine && !table.isEmpty()) {
                blocks.add(table(table));
                table.clear();
            }
            Matcher m;
            if (line.strip().startsWith("```")) {
                flush(paragraph, blocks);
                code = new StringBuilder();
            } else if (tableLine) {
                flush(paragraph, blocks);
                table.add(line);
            } else if (line.isBlank() || RULE.matcher(line).matches()) {
                flush(paragraph, blocks);
            } else if ((m = HEADING.matcher(line)).matches()) {
                flush(paragraph, blocks);
                blocks.add(new Heading(m.group(1).length(), m.group(2)));
            } else if ((m = BULLET.matcher(line)).matches()) {
                flush(paragraph, blocks);
                blocks.add(new Item(m.group(1).length() / 2, null, m.group(2)));
            } else if ((m = ORDERED.matcher(line)).matches()) {
                flush(paragraph, blocks);
                blocks.add(new Item(m.group(1).length() / 2, m.group(2) + ".", m.group(3)));
            } else {
                paragraph.add(line.strip());
            }
        }
        if (code != null) {
            blocks.add(new Code(code.toString()));
        }
        if (!table.isEmpty()) {
            blocks.add(table(table));
        }
        flush(paragraph, blocks);
        return List.copyOf(blocks);
    }

    private static void flush(List<String> paragraph, List<Block> blocks) {
        if (!paragraph.isEmpty()) {
            blocks.add(new Paragraph(String.join("\n", paragraph)));
            paragraph.clear();
        }
    }

    private static Table table(List<String> lines) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines) {
            if (!TABLE_SEPARATOR.matcher(line).matches()) {
                rows.add(cells(line));
            }
        }
        if (rows.isEmpty()) {
            return new Table(List.of(), List.of());
        }
        return new Table(rows.get(0), List.copyOf(rows.subList(1, rows.size())));
    }

    /** The cells of a table row; "\|" is a literal bar inside a cell. */
    private static List<String> cells(String line) {
        String s = line.strip();
        if (s.startsWith("|")) {
            s = s.substring(1);
        }
        if (s.endsWith("|") && !s.endsWith("\\|")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                out.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString().strip());
        return List.copyOf(out);
    }

    /** Inline text without its markup: links become their text, emphasis and code marks go. */
    static String plain(String inline) {
        String s = LINK.matcher(inline).replaceAll("$1");
        return s.replace("**", "").replace("__", "").replace("`", "");
    }

    /** Whether a link target can be opened from a chat message. */
    static boolean isWebLink(String target) {
        return target.startsWith("https://") || target.startsWith("http://") || target.startsWith("mailto:");
    }
}
