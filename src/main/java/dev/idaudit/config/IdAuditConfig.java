package dev.idaudit.config;

/**
 * The okta:, aws: and report: sections of idaudit.yaml, validated. See README "Configuration reference".
 * The rules: section belongs to the rule engine (dev.idaudit.rules.RuleSettings.readConfig reads
 * it from the same file), so that each setting is checked in one place.
 *
 * @param okta null when the file has no okta section (a collection then needs one)
 * @param aws null when the file has no aws section
 * @param docsUrl {@code report.docsUrl}: where the rule pages ({@code idaudit rules docs}) are published;
 *     null when not set (then reports link to no rule documentation)
 */
public record IdAuditConfig(OktaConfig okta, AwsConfig aws, String docsUrl) {
    public IdAuditConfig(OktaConfig okta, AwsConfig aws) {
        this(okta, aws, null);
    }
}
