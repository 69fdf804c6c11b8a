package dev.idaudit.report;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Display names of the framework keys used in rule files (see RULES.md). */
public final class Frameworks {
    private Frameworks() {}

    private static final Map<String, String> NAMES = Map.of(
            "soc2", "SOC 2 (2017 TSC)",
            "iso27001_2022", "ISO/IEC 27001:2022 Annex A",
            "nist_800_53_r5", "NIST SP 800-53 Rev. 5",
            "cis_aws", "CIS AWS Foundations Benchmark",
            "okta_stig", "DISA Okta IDaaS STIG V1R2");

    /**
     * Requirement ids in the order a reader expects: numbers by value, so 1.4 comes before 1.10
     * and AC-2 before AC-10; other characters compared as text.
     */
    public static final Comparator<String> NATURAL = Frameworks::compareNatural;

    private static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                int c = new java.math.BigInteger(a.substring(i, ei)).compareTo(new java.math.BigInteger(b.substring(j, ej)));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    /** One line for a cell: {@code nist_800_53_r5: AC-2(3); soc2: CC6.1, CC6.2}, sorted so output is stable. */
    public static String compact(Map<String, List<String>> frameworks) {
        return new TreeMap<>(frameworks).entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    /** The framework's name, or its key when it is not a built-in framework. */
    public static String displayName(String key) {
        return NAMES.getOrDefault(key, key);
    }
}
