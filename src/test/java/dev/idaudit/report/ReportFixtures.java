package dev.idaudit.report;

import dev.idaudit.report.ReportInput.AccessRow;
import dev.idaudit.report.ReportInput.ChangeRow;
import dev.idaudit.report.ReportInput.ChangeType;
import dev.idaudit.report.ReportInput.AccountRef;
import dev.idaudit.report.ReportInput.EvidenceFile;
import dev.idaudit.report.ReportInput.EvidenceRef;
import dev.idaudit.report.ReportInput.FindingDetail;
import dev.idaudit.report.ReportInput.FrameworkInfo;
import dev.idaudit.report.ReportInput.PrincipalKind;
import dev.idaudit.report.ReportInput.ReconciliationRow;
import dev.idaudit.report.ReportInput.RequirementRef;
import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.report.ReportInput.RunInfo;
import dev.idaudit.report.ReportInput.SinceLastRun;
import dev.idaudit.report.ReportInput.Side;
import dev.idaudit.report.ReportInput.Source;
import dev.idaudit.report.ReportInput.WaiverInfo;
import dev.idaudit.report.ReportInput.WaiverState;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Finding.Resource;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.AwsSnapshot.Account;
import dev.idaudit.snapshot.AwsSnapshot.Assignment;
import dev.idaudit.snapshot.AwsSnapshot.ExternalId;
import dev.idaudit.snapshot.AwsSnapshot.IdentityCenter;
import dev.idaudit.snapshot.AwsSnapshot.IdentityStoreGroup;
import dev.idaudit.snapshot.AwsSnapshot.IdentityStoreUser;
import dev.idaudit.snapshot.AwsSnapshot.ManagedPolicy;
import dev.idaudit.snapshot.AwsSnapshot.PermissionSet;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Metadata;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Snapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Report inputs built by hand (no rule engine, no model): a small realistic run full of
 * hostile names, and a large one for the 20,000-finding checks.
 */
public final class ReportFixtures {
    private ReportFixtures() {}

    /** An HTML payload: it must show as text and never run. */
    public static final String HOSTILE_HTML = "<img src=x onerror=alert(1)>";
    /** Closes an inline script block if the JSON data is not escaped. */
    public static final String HOSTILE_SCRIPT = "</script><script>window.__pwned=1</script>";
    /** A spreadsheet formula that would phone home. */
    public static final String HOSTILE_FORMULA = "=HYPERLINK(\"http://127.0.0.1:9/x\",\"click\")";

    static final Instant STARTED = Instant.parse("2026-11-28T03:00:00Z");
    static final Instant FINISHED = Instant.parse("2026-11-28T03:00:42Z");
    static final String PROD = "111111111111";
    static final String MGMT = "999999999999";
    static final String PS_ADMIN = "arn:aws:sso:::permissionSet/ssoins-1/ps-admin";
    static final String PS_READ = "arn:aws:sso:::permissionSet/ssoins-1/ps-read";

    public static final Map<String, List<String>> ORPHAN_FRAMEWORKS =
            Map.of("soc2", List.of("CC6.2", "CC6.3"), "iso27001_2022", List.of("A.5.18"));

    public static List<RuleInfo> rules() {
        return List.of(
                new RuleInfo("sync_deprovisioned_users_removed", "Deprovisioned Okta users have no AWS access", Severity.CRITICAL,
                        "An Okta user that is DEPROVISIONED or SUSPENDED must not stay ENABLED in the Identity Store.",
                        "Re-enable deactivation sync in the AWS IAM Identity Center app, then disable the user in the Identity Store.",
                        Map.of("soc2", List.of("CC6.2"), "nist_800_53_r5", List.of("AC-2(3)"))),
                new RuleInfo("sync_no_orphan_identity_center_users", "Every Identity Center user belongs to an active Okta user",
                        Severity.HIGH, "Identity Store users must come from Okta.",
                        "Delete the orphan user from the Identity Store or assign the Okta user to the app.", ORPHAN_FRAMEWORKS),
                new RuleInfo("idc_permission_set_session_duration_within_limit", "Permission set sessions last at most 8 hours",
                        Severity.MEDIUM, "Long sessions outlive a revoked Okta session.",
                        "Set SessionDuration to PT8H or less.", Map.of("soc2", List.of("CC6.1"))),
                new RuleInfo("iam_reserved_sso_role_used_recently", "Reserved SSO roles are used within 90 days", Severity.LOW,
                        "Unused roles widen the attack surface.", "Remove the assignment that created the role.",
                        Map.of("cis_aws", List.of("1.12"))),
                new RuleInfo("org_all_features_enabled", "The organization has all features enabled", Severity.HIGH,
                        "SCPs need all features.", "Enable all features in AWS Organizations.",
                        Map.of("cis_aws", List.of("1.1"))));
    }

    public static List<Finding> findings() {
        List<Finding> f = new ArrayList<>();
        f.add(finding("sync_deprovisioned_users_removed", Severity.CRITICAL, Status.FAIL,
                new Resource("identity_store_user", "u-0001", HOSTILE_HTML, null),
                "Okta user " + HOSTILE_HTML + " is DEPROVISIONED but ENABLED in the Identity Store", null));
        f.add(finding("sync_deprovisioned_users_removed", Severity.CRITICAL, Status.PASS,
                new Resource("identity_store_user", "u-0002", "alice@acme.example", null), "alice is ACTIVE in Okta", null));
        f.add(finding("sync_no_orphan_identity_center_users", Severity.HIGH, Status.FAIL,
                new Resource("identity_store_user", "u-0003", HOSTILE_SCRIPT, null),
                "no Okta user matches " + HOSTILE_SCRIPT, null));
        f.add(finding("sync_no_orphan_identity_center_users", Severity.HIGH, Status.WAIVED,
                new Resource("identity_store_user", "u-0004", "break-glass@acme.example", null),
                "no Okta user matches break-glass@acme.example",
                new Finding.WaiverRef("Break-glass user kept outside Okta", "secops", "SEC-42", "2027-01-31", false)));
        f.add(finding("sync_no_orphan_identity_center_users", Severity.HIGH, Status.FAIL,
                new Resource("identity_store_user", "u-0005", HOSTILE_FORMULA, null), "no Okta user matches the | pipe @channel user", null));
        f.add(finding("idc_permission_set_session_duration_within_limit", Severity.MEDIUM, Status.FAIL,
                new Resource("permission_set", PS_ADMIN, "AdministratorAccess", null), "SessionDuration PT12H is above 8 hours",
                null));
        f.add(finding("idc_permission_set_session_duration_within_limit", Severity.MEDIUM, Status.PASS,
                new Resource("permission_set", PS_READ, "ReadOnly", null), "SessionDuration PT1H", null));
        f.add(finding("iam_reserved_sso_role_used_recently", Severity.LOW, Status.NOT_EVALUATED,
                new Resource("account", PROD, "prod", PROD), "aws.memberAccounts.reservedRoles was not collected for 111111111111 (AccessDenied)",
                null));
        f.add(finding("iam_reserved_sso_role_used_recently", Severity.LOW, Status.ERROR,
                new Resource("account", MGMT, "-management", MGMT), "the rule failed: no such field lastUsed", null));
        return f;
    }

    static Finding finding(String ruleId, Severity sev, Status status, Resource r, String reason, Finding.WaiverRef waiver) {
        RuleInfo rule = rules().stream().filter(x -> x.id().equals(ruleId)).findFirst().orElseThrow();
        return new Finding(ruleId, rule.title(), status, sev, r, reason, rule.remediation(), rule.frameworks(), waiver);
    }

    public static Snapshot snapshot() {
        Metadata meta = new Metadata("1.2.3", STARTED, FINISHED, "sandbox:acme", "https://acme.okta.com",
                "arn:aws:sts::" + MGMT + ":assumed-role/Audit/idaudit", MGMT, "us-east-1");
        OktaSnapshot okta = new OktaSnapshot("https://acme.okta.com",
                List.of(new OktaSnapshot.User("00u1", "alice@acme.example", "alice@acme.example", "Alice", "Ng", "ACTIVE",
                        STARTED, STARTED, STARTED)),
                List.of(new OktaSnapshot.Group("00g1", "org-DevOps", "DevOps", "OKTA_GROUP")), List.of(), List.of(), List.of());
        PermissionSet admin = new PermissionSet(PS_ADMIN, "AdministratorAccess", "Full access", "PT12H", null, STARTED,
                List.of(new ManagedPolicy("AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess")), List.of(), null,
                null, List.of(PROD), List.of());
        PermissionSet read = new PermissionSet(PS_READ, "ReadOnly", "-read only " + HOSTILE_HTML, "PT1H", null, STARTED, List.of(),
                List.of(), "{\"Version\":\"2012-10-17\"}", null, List.of(PROD, MGMT), List.of());
        IdentityCenter idc = new IdentityCenter(List.of(), List.of(admin, read),
                List.of(new Assignment(PS_ADMIN, PROD, "GROUP", "g-devops"), new Assignment(PS_READ, MGMT, "USER", "u-0005")),
                List.of(),
                List.of(new IdentityStoreUser("u-0002", "alice@acme.example", "Alice Ng", "alice@acme.example",
                        List.of(new ExternalId("Okta", "00u1")), "ENABLED")),
                List.of(new IdentityStoreGroup("g-devops", "org-DevOps", null, List.of(new ExternalId("Okta", "00g1")))),
                List.of());
        AwsSnapshot aws = new AwsSnapshot("us-east-1", meta.awsCallerArn(), null,
                List.of(new Account(PROD, "arn:aws:organizations::" + MGMT + ":account/o-1/" + PROD, "prod", "aws-prod@acme.example",
                                "ACTIVE", "ou-1", "Root/Workloads/Prod", STARTED),
                        new Account(MGMT, "arn:aws:organizations::" + MGMT + ":account/o-1/" + MGMT, "@management",
                                "root@acme.example", "ACTIVE", "r-1", "Root", STARTED)),
                List.of(), List.of(), List.of(), idc, List.of());
        return new Snapshot(1, meta, okta, aws, List.of(issue()));
    }

    static CollectionIssue issue() {
        return new CollectionIssue("aws.memberAccounts.reservedRoles", PROD, null, "iam:ListRoles", "AccessDenied",
                "the role IdAuditReadOnly may not call iam:ListRoles");
    }

    public static RunInfo run() {
        return new RunInfo("2026-11-28T03-00-00Z", "1.2.3", STARTED, FINISHED, "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64),
                List.of(new Source("okta", "https://acme.okta.com"), new Source("aws", "arn:aws:sts::" + MGMT + ":assumed-role/Audit/idaudit")),
                "2026-11-21T03-00-00Z");
    }

    /** A user name holding ESC (ESC c resets the terminal), BEL, SOH and a right-to-left override (U+202E). */
    public static final String TERMINAL_CONTROLS = "ops\u001bc\u0007\u0001\u202eadmin";

    /** {@link #TERMINAL_CONTROLS} as every text output must show it: each character as its {@code \\uXXXX} escape. */
    public static final String TERMINAL_CONTROLS_ESCAPED = "ops\\u001bc\\u0007\\u0001\\u202eadmin";

    /** Fails when {@code text} holds any character of {@link #TERMINAL_CONTROLS} raw. */
    public static void assertNoRawTerminalControls(String text) {
        for (char c : new char[] {'\u001b', '\u0007', '\u0001', '\u202e'}) {
            org.junit.jupiter.api.Assertions.assertTrue(text.indexOf(c) < 0, "raw U+" + Integer.toHexString(c) + " in: " + text);
        }
    }

    /** {@link #input()} plus one failing finding whose resource name and reason hold {@link #TERMINAL_CONTROLS}. */
    public static ReportInput withTerminalControls() {
        ReportInput in = input();
        List<Finding> f = new ArrayList<>(in.findings());
        f.add(0, finding("sync_deprovisioned_users_removed", Severity.CRITICAL, Status.FAIL,
                new Resource("identity_store_user", "u-0099", TERMINAL_CONTROLS, null), "Okta user " + TERMINAL_CONTROLS + " is DEPROVISIONED",
                null));
        return new ReportInput(in.run(), in.snapshot(), f, in.rules(), in.waivers(), in.collectionIssues(), in.evidence(), in.accessMatrix(),
                in.reconciliation(), in.changes());
    }

    /** {@link #input()} with, first as ReportInputs orders it, a waiver covering every resource of a critical rule. */
    public static ReportInput withAllResourcesWaiver() {
        ReportInput in = input();
        List<WaiverInfo> waivers = new ArrayList<>();
        waivers.add(new WaiverInfo("sync_deprovisioned_users_removed", "*", "Tenant migration", "secops", "SEC-9",
                LocalDate.parse("2027-01-31"), WaiverState.ACTIVE, 1, true));
        waivers.addAll(in.waivers());
        return new ReportInput(in.run(), in.snapshot(), in.findings(), in.rules(), waivers, in.collectionIssues(), in.evidence(),
                in.accessMatrix(), in.reconciliation(), in.changes());
    }

    /** The small, hostile, realistic run that the golden files are made from. */
    public static ReportInput input() {
        return new ReportInput(run(), snapshot(), findings(), rules(), waivers(), List.of(issue()), evidence(), accessMatrix(),
                reconciliation(), changes());
    }

    static List<WaiverInfo> waivers() {
        return List.of(
                new WaiverInfo("sync_no_orphan_identity_center_users", "u-0004", "Break-glass user kept outside Okta", "secops",
                        "SEC-42", LocalDate.parse("2027-01-31"), WaiverState.ACTIVE, 1, false),
                new WaiverInfo("idc_permission_set_session_duration_within_limit", PS_ADMIN, "+ migration " + HOSTILE_HTML,
                        "@platform", "PLAT-7", LocalDate.parse("2026-10-01"), WaiverState.EXPIRED, 0, false));
    }

    static List<EvidenceFile> evidence() {
        return List.of(new EvidenceFile("snapshot.json.gz", 12345, "c".repeat(64)),
                new EvidenceFile("findings.json", 2345, "d".repeat(64)));
    }

    static List<AccessRow> accessMatrix() {
        return List.of(
                new AccessRow("alice@acme.example", "u-0002", "ACTIVE", PROD, "prod", "AdministratorAccess", "org-DevOps"),
                new AccessRow(HOSTILE_FORMULA, "u-0005", null, MGMT, "@management", "ReadOnly", null),
                new AccessRow(HOSTILE_HTML, "u-0001", "DEPROVISIONED", PROD, "prod", "AdministratorAccess", "org-DevOps"));
    }

    static List<ReconciliationRow> reconciliation() {
        return List.of(
                new ReconciliationRow(PrincipalKind.USER, "alice@acme.example", "00u1", "u-0002", Side.BOTH, null),
                new ReconciliationRow(PrincipalKind.USER, HOSTILE_FORMULA, null, "u-0005", Side.AWS_ONLY,
                        "no Okta user has this login"),
                new ReconciliationRow(PrincipalKind.USER, "bob@acme.example", "00u2", null, Side.OKTA_ONLY,
                        "assigned to the app, never provisioned"),
                new ReconciliationRow(PrincipalKind.GROUP, "org-Finance", "00g9", null, Side.OKTA_ONLY, "not pushed"));
    }

    static List<ChangeRow> changes() {
        return List.of(
                new ChangeRow("finding", ChangeType.ADDED, "sync_deprovisioned_users_removed " + HOSTILE_HTML, "new FAIL"),
                new ChangeRow("assignment", ChangeType.REMOVED, "ReadOnly → prod for org-Support", "assignment deleted"),
                new ChangeRow("permission_set", ChangeType.CHANGED, "AdministratorAccess", "SessionDuration PT8H → PT12H"));
    }

    /** {@code n} findings over the fixture's rules, 1 in 5 failing, for size and speed checks. */
    public static ReportInput large(int n) {
        List<RuleInfo> rules = rules();
        Status[] statuses = {Status.FAIL, Status.PASS, Status.PASS, Status.PASS, Status.NOT_EVALUATED};
        List<Finding> findings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RuleInfo rule = rules.get(i % rules.size());
            String account = String.format("%012d", 100000000000L + i % 40);
            String name = i == 7 ? HOSTILE_SCRIPT : "user" + i + "@acme.example";
            findings.add(new Finding(rule.id(), rule.title(), statuses[i % statuses.length], rule.severity(),
                    new Resource("identity_store_user", "u-" + i, name, account), "reason number " + i + " for " + name,
                    rule.remediation(), rule.frameworks(), null));
        }
        return new ReportInput(run(), snapshot(), findings, rules, waivers(), List.of(issue()), evidence(), accessMatrix(),
                reconciliation(), changes());
    }

    /**
     * {@link #input()} explained: every finding concerns acme-prod, was first seen a week earlier and points at an Okta
     * user; its first rule explained in full; one framework; a documentation address.
     */
    public static ReportInput explained() {
        ReportInput in = ReportFixtures.input();
        List<FindingDetail> details = new ArrayList<>();
        for (Finding f : in.findings()) {
            details.add(new FindingDetail(FindingKey.fingerprint(f), List.of(new AccountRef("222222222222", "acme-prod")),
                    "2026-11-21T03-00-00Z", Instant.parse("2026-11-21T03:00:00Z"), SinceLastRun.STILL_FAILING,
                    List.of(new EvidenceRef("okta.users", ".okta.users[] | select(.id == \"00u1\")", "Okta user 00u1"))));
        }
        List<RuleInfo> rules = new ArrayList<>(in.rules());
        RuleInfo r = rules.get(0);
        rules.set(0, new RuleInfo(r.id(), r.title(), r.severity(), r.description(), r.remediation(), r.frameworks(),
                "Leavers keep access.", new ReportInput.Remediation("Disable the user.", List.of("IAM Identity Center > Users > Disable"),
                        List.of("aws identitystore list-users --identity-store-id d-1"), "resource \"x\" \"y\" {}",
                        List.of("https://docs.aws.amazon.com/singlesignon/latest/userguide/disableuser.html")),
                List.of(new RequirementRef("soc2", "SOC 2", "2017", "CC6.2", "Registration and authorization")),
                List.of("okta.users", "aws.identityCenter.users"), "# page"));
        FrameworkInfo soc2 = new FrameworkInfo("soc2", "SOC 2", "2017", null,
                List.of(new FrameworkInfo.Requirement("CC6.2", "Registration and authorization", List.of(r.id()))));
        return new ReportInput(in.run(), in.snapshot(), in.findings(), rules, in.waivers(), in.collectionIssues(), in.evidence(),
                in.accessMatrix(), in.reconciliation(), in.changes(), details, List.of(soc2), "https://docs.example.test/idaudit/rules");
    }
}
