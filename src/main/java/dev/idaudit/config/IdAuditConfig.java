package dev.idaudit.config;

/**
 * The okta: and aws: sections of idaudit.yaml, validated. See README "Configuration reference".
 * The rules: section belongs to the rule engine (dev.idaudit.rules.RuleSettings.readConfig reads
 * it from the same file), so that each setting is checked in one place.
 *
 * @param okta null when the file has no okta section (a collection then needs one)
 * @param aws null when the file has no aws section
 * @param evidence how runs are signed; {@link EvidenceConfig#NONE} when the file has no evidence section
 * @param review a closed access review campaign (review:, relative to the config file), or null
 */
public record IdAuditConfig(OktaConfig okta, AwsConfig aws, EvidenceConfig evidence, java.nio.file.Path review) {
    public IdAuditConfig(OktaConfig okta, AwsConfig aws) {
        this(okta, aws, EvidenceConfig.NONE, null);
    }
}
