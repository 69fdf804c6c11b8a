package dev.idaudit.util;

import java.util.ArrayList;
import java.util.List;

/** Reads CSV: IAM's credential report, and in tests the CSV reports idaudit writes. */
public final class Csv {
    private Csv() {}

    /**
     * The rows of an RFC 4180 text: fields separated by commas, optionally quoted, "" inside
     * quotes is a quote, rows ended by LF or CRLF (kept inside quotes).
     */
    public static List<List<String>> rows(String csv) {
        List<List<String>> lines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                lines.add(fields);
                fields = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            lines.add(fields);
        }
        return lines;
    }
}
