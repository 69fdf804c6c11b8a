package dev.idaudit.collect.aws;

import dev.idaudit.snapshot.AwsSnapshot.CredentialReportRow;
import dev.idaudit.util.Csv;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the IAM credential report (GetCredentialReport, format text/csv). Columns are found by
 * their header name, so a report with columns added or reordered still reads. Values that are not
 * dates ("N/A", "no_information", "not_supported") read as null; "not_supported" and anything but
 * "true" read as false.
 */
final class CredentialReportCsv {
    private CredentialReportCsv() {}

    static List<CredentialReportRow> parse(String csv) {
        List<List<String>> lines = Csv.rows(csv);
        if (lines.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> column = new HashMap<>();
        List<String> header = lines.get(0);
        for (int i = 0; i < header.size(); i++) {
            column.put(header.get(i).trim(), i);
        }
        List<CredentialReportRow> rows = new ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            if (line.size() == 1 && line.get(0).isBlank()) {
                continue;
            }
            Row row = new Row(column, line);
            rows.add(new CredentialReportRow(
                    row.text("user"),
                    row.text("arn"),
                    row.flag("password_enabled"),
                    row.flag("mfa_active"),
                    row.flag("access_key_1_active"),
                    row.flag("access_key_2_active"),
                    row.instant("password_last_used"),
                    row.instant("access_key_1_last_used_date"),
                    row.instant("access_key_2_last_used_date")));
        }
        return rows;
    }

    private record Row(Map<String, Integer> column, List<String> values) {
        String text(String name) {
            Integer i = column.get(name);
            return i == null || i >= values.size() ? null : values.get(i);
        }

        boolean flag(String name) {
            return "true".equalsIgnoreCase(text(name));
        }

        Instant instant(String name) {
            String value = text(name);
            if (value == null || value.isEmpty() || !Character.isDigit(value.charAt(0))) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
