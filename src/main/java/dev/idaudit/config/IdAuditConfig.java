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
 */
public record IdAuditConfig(OktaConfig okta, AwsConfig aws, RuleSettings rules, Limits limits) {
    public IdAuditConfig {
        rules = rules == null ? RuleSettings.DEFAULTS : rules;
        limits = limits == null ? Limits.DEFAULTS : limits;
    }

    public IdAuditConfig(OktaConfig okta, AwsConfig aws) {
        this(okta, aws, null, null);
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
