package dev.idaudit.config;

/**
 * The okta:, aws: and report: sections of idaudit.yaml, validated. See README "Configuration reference".
 * The rules: section belongs to the rule engine (dev.idaudit.rules.RuleSettings.readConfig reads
 * it from the same file), so that each setting is checked in one place.
 *
 * @param okta null when the file has no okta section (a collection then needs one)
 * @param aws null when the file has no aws section
 * @param evidence how runs are signed; {@link EvidenceConfig#NONE} when the file has no evidence section
 * @param review a closed access review campaign (review:, relative to the config file), or null
 * @param reportUrl notify.reportUrl: where a reader opens a run's report (http(s), "{runId}"
 *     replaced by the run's id), or null for no link in a notification
 * @param docsUrl {@code report.docsUrl}: where the rule pages ({@code idaudit rules docs}) are published;
 *     null when not set (then reports link to no rule documentation)
 */
public record IdAuditConfig(OktaConfig okta, AwsConfig aws, EvidenceConfig evidence, java.nio.file.Path review, String reportUrl,
        String docsUrl) {
    /** The placeholder in notify.reportUrl that stands for the run's id. */
    public static final String RUN_ID = "{runId}";

    public IdAuditConfig(OktaConfig okta, AwsConfig aws) {
        this(okta, aws, EvidenceConfig.NONE, null, null, null);
    }

    /** notify.reportUrl for one run, or null when it is not set. */
    public String reportUrl(String runId) {
        return reportUrl == null ? null : reportUrl.replace(RUN_ID, runId);
    }
}
