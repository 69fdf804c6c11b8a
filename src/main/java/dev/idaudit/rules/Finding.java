package dev.idaudit.rules;

import java.util.List;
import java.util.Map;

/**
 * The result of one rule on one resource: the row every report renders. Every rule returns
 * this one shape, so every report works with every rule.
 *
 * @param frameworks framework key → requirement ids, e.g. soc2 → [CC6.1, CC6.2]
 * @param waiver the waiver that turned this FAIL into WAIVED (or that expired), else null
 */
public record Finding(
        String ruleId,
        String title,
        Status status,
        Severity severity,
        Resource resource,
        String reason,
        String remediation,
        Map<String, List<String>> frameworks,
        WaiverRef waiver) {

    public Finding {
        frameworks = frameworks == null ? Map.of() : Map.copyOf(frameworks);
    }

    /**
     * What a finding is about.
     *
     * @param type e.g. okta_user, identity_store_user, permission_set, assignment, account, okta_app
     * @param accountId the AWS account concerned, or null
     */
    public record Resource(String type, String id, String name, String accountId) {
        /** The type of the finding a rule makes when a whole snapshot section it reads is missing. */
        public static final String SNAPSHOT = "snapshot";
        /** The type of the finding a rule makes for an account it could not read. */
        public static final String ACCOUNT = "account";
        /** The type of the finding a rule makes for an app it could not read (also the type of app resources). */
        public static final String OKTA_APP = "okta_app";
        /** The type of the ERROR finding a rule makes when it fails. */
        public static final String RULE = "rule";
        /**
         * Types whose findings rule pack 1.0 keyed by the resource's name and later packs by its
         * id: {@code permission_set} (the ARN since rule pack 1.1). Waivers written against the
         * name still match, with a warning ({@link Waivers}), and run-over-run comparison pairs
         * an earlier finding keyed by name with its finding keyed by ARN (drift's FindingsDelta).
         */
        public static final java.util.Set<String> KEYED_BY_NAME_BEFORE = java.util.Set.of("permission_set");
    }

    /** The waiver applied to (or expired on) a finding. */
    public record WaiverRef(String reason, String owner, String ticket, String expires, boolean expired) {}
}
