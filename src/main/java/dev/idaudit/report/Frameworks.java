package dev.idaudit.report;

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
