package dev.idaudit.report;

/** Small text helpers shared by the reporters. */
public final class Text {
    private Text() {}

    /** The value, or "" for null: optional fields print as empty cells, never as "null". */
    public static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
