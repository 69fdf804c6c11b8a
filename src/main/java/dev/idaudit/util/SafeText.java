package dev.idaudit.util;

/**
 * Makes text from API data (user, group, account names...) inert on a terminal and in text
 * reports: a name holding ESC could move the cursor or recolour the console, BEL rings it, and a
 * bidi override (U+202E) makes the rest of a line read backwards. Each such character is written
 * as its Java/JSON escape {@code \\uXXXX} (a backslash, u and four lower-case hex digits, e.g.
 * {@code \\u001b}, {@code \\u202e}), a form that is visible and carries no meaning to a terminal,
 * Markdown, CSV or a spreadsheet.
 *
 * <p>Escaped: C0 controls (U+0000-U+001F), DEL (U+007F), C1 controls (U+0080-U+009F), the bidi
 * embeddings/overrides U+202A-U+202E and isolates U+2066-U+2069. {@link #text} keeps tab and line
 * breaks (for formats whose fields may hold them); {@link #line} escapes those too, for a
 * one-line console field.
 */
public final class SafeText {
    private SafeText() {}

    /** For a one-line field (console): every listed character escaped, tab and line breaks too. */
    public static String line(String s) {
        return escape(s, false);
    }

    /** For a multi-line text field: tab, LF and CR kept, every other listed character escaped. */
    public static String text(String s) {
        return escape(s, true);
    }

    /** True when {@code c} is a character this class escapes in a one-line field. */
    public static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    private static String escape(String s, boolean keepLineBreaks) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escape = unsafe(c) && !(keepLineBreaks && (c == '\t' || c == '\n' || c == '\r'));
            if (escape && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (escape) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
