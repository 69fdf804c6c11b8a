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

    private static final Pattern QUOTE = Pattern.compile("^\\s{0,3}> ?(.*)$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(.*)$");
    private static final Pattern ORDERED = Pattern.compile("^(\\s*)(\\d{1,9})[.)]\\s+(.*)$");
    private static final Pattern RULE = Pattern.compile("^\\s*([-*_])(\\s*\\1){2,}\\s*$");
    private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\s*\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?\\s*$");

    static List<Block> parse(String markdown) {
        List<Block> blocks = new ArrayList<>();
        List<String> paragraph = new ArrayList<>();
        List<String> table = new ArrayList<>();
        StringBuilder code = null;
        for (String raw : markdown.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            // A block quote (the summary's "audit incomplete" banner) is read as its content: no
            // chat dialect here has a quote that holds lists.
            Matcher quote = code == null ? QUOTE.matcher(raw) : null;
            String line = quote != null && quote.matches() ? quote.group(1) : raw;
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

    /**
     * A run of inline text with its style, markup and backslash escapes resolved: what each
     * chat dialect renders in its own markup (or, for a Teams card, as formatted TextRuns).
     *
     * @param link the target when the run is (part of) a link's text, else null
     */
    record Span(String text, boolean bold, boolean italic, boolean strike, boolean code, String link) {
        boolean sameStyle(Span o) {
            return bold == o.bold && italic == o.italic && strike == o.strike && code == o.code && java.util.Objects.equals(link, o.link);
        }
    }

    /**
     * Reads CommonMark inline markup: backslash escapes of ASCII punctuation, code spans,
     * **strong** / __strong__, *emphasis* / _emphasis_ (an underscore inside a word is a
     * character, as in snake_case ids), ~~strikethrough~~ and [text](target) links. Unmatched
     * delimiters stay characters.
     */
    static List<Span> spans(String markdown) {
        List<Span> out = new ArrayList<>();
        inline(markdown, 0, markdown.length(), new Span("", false, false, false, false, null), out);
        List<Span> merged = new ArrayList<>();
        for (Span sp : out) {
            if (sp.text().isEmpty()) {
                continue;
            }
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.sameStyle(sp)) {
                merged.set(merged.size() - 1, new Span(last.text() + sp.text(), sp.bold(), sp.italic(), sp.strike(), sp.code(), sp.link()));
            } else {
                merged.add(sp);
            }
        }
        return List.copyOf(merged);
    }

    private static void inline(String s, int from, int to, Span style, List<Span> out) {
        StringBuilder text = new StringBuilder();
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to && isPunctuation(s.charAt(i + 1))) {
                text.append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '`') {
                int n = run(s, i, to, '`');
                int close = codeClose(s, i + n, to, n);
                if (close >= 0) {
                    flush(text, style, out);
                    String code = s.substring(i + n, close);
                    if (code.length() > 1 && code.startsWith(" ") && code.endsWith(" ")) {
                        code = code.substring(1, code.length() - 1);
                    }
                    out.add(new Span(code, style.bold(), style.italic(), style.strike(), true, style.link()));
                }
                if (close < 0) {
                    text.append(s, i, i + n);
                }
                i = close < 0 ? i + n : close + n;
                continue;
            }
            if (c == '[') {
                int label = find(s, i + 1, to, "]");
                int end = label >= 0 && label + 1 < to && s.charAt(label + 1) == '(' ? s.indexOf(')', label + 2) : -1;
                String target = end >= 0 && end < to ? s.substring(label + 2, end) : null;
                if (target != null && !target.isEmpty() && target.chars().noneMatch(Character::isWhitespace)) {
                    flush(text, style, out);
                    inline(s, i + 1, label, new Span("", style.bold(), style.italic(), style.strike(), false, target), out);
                    i = end + 1;
                    continue;
                }
            }
            String delimiter = s.startsWith("**", i) || s.startsWith("__", i) || s.startsWith("~~", i) ? s.substring(i, i + 2)
                    : c == '*' || c == '_' ? String.valueOf(c) : null;
            if (delimiter != null && opens(s, i, to, delimiter)) {
                int close = closer(s, i + delimiter.length(), to, delimiter);
                if (close > i + delimiter.length()) {
                    flush(text, style, out);
                    boolean strong = delimiter.length() == 2 && delimiter.charAt(0) != '~';
                    boolean strike = delimiter.equals("~~");
                    Span inner = new Span("", style.bold() || strong, style.italic() || delimiter.length() == 1,
                            style.strike() || strike, false, style.link());
                    inline(s, i + delimiter.length(), close, inner, out);
                    i = close + delimiter.length();
                    continue;
                }
            }
            text.append(c);
            i++;
        }
        flush(text, style, out);
    }

    private static void flush(StringBuilder text, Span style, List<Span> out) {
        if (text.length() > 0) {
            out.add(new Span(text.toString(), style.bold(), style.italic(), style.strike(), false, style.link()));
            text.setLength(0);
        }
    }

    /** CommonMark's escapable characters: ASCII punctuation. */
    private static boolean isPunctuation(char c) {
        return c < 128 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
    }

    private static int run(String s, int i, int to, char c) {
        int j = i;
        while (j < to && s.charAt(j) == c) {
            j++;
        }
        return j - i;
    }

    /** Where a code span opened by {@code n} backticks closes (a run of exactly n), or -1. */
    private static int codeClose(String s, int from, int to, int n) {
        for (int j = from; j < to; ) {
            if (s.charAt(j) == '`') {
                int m = run(s, j, to, '`');
                if (m == n) {
                    return j;
                }
                j += m;
            } else {
                j++;
            }
        }
        return -1;
    }

    /** The next {@code what} outside escapes and code spans, or -1. */
    private static int find(String s, int from, int to, String what) {
        for (int j = from; j < to; j++) {
            char c = s.charAt(j);
            if (c == '\\' && j + 1 < to) {
                j++;
            } else if (c == '`') {
                int n = run(s, j, to, '`');
                int close = codeClose(s, j + n, to, n);
                j = (close < 0 ? j + n : close + n) - 1;
            } else if (s.startsWith(what, j)) {
                return j;
            }
        }
        return -1;
    }

    /** A delimiter opens when text follows it, and an underscore not inside a word. */
    private static boolean opens(String s, int i, int to, String d) {
        int after = i + d.length();
        if (after >= to || Character.isWhitespace(s.charAt(after))) {
            return false;
        }
        return d.charAt(0) != '_' || i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1));
    }

    /** The matching closing delimiter: after text, not inside a word for an underscore, not half of a double one. */
    private static int closer(String s, int from, int to, String d) {
        for (int j = find(s, from, to, d); j >= 0; j = find(s, j + 1, to, d)) {
            boolean single = d.length() == 1;
            if (!single) {
                // "***" closing "**...*": the strong closes with the run's last two.
                j += run(s, j, to, d.charAt(0)) - 2;
            }
            int after = j + d.length();
            if (Character.isWhitespace(s.charAt(j - 1))
                    || (single && ((after < to && s.charAt(after) == d.charAt(0)) || s.charAt(j - 1) == d.charAt(0)))
                    || (d.charAt(0) == '_' && after < to && Character.isLetterOrDigit(s.charAt(after)))) {
                continue;
            }
            return j;
        }
        return -1;
    }

    /** Inline text without its markup: links become their text, escapes and emphasis are resolved. */
    static String plain(String inline) {
        StringBuilder b = new StringBuilder();
        spans(inline).forEach(sp -> b.append(sp.text()));
        return b.toString();
    }

    /** Whether a link target can be opened from a chat message. */
    static boolean isWebLink(String target) {
        return target.startsWith("https://") || target.startsWith("http://") || target.startsWith("mailto:");
    }
}
