package dev.idaudit.report;

/**
 * Cell values that a spreadsheet could take for a formula (=, +, -, @, or a leading tab or
 * carriage return, which some programs strip before looking). Data from Okta or AWS is
 * attacker-controlled: a user named {@code =HYPERLINK(...)} must stay a name.
 */
public final class SpreadsheetText {
    private SpreadsheetText() {}

    public static boolean looksLikeFormula(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** For CSV: prefixes a formula-looking value with an apostrophe, which spreadsheets show as text. */
    public static String inert(String value) {
        if (value == null) {
            return "";
        }
        return looksLikeFormula(value) ? "'" + value : value;
    }
}
