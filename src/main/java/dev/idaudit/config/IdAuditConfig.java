package dev.idaudit.config;

import dev.idaudit.rules.RuleSettings;

/**
 * idaudit.yaml, every section validated by {@link ConfigLoader}. See README "Configuration reference".
 * The rules: section is read by the rule engine's own reader (RuleSettings.fromEntry), called by
 * the loader; the engine checks its rule ids and parameters against the pack it loads.
 *
 * @param okta null when the file has no okta section (a collection then needs one), or when the
 *     file was read offline (no secrets)
 * @param aws null when the file has no aws section
 * @param rules the rules: section, or the defaults
 * @param limits the limits: section, or the defaults
 * @param evidence how runs are signed; {@link EvidenceConfig#NONE} when the file has no evidence section
 * @param review a closed access review campaign (review:, relative to the config file), or null
 * @param reportUrl notify.reportUrl: where a reader opens a run's report (http(s), "{runId}"
 *     replaced by the run's id), or null for no link in a notification
 * @param docsUrl {@code report.docsUrl}: where the rule pages ({@code idaudit rules docs}) are published;
 *     null when not set (then reports link to no rule documentation)
 */
public record IdAuditConfig(OktaConfig okta, AwsConfig aws, RuleSettings rules, Limits limits, EvidenceConfig evidence,
        java.nio.file.Path review, String reportUrl, String docsUrl) {
    /** The placeholder in notify.reportUrl that stands for the run's id. */
    public static final String RUN_ID = "{runId}";

    public IdAuditConfig {
        rules = rules == null ? RuleSettings.DEFAULTS : rules;
        limits = limits == null ? Limits.DEFAULTS : limits;
        evidence = evidence == null ? EvidenceConfig.NONE : evidence;
    }

    public IdAuditConfig(OktaConfig okta, AwsConfig aws) {
        this(okta, aws, null, null, null, null, null, null);
    }

    /** notify.reportUrl for one run, or null when it is not set. */
    public String reportUrl(String runId) {
        return reportUrl == null ? null : reportUrl.replace(RUN_ID, runId);
    }

    /**
     * The limits: section: bounds on what idaudit reads, so a hostile or broken input ends as a
     * clear error instead of exhausting the machine.
     *
     * @param maxDecompressedBytes the most a compressed input (a snapshot .json.gz) may expand to
     */
    public record Limits(long maxDecompressedBytes) {
        public static final Limits DEFAULTS = new Limits(dev.idaudit.snapshot.SnapshotIO.DEFAULT_MAX_DECOMPRESSED_BYTES);
    }
}
