package dev.idaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.idaudit.drift.FindingsDelta;
import dev.idaudit.model.AuditModel;
import dev.idaudit.model.Views;
import dev.idaudit.report.ReportInput.AccountRef;
import dev.idaudit.report.ReportInput.EvidenceRef;
import dev.idaudit.report.ReportInput.FindingDetail;
import dev.idaudit.report.ReportInput.SinceLastRun;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Rule;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.Status;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.util.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes each finding's {@link FindingDetail} once, for every report: the accounts it
 * concerns (read from the audit model's views: the accounts a person, group or permission set
 * reaches), how it stands against the previous run (from {@link FindingsDelta}), since when it
 * has been reported, and the snapshot records it was decided on.
 */
public final class FindingDetails {
    private FindingDetails() {}

    /**
     * The previous complete run, as far as it could be read.
     *
     * @param details its report data's finding details in the order of {@code findings}; empty when its
     *     report data had none (an older run): then every finding it had is taken as first seen in it
     */
    public record PreviousRun(String runId, Instant startedAt, List<Finding> findings, List<FindingDetail> details) {
        public PreviousRun {
            findings = List.copyOf(findings);
            details = details == null || details.size() != findings.size() ? List.of() : List.copyOf(details);
        }
    }

    /**
     * The details of {@code findings}, in their order.
     *
     * @param previous the previous run, or null when there is none (then nothing is new or old)
     */
    public static List<FindingDetail> of(List<Finding> findings, AuditModel model, RulePack pack, String runId, Instant startedAt,
            PreviousRun previous) {
        Lookups lookups = new Lookups(model);
        Map<Finding, SinceLastRun> since = new IdentityHashMap<>();
        Map<Finding, FindingDetail> previousDetail = new IdentityHashMap<>();
        Map<Finding, Finding> earlier = new IdentityHashMap<>();
        if (previous != null) {
            earlier = FindingsDelta.pairs(previous.findings(), findings);
            for (int i = 0; i < previous.details().size(); i++) {
                previousDetail.put(previous.findings().get(i), previous.details().get(i));
            }
            FindingsDelta delta = FindingsDelta.compare(previous.findings(), findings);
            mark(delta.newFailures(), SinceLastRun.NEW_FAILURE, since);
            mark(delta.stillFailing(), SinceLastRun.STILL_FAILING, since);
            mark(delta.newlyWaived(), SinceLastRun.NEWLY_WAIVED, since);
            mark(delta.waiverExpired(), SinceLastRun.WAIVER_EXPIRED, since);
            mark(delta.noLongerEvaluated(), SinceLastRun.NO_LONGER_EVALUATED, since);
        }
        Map<String, Rule> rules = pack.rules().stream().collect(Collectors.toMap(Rule::id, r -> r, (a, b) -> a));
        List<FindingDetail> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            String firstRun = runId;
            Instant firstAt = startedAt;
            Finding before = earlier.get(f);
            if (before != null && sameState(before.status(), f.status())) {
                FindingDetail d = previousDetail.get(before);
                firstRun = d != null && d.firstSeenRun() != null ? d.firstSeenRun() : previous.runId();
                firstAt = d != null && d.firstSeenRun() != null ? d.firstSeenAt() : previous.startedAt();
            }
            out.add(new FindingDetail(FindingKey.fingerprint(f), lookups.accounts(f), firstRun, firstAt,
                    previous == null ? null : since.getOrDefault(f, SinceLastRun.UNCHANGED), lookups.evidence(f, rules.get(f.ruleId()))));
        }
        return out;
    }

    private static void mark(List<FindingsDelta.FindingChange> changes, SinceLastRun what, Map<Finding, SinceLastRun> since) {
        for (FindingsDelta.FindingChange c : changes) {
            if (c.after() != null) {
                since.put(c.after(), what);
            }
        }
    }

    /** Open (FAIL or WAIVED) both times, or the same status: the finding has stood since the earlier run. */
    private static boolean sameState(Status before, Status now) {
        return before == now || (open(before) && open(now));
    }

    private static boolean open(Status s) {
        return s == Status.FAIL || s == Status.WAIVED;
    }

    /** The model's views indexed by the ids findings name; built once per run. */
    private static final class Lookups {
        private final AuditModel model;
        private final Map<String, String> accountNames = new HashMap<>();
        private final Map<String, Views.OktaUser> oktaUsers;
        private final Map<String, Views.IdcUser> idcUsers;
        private final Map<String, Views.IdcGroup> idcGroups;
        private final Map<String, Views.PermissionSet> permissionSetsByArn;
        private final Map<String, Views.PermissionSet> permissionSetsByName;
        private final Map<String, Views.Assignment> assignments;
        private final Map<String, List<String>> accountsOfGroup = new HashMap<>();
        private final Map<String, Views.ReservedRole> reservedRoles;
        private final Map<String, Views.SamlProvider> samlProviders;
        private final Map<String, Views.IamUser> iamUsers;
        private final Map<String, List<Views.AppUser>> appUsersByUser = new HashMap<>();

        Lookups(AuditModel model) {
            this.model = model;
            model.accounts().forEach(a -> accountNames.put(a.id(), a.name()));
            oktaUsers = index(model.oktaUsers(), Views.OktaUser::id);
            idcUsers = index(model.idcUsers(), Views.IdcUser::userId);
            idcGroups = index(model.idcGroups(), Views.IdcGroup::groupId);
            permissionSetsByArn = index(model.permissionSets(), Views.PermissionSet::arn);
            permissionSetsByName = index(model.permissionSets(), Views.PermissionSet::name);
            assignments = index(model.assignments(), Views.Assignment::id);
            for (Views.Assignment a : model.assignments()) {
                if ("GROUP".equals(a.principalType())) {
                    accountsOfGroup.computeIfAbsent(a.principalId(), k -> new ArrayList<>()).add(a.accountId());
                }
            }
            reservedRoles = index(model.reservedRoles(), Views.ReservedRole::id);
            samlProviders = index(model.samlProviders(), Views.SamlProvider::id);
            iamUsers = index(model.iamUsers(), Views.IamUser::id);
            model.appUsers().forEach(u -> appUsersByUser.computeIfAbsent(u.userId(), k -> new ArrayList<>()).add(u));
        }

        private static <T> Map<String, T> index(List<T> list, Function<T, String> key) {
            Map<String, T> map = new HashMap<>();
            list.forEach(t -> {
                if (key.apply(t) != null) {
                    map.putIfAbsent(key.apply(t), t);
                }
            });
            return map;
        }

        /** The resource's own account; else the accounts a person, group or permission set reaches. */
        List<AccountRef> accounts(Finding f) {
            Finding.Resource r = f.resource();
            if (r == null) {
                return List.of();
            }
            TreeSet<String> ids = new TreeSet<>();
            if (r.accountId() != null) {
                ids.add(r.accountId());
            } else if (r.id() != null && r.type() != null) {
                switch (r.type()) {
                    case "okta_user" -> {
                        Views.OktaUser u = oktaUsers.get(r.id());
                        if (u != null) {
                            ids.addAll(u.accountIds());
                        }
                    }
                    case "identity_store_user" -> {
                        Views.IdcUser u = idcUsers.get(r.id());
                        if (u != null) {
                            ids.addAll(u.accountIds());
                        }
                    }
                    case "identity_store_group" -> ids.addAll(accountsOfGroup.getOrDefault(r.id(), List.of()));
                    case "permission_set" -> {
                        Views.PermissionSet p = permissionSet(r.id());
                        if (p != null) {
                            ids.addAll(p.assignedAccountIds());
                        }
                    }
                    default -> { }
                }
            }
            return ids.stream().map(id -> new AccountRef(id, accountNames.get(id))).toList();
        }

        /** By ARN; by name for findings keyed by name before permission-set findings were keyed by ARN. */
        private Views.PermissionSet permissionSet(String id) {
            Views.PermissionSet p = permissionSetsByArn.get(id);
            return p != null ? p : permissionSetsByName.get(id);
        }

        /**
         * The records of the finding's resource (and the records joined to it), then the collection
         * issues of the sections its rule reads (why it may be NOT_EVALUATED). A record is named only
         * when it is in the snapshot, so every path finds something.
         */
        List<EvidenceRef> evidence(Finding f, Rule rule) {
            Map<String, EvidenceRef> out = new LinkedHashMap<>();
            Finding.Resource r = f.resource();
            if (r != null && r.id() != null && r.type() != null) {
                records(r, out);
            }
            if (rule != null) {
                for (List<String> alternatives : rule.requires()) {
                    for (String section : alternatives) {
                        for (CollectionIssue i : model.issuesFor(section)) {
                            if (r == null || r.accountId() == null || i.accountId() == null || i.accountId().equals(r.accountId())) {
                                add(out, i.section(), ".collectionIssues[] | select(.section == " + lit(i.section())
                                        + (i.accountId() == null ? "" : " and .accountId == " + lit(i.accountId())) + ")",
                                        "collection issue: " + i.section() + (i.accountId() == null ? "" : " in " + i.accountId()));
                            }
                        }
                    }
                }
            }
            return List.copyOf(out.values());
        }

        private void records(Finding.Resource r, Map<String, EvidenceRef> out) {
            String id = r.id();
            switch (r.type()) {
                case "okta_user" -> {
                    Views.OktaUser u = oktaUsers.get(id);
                    if (u != null) {
                        oktaUser(out, id);
                        appUsers(out, id);
                        if (u.idcUserId() != null) {
                            idcUser(out, u.idcUserId());
                        }
                    } else if (appUsersByUser.containsKey(id)) {
                        appUsers(out, id);
                    }
                }
                case "identity_store_user" -> {
                    Views.IdcUser u = idcUsers.get(id);
                    if (u != null) {
                        idcUser(out, id);
                        if (!u.groupIds().isEmpty()) {
                            add(out, Sections.AWS_IDC_GROUP_MEMBERSHIPS, ".aws.identityCenter.groupMemberships[] | select(.userId == " + lit(id) + ")",
                                    "group memberships of Identity Store user " + id);
                        }
                        if (u.oktaUserId() != null) {
                            oktaUser(out, u.oktaUserId());
                        }
                    }
                }
                case "identity_store_group" -> {
                    Views.IdcGroup g = idcGroups.get(id);
                    if (g != null) {
                        add(out, Sections.AWS_IDC_GROUPS, ".aws.identityCenter.groups[] | select(.groupId == " + lit(id) + ")",
                                "Identity Store group " + id);
                        if (!g.memberUserNames().isEmpty()) {
                            add(out, Sections.AWS_IDC_GROUP_MEMBERSHIPS, ".aws.identityCenter.groupMemberships[] | select(.groupId == "
                                    + lit(id) + ")", "members of Identity Store group " + id);
                        }
                        if (g.assigned()) {
                            add(out, Sections.AWS_IDC_ASSIGNMENTS, ".aws.identityCenter.assignments[] | select(.principalId == " + lit(id) + ")",
                                    "assignments of Identity Store group " + id);
                        }
                        for (Views.PushMapping m : g.pushMappings()) {
                            add(out, Sections.OKTA_AWS_APP_PUSH_MAPPINGS, ".okta.awsApps[] | select(.id == " + lit(m.appId())
                                    + ") | .pushMappings[] | select(.id == " + lit(m.id()) + ")", "Okta push mapping " + m.id());
                        }
                        if (g.oktaGroupId() != null) {
                            add(out, Sections.OKTA_GROUPS, ".okta.groups[] | select(.id == " + lit(g.oktaGroupId()) + ")",
                                    "Okta group " + g.oktaGroupId());
                        }
                    }
                }
                case "permission_set" -> {
                    Views.PermissionSet p = permissionSet(id);
                    if (p != null) {
                        add(out, Sections.AWS_IDC_PERMISSION_SETS, ".aws.identityCenter.permissionSets[] | select(.arn == " + lit(p.arn()) + ")",
                                "permission set " + p.name());
                        if (p.assignmentCount() > 0) {
                            add(out, Sections.AWS_IDC_ASSIGNMENTS, ".aws.identityCenter.assignments[] | select(.permissionSetArn == "
                                    + lit(p.arn()) + ")", "assignments of permission set " + p.name());
                        }
                        if (!p.failedProvisioning().isEmpty()) {
                            add(out, Sections.AWS_IDC_PROVISIONING_REQUESTS, ".aws.identityCenter.provisioningRequests[] | select(.permissionSetArn == "
                                    + lit(p.arn()) + ")", "provisioning requests of permission set " + p.name());
                        }
                    }
                }
                case "assignment" -> {
                    Views.Assignment a = assignments.get(id);
                    if (a != null) {
                        add(out, Sections.AWS_IDC_ASSIGNMENTS, ".aws.identityCenter.assignments[] | select(.accountId == " + lit(a.accountId())
                                + " and .permissionSetArn == " + lit(a.permissionSetArn()) + " and .principalType == " + lit(a.principalType())
                                + " and .principalId == " + lit(a.principalId()) + ")", "assignment " + a.id());
                        if (permissionSetsByArn.containsKey(a.permissionSetArn())) {
                            add(out, Sections.AWS_IDC_PERMISSION_SETS, ".aws.identityCenter.permissionSets[] | select(.arn == "
                                    + lit(a.permissionSetArn()) + ")", "permission set " + a.permissionSetName());
                        }
                        if ("USER".equals(a.principalType()) && idcUsers.containsKey(a.principalId())) {
                            idcUser(out, a.principalId());
                        } else if ("GROUP".equals(a.principalType()) && idcGroups.containsKey(a.principalId())) {
                            add(out, Sections.AWS_IDC_GROUPS, ".aws.identityCenter.groups[] | select(.groupId == " + lit(a.principalId()) + ")",
                                    "Identity Store group " + a.principalId());
                        }
                        account(out, a.accountId());
                    }
                }
                case "account" -> {
                    account(out, id);
                    model.accounts().stream().filter(a -> a.id().equals(id)).findFirst().ifPresent(a -> a.scpNames().forEach(n ->
                            add(out, Sections.AWS_SERVICE_CONTROL_POLICIES, ".aws.serviceControlPolicies[] | select(.name == " + lit(n) + ")",
                                    "SCP " + n)));
                }
                case "iam_role" -> {
                    Views.ReservedRole role = reservedRoles.get(id);
                    if (role != null && role.roleExists()) {
                        add(out, Sections.AWS_MEMBER_ROLES, memberAccount(role.accountId()) + " | .reservedRoles[] | select(.roleName == "
                                + lit(role.roleName()) + ")", "role " + role.roleName() + " in " + role.accountId());
                    } else if (role != null) {
                        add(out, Sections.AWS_MEMBER_ROLES, memberAccount(role.accountId()) + " | .reservedRoles",
                                "the reserved roles of " + role.accountId() + " (no " + role.roleName() + " among them)");
                    }
                }
                case "iam_saml_provider" -> {
                    Views.SamlProvider p = samlProviders.get(id);
                    if (p != null) {
                        add(out, Sections.AWS_MEMBER_SAML_PROVIDERS, memberAccount(p.accountId()) + " | .samlProviders[] | select("
                                + (p.arn() != null ? ".arn == " + lit(p.arn()) : ".name == " + lit(p.name())) + ")",
                                "SAML provider " + p.name() + " in " + p.accountId());
                    }
                }
                case "iam_user" -> {
                    Views.IamUser u = iamUsers.get(id);
                    if (u != null) {
                        add(out, Sections.AWS_MEMBER_CREDENTIAL_REPORT, memberAccount(u.accountId()) + " | .credentialReport[] | select(.user == "
                                + lit(u.user()) + ")", "credential report row " + u.user() + " in " + u.accountId());
                    }
                }
                case Finding.Resource.OKTA_APP -> {
                    if (model.awsApps().stream().anyMatch(a -> a.id().equals(id))) {
                        add(out, Sections.OKTA_AWS_APP, ".okta.awsApps[] | select(.id == " + lit(id) + ")", "Okta app " + id);
                    } else if (model.oktaApps().stream().anyMatch(a -> a.id().equals(id))) {
                        add(out, Sections.OKTA_APPS, ".okta.apps[] | select(.id == " + lit(id) + ")", "Okta app " + id);
                    }
                }
                case "okta_signing_key" -> model.signingKeys().stream().filter(k -> id.equals(k.kid()) && k.listed()).forEach(k ->
                        add(out, Sections.OKTA_AWS_APP_SIGNING_KEYS, ".okta.awsApps[] | select(.id == " + lit(k.appId())
                                + ") | .signingKeys[] | select(.kid == " + lit(id) + ")", "signing key " + id + " of app " + k.appId()));
                case "okta_policy_rule" -> model.signOnRules().stream().filter(s -> id.equals(s.id())).forEach(s ->
                        add(out, Sections.OKTA_AWS_APP_ACCESS_POLICY, ".okta.awsApps[] | select(.id == " + lit(s.appId())
                                + ") | .accessPolicy.rules[] | select(.id == " + lit(id) + ")", "sign-on rule " + s.name() + " of app " + s.appId()));
                case "identity_center_instance" -> model.instances().stream().filter(i -> i.instanceArn() != null
                        && (i.instanceArn().equals(id) || i.instanceArn().endsWith("/" + id))).forEach(i ->
                        add(out, Sections.AWS_IDC_INSTANCES, ".aws.identityCenter.instances[] | select(.instanceArn == " + lit(i.instanceArn()) + ")",
                                "Identity Center instance " + i.instanceArn()));
                case "organization", "organization_feature" -> {
                    if (model.organization() != null) {
                        add(out, Sections.AWS_ORGANIZATION, ".aws.organization", "the organization " + model.organization().id());
                    }
                }
                case "cloudtrail_trail" -> {
                    if (model.trails().stream().anyMatch(t -> id.equals(t.name()))) {
                        add(out, Sections.AWS_TRAILS, ".aws.trails[] | select(.name == " + lit(id) + ")", "trail " + id);
                    } else {
                        add(out, Sections.AWS_TRAILS, ".aws.trails", "the trails (no organization trail among them)");
                    }
                }
                default -> { }
            }
        }

        private void oktaUser(Map<String, EvidenceRef> out, String id) {
            if (oktaUsers.containsKey(id)) {
                add(out, Sections.OKTA_USERS, ".okta.users[] | select(.id == " + lit(id) + ")", "Okta user " + id);
            }
        }

        private void appUsers(Map<String, EvidenceRef> out, String oktaUserId) {
            for (Views.AppUser u : appUsersByUser.getOrDefault(oktaUserId, List.of())) {
                add(out, Sections.OKTA_AWS_APP_USERS, ".okta.awsApps[] | select(.id == " + lit(u.appId()) + ") | .users[] | select(.userId == "
                        + lit(oktaUserId) + ")", "app user " + oktaUserId + " of app " + u.appId());
            }
        }

        private void idcUser(Map<String, EvidenceRef> out, String userId) {
            add(out, Sections.AWS_IDC_USERS, ".aws.identityCenter.users[] | select(.userId == " + lit(userId) + ")",
                    "Identity Store user " + userId);
        }

        private void account(Map<String, EvidenceRef> out, String accountId) {
            if (accountNames.containsKey(accountId)) {
                add(out, Sections.AWS_ACCOUNTS, ".aws.accounts[] | select(.id == " + lit(accountId) + ")", "account " + accountId);
            }
        }

        private static String memberAccount(String accountId) {
            return ".aws.memberAccounts[] | select(.accountId == " + lit(accountId) + ")";
        }

        private static void add(Map<String, EvidenceRef> out, String section, String path, String label) {
            out.putIfAbsent(path, new EvidenceRef(section, path, label));
        }
    }

    /** A jq string literal (JSON's string syntax, which jq shares). */
    static String lit(String s) {
        try {
            return Json.json().writeValueAsString(Objects.requireNonNullElse(s, ""));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
