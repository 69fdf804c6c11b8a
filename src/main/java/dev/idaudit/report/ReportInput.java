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
 * @param details what explains each finding, in the order of {@code findings} (see {@link FindingDetail} and
 *     {@link #detail(int)}); empty for an input built without a model
 * @param frameworks every framework of the rule pack, with its version and requirement titles
 * @param docsUrl where the rule pages ({@code idaudit rules docs}) are published, from {@code report.docsUrl} or
 *     {@code --docs-url}; null when not set: then no report links to rule documentation
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
        List<ChangeRow> changes,
        List<FindingDetail> details,
        List<FrameworkInfo> frameworks,
        String docsUrl) {

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
        details = Lists.copy(details);
        frameworks = Lists.copy(frameworks);
        if (!details.isEmpty() && details.size() != findings.size()) {
            throw new IllegalArgumentException(details.size() + " finding details for " + findings.size() + " findings");
        }
        docsUrl = docsUrl == null || docsUrl.isBlank() ? null : docsUrl.strip();
    }

    /** An input without finding details, frameworks or documentation address (tests, hand-built inputs). */
    public ReportInput(RunInfo run, Snapshot snapshot, List<Finding> findings, List<RuleInfo> rules, List<WaiverInfo> waivers,
            List<CollectionIssue> collectionIssues, List<EvidenceFile> evidence, List<AccessRow> accessMatrix,
            List<ReconciliationRow> reconciliation, List<ChangeRow> changes) {
        this(run, snapshot, findings, rules, waivers, collectionIssues, evidence, accessMatrix, reconciliation, changes, List.of(),
                List.of(), null);
    }

    /** The same input with another list of evidence files (known only once the inputs are written). */
    public ReportInput withEvidence(List<EvidenceFile> files) {
        return new ReportInput(run, snapshot, findings, rules, waivers, collectionIssues, files, accessMatrix, reconciliation,
                changes, details, frameworks, docsUrl);
    }

    /** The same input rendered with rule documentation links under {@code url} (null: no links). */
    public ReportInput withDocsUrl(String url) {
        return new ReportInput(run, snapshot, findings, rules, waivers, collectionIssues, evidence, accessMatrix, reconciliation,
                changes, details, frameworks, url);
    }

    /**
     * What explains {@code findings().get(index)}: its details when the input has them, else what the
     * finding itself says (its own account, nothing else known).
     */
    public FindingDetail detail(int index) {
        if (!details.isEmpty()) {
            return details.get(index);
        }
        return FindingDetail.bare(findings.get(index));
    }

    /** Every finding with its details, in the order of {@code findings}. */
    public List<Explained> explained() {
        List<Explained> out = new java.util.ArrayList<>(findings.size());
        for (int i = 0; i < findings.size(); i++) {
            out.add(new Explained(findings.get(i), detail(i)));
        }
        return out;
    }

    /** A finding and what explains it. */
    public record Explained(Finding finding, FindingDetail detail) {}

    /**
     * The address of a rule's page under {@link #docsUrl()}: {@code <docsUrl>/<rule id>.md}, the file
     * {@code idaudit rules docs} writes; null when no documentation address is set.
     */
    public String ruleDocsUri(String ruleId) {
        if (docsUrl == null) {
            return null;
        }
        return (docsUrl.endsWith("/") ? docsUrl : docsUrl + "/") + ruleId + ".md";
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
     * A rule's metadata, whether or not it produced findings: what every finding of the rule shares.
     *
     * @param remediation the remediation in one line (text and documentation link)
     * @param frameworks framework key → requirement ids, e.g. soc2 → [CC6.1]
     * @param risk what can go wrong while the rule fails (the rule file's {@code risk}); null when unknown
     * @param fix the remediation in parts (text, console steps, CLI, Terraform, documentation links); null when unknown
     * @param requirements the framework requirements the rule gives evidence for, with their titles
     * @param reads the snapshot sections the rule reads, e.g. {@code okta.users}; an entry {@code a | b}
     *     when either is enough
     * @param documentation the rule's documentation page (Markdown, as {@code idaudit rules docs} writes it),
     *     embedded so a report needs no address to explain the rule; its address, when one is set, is
     *     {@link ReportInput#ruleDocsUri}; null when unknown
     */
    // Report data version 1 wrote a helpUri (null, or an address idaudit made up): read and dropped.
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"helpUri"})
    public record RuleInfo(
            String id,
            String title,
            Severity severity,
            String description,
            String remediation,
            Map<String, List<String>> frameworks,
            String risk,
            Remediation fix,
            List<RequirementRef> requirements,
            List<String> reads,
            String documentation) {

        public RuleInfo {
            Objects.requireNonNull(id, "id");
            frameworks = Lists.copy(frameworks);
            requirements = Lists.copy(requirements);
            reads = Lists.copy(reads);
        }

        /** A rule known only by its one-line metadata (a finding without a rule file, a hand-built input). */
        public RuleInfo(String id, String title, Severity severity, String description, String remediation,
                Map<String, List<String>> frameworks) {
            this(id, title, severity, description, remediation, frameworks, null, null, List.of(), List.of(), null);
        }
    }

    /**
     * How to fix a failure, as the rule file says it.
     *
     * @param console steps in the AWS or Okta admin console, in order
     * @param cli commands (AWS CLI, Okta API calls) where the rule gives them
     * @param terraform Terraform (HCL) where the rule gives it; null when not
     * @param links documentation addresses the rule names (the vendors' pages)
     */
    public record Remediation(String text, List<String> console, List<String> cli, String terraform, List<String> links) {
        public Remediation {
            console = Lists.copy(console);
            cli = Lists.copy(cli);
            links = Lists.copy(links);
        }
    }

    /**
     * One framework requirement a rule gives evidence for.
     *
     * @param framework the framework key, e.g. soc2
     * @param frameworkName e.g. "SOC 2 Trust Services Criteria"; the key when the pack has no such framework file
     * @param version the framework's version, e.g. "2017 (revised 2022)"; null when unknown
     * @param id the requirement id, e.g. CC6.2
     * @param title the requirement's title from the framework file; null when the file does not list it
     */
    public record RequirementRef(String framework, String frameworkName, String version, String id, String title) {}

    /**
     * A framework of the rule pack (rules/frameworks/&lt;key&gt;.yaml).
     *
     * @param requirements in the order the file lists them
     */
    public record FrameworkInfo(String key, String name, String version, String url, List<Requirement> requirements) {
        public FrameworkInfo {
            requirements = Lists.copy(requirements);
        }

        /** A requirement and the rules that give evidence for it. */
        public record Requirement(String id, String title, List<String> rules) {
            public Requirement {
                rules = Lists.copy(rules);
            }
        }
    }

    /** An AWS account a finding concerns; {@code name} null when the organization did not list it. */
    public record AccountRef(String id, String name) {}

    /**
     * A snapshot record a finding was decided on, so a reader can find it in the run's
     * {@code snapshot.json.gz} (see docs/findings.md, "Evidence").
     *
     * @param section the snapshot section ({@link dev.idaudit.snapshot.Sections}), e.g. okta.users
     * @param path a jq expression selecting the record in the unzipped snapshot, e.g.
     *     {@code .okta.users[] | select(.id == "00u1")}
     * @param label what the record is, e.g. "Okta user 00u1"
     */
    public record EvidenceRef(String section, String path, String label) {}

    /**
     * How a finding stands against the previous run (see {@link dev.idaudit.drift.FindingsDelta}).
     * UNCHANGED: it did not move (e.g. PASS both times, or seen for the first time and not failing).
     */
    public enum SinceLastRun {
        NEW_FAILURE, STILL_FAILING, NEWLY_WAIVED, WAIVER_EXPIRED, NO_LONGER_EVALUATED, UNCHANGED;

        /** What a person reads, e.g. "New failure". */
        public String label() {
            String s = name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }

    /**
     * What explains one finding beyond the finding itself; the rule's share (risk, remediation,
     * requirements, documentation) is its {@link RuleInfo}.
     *
     * @param fingerprint {@link FindingKey#fingerprint} of the finding, so the detail is tied to its finding
     * @param accounts every account the finding concerns: the resource's own account, else the accounts a
     *     person (Okta user, Identity Store user), a group or a permission set reaches through assignments
     * @param firstSeenRun the run in which the finding was first reported with its current state (open: FAIL
     *     or WAIVED; else its status), counted back through consecutive runs; this run's id when new
     * @param firstSeenAt when that run started; null when unknown
     * @param sinceLastRun how it moved since the previous run; null when there was no previous run to compare with
     * @param evidence the snapshot records the finding was decided on
     */
    public record FindingDetail(
            String fingerprint,
            List<AccountRef> accounts,
            String firstSeenRun,
            Instant firstSeenAt,
            SinceLastRun sinceLastRun,
            List<EvidenceRef> evidence) {
        public FindingDetail {
            accounts = Lists.copy(accounts);
            evidence = Lists.copy(evidence);
        }

        /** True when it fails now and did not fail (and was not waived) in the previous run. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isNew() {
            return sinceLastRun == SinceLastRun.NEW_FAILURE;
        }

        /** The account ids, for filters. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public List<String> accountIds() {
            return accounts.stream().map(AccountRef::id).toList();
        }

        /** What a finding says by itself: its resource's account; nothing else is known. */
        static FindingDetail bare(Finding f) {
            String account = f.resource() == null ? null : f.resource().accountId();
            return new FindingDetail(FindingKey.fingerprint(f), account == null ? List.of() : List.of(new AccountRef(account, null)),
                    null, null, null, List.of());
        }
    }

    /**
     * A waiver and what it did in this run.
     *
     * @param resource the resource id (or pattern) it covers
     * @param state ACTIVE (matched, not expired), EXPIRED (past its date), or STALE (matches nothing)
     * @param matchedFindings how many findings it turned into WAIVED
     * @param allResources its resource matches every resource of the rule (acknowledged with
     *     acknowledgeAllResources); reports list these first
     */
    public record WaiverInfo(
            String ruleId,
            String resource,
            String reason,
            String owner,
            String ticket,
            LocalDate expires,
            WaiverState state,
            int matchedFindings,
            boolean allResources) {}

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
