package dev.idaudit.report;

import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Lists;
import dev.idaudit.snapshot.Snapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a report renders, already computed: reporters only format, they never join or
 * evaluate. The check stage (rules, waivers), the audit model (access matrix, reconciliation)
 * and the drift stage (changes) fill it; every {@link Reporter} reads this one record.
 *
 * @param run when, by what and from where the run was made
 * @param snapshot the snapshot the findings were computed from (for the raw inventory sheets)
 * @param findings every finding of the run, any status
 * @param rules the metadata of every rule in the pack, evaluated or not
 * @param waivers the waivers that were loaded, with what they matched
 * @param collectionIssues what could not be collected (usually the snapshot's own list)
 * @param evidence the run's input files and their hashes (the manifest lists every file)
 * @param accessMatrix who reaches which account with which permission set, through which group
 * @param reconciliation Okta users and groups against Identity Store users and groups
 * @param changes what changed since the previous run; empty when there is none or no previous run
 */
public record ReportInput(
        RunInfo run,
        Snapshot snapshot,
        List<Finding> findings,
        List<RuleInfo> rules,
        List<WaiverInfo> waivers,
        List<CollectionIssue> collectionIssues,
        List<EvidenceFile> evidence,
        List<AccessRow> accessMatrix,
        List<ReconciliationRow> reconciliation,
        List<ChangeRow> changes) {

    public ReportInput {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(snapshot, "snapshot");
        findings = Lists.copy(findings);
        rules = Lists.copy(rules);
        waivers = Lists.copy(waivers);
        collectionIssues = Lists.copy(collectionIssues);
        evidence = Lists.copy(evidence);
        accessMatrix = Lists.copy(accessMatrix);
        reconciliation = Lists.copy(reconciliation);
        changes = Lists.copy(changes);
    }

    /** The same input with another list of evidence files (known only once the inputs are written). */
    public ReportInput withEvidence(List<EvidenceFile> files) {
        return new ReportInput(run, snapshot, findings, rules, waivers, collectionIssues, files, accessMatrix, reconciliation,
                changes);
    }

    /**
     * Where the run came from.
     *
     * @param runId the run directory's name (its UTC start time), e.g. 2026-11-28T03-28-00Z
     * @param toolVersion idaudit's version
     * @param rulePackDigest SHA-256 of the rule pack that was evaluated
     * @param configDigest SHA-256 of the configuration, secrets removed
     * @param sources what was read, e.g. okta → https://acme.okta.com
     * @param previousRunId the run the changes are computed against, or null when there was none
     */
    public record RunInfo(
            String runId,
            String toolVersion,
            Instant startedAt,
            Instant finishedAt,
            String rulePackDigest,
            String configDigest,
            List<Source> sources,
            String previousRunId) {
        public RunInfo {
            Objects.requireNonNull(runId, "runId");
            sources = Lists.copy(sources);
        }
    }

    /** One system that was read: {@code name} (okta, aws) and where (org URL, caller ARN). */
    public record Source(String name, String location) {}

    /**
     * A rule's metadata, whether or not it produced findings.
     *
     * @param frameworks framework key → requirement ids, e.g. soc2 → [CC6.1]
     * @param helpUri where the rule is documented (SARIF helpUri); null for the default docs page
     */
    public record RuleInfo(
            String id,
            String title,
            Severity severity,
            String description,
            String remediation,
            Map<String, List<String>> frameworks,
            String helpUri) {
        /** Where rule pages live when a rule names none; {@code <id>.md} is appended. */
        public static final String DEFAULT_DOCS_BASE = "https://github.com/idaudit/idaudit/blob/main/docs/rules/";

        public RuleInfo {
            Objects.requireNonNull(id, "id");
            frameworks = Lists.copy(frameworks);
        }

        public String helpUriOrDefault() {
            return helpUri != null ? helpUri : DEFAULT_DOCS_BASE + id + ".md";
        }
    }

    /**
     * A waiver and what it did in this run.
     *
     * @param resource the resource id (or pattern) it covers
     * @param state ACTIVE (matched, not expired), EXPIRED (past its date), or STALE (matches nothing)
     * @param matchedFindings how many findings it turned into WAIVED
     */
    public record WaiverInfo(
            String ruleId,
            String resource,
            String reason,
            String owner,
            String ticket,
            LocalDate expires,
            WaiverState state,
            int matchedFindings) {}

    public enum WaiverState { ACTIVE, EXPIRED, STALE }

    /** A file of the run and its SHA-256 (hex, lower case). */
    public record EvidenceFile(String path, long sizeBytes, String sha256) {}

    /**
     * One path to access: a user reaches an account with a permission set.
     *
     * @param user the user's display form (userName or login)
     * @param userId the Identity Store UserId
     * @param oktaStatus the Okta user's status, or null when no Okta user matches
     * @param viaGroup the group the assignment names, or null for a direct user assignment
     */
    public record AccessRow(
            String user,
            String userId,
            String oktaStatus,
            String accountId,
            String accountName,
            String permissionSet,
            String viaGroup) {}

    /**
     * One user or group and where it exists.
     *
     * @param kind USER or GROUP
     * @param oktaId the Okta id, or null when only AWS has it
     * @param identityStoreId the Identity Store id, or null when only Okta has it
     * @param side where it exists
     * @param detail why it is on one side only (e.g. "Okta user DEPROVISIONED, still ENABLED in AWS")
     */
    public record ReconciliationRow(
            PrincipalKind kind, String name, String oktaId, String identityStoreId, Side side, String detail) {}

    public enum PrincipalKind { USER, GROUP }

    public enum Side { BOTH, OKTA_ONLY, AWS_ONLY }

    /**
     * One thing that changed since the previous run.
     *
     * @param area e.g. finding, user, group, assignment, permission_set
     * @param subject what changed, e.g. a user name or a rule id and resource
     * @param detail e.g. "FAIL → PASS" or "added to org-DevOps"
     */
    public record ChangeRow(String area, ChangeType type, String subject, String detail) {}

    /**
     * NOT_COLLECTED: in the previous run, and absent from this one where this run could not read
     * completely; unknown, never "removed" or "resolved".
     */
    public enum ChangeType {
        ADDED, REMOVED, CHANGED, NOT_COLLECTED;

        /** What a person reads: Added, Removed, Changed, Not collected. */
        public String label() {
            String s = name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
