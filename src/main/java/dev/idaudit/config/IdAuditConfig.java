package dev.idaudit.config;

import java.util.List;
import java.util.Map;

/**
 * The whole of idaudit.yaml, validated. See README "Configuration reference".
 *
 * @param okta null when the file has no okta section (a collection then needs one)
 * @param aws null when the file has no aws section
 * @param rules the rules section, as written (rule ids and params are checked by the rule engine)
 */
public record IdAuditConfig(OktaConfig okta, AwsConfig aws, RulesSection rules) {

    /**
     * {@code rules:} in idaudit.yaml.
     *
     * @param params rule id → parameter name → value
     * @param disabled rule ids not to run
     * @param severity rule id → severity name
     * @param line the line of each rule id named in params/disabled/severity, for error messages
     */
    public record RulesSection(
            Map<String, Map<String, Object>> params,
            List<String> disabled,
            Map<String, String> severity,
            String fileName,
            Map<String, Integer> line) {
        public static final RulesSection EMPTY = new RulesSection(Map.of(), List.of(), Map.of(), null, Map.of());
    }
}
