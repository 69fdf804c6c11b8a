package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.sandbox.aws.AwsWorld.AccessKey;
import dev.idaudit.sandbox.aws.AwsWorld.CredentialReportUser;
import dev.idaudit.sandbox.aws.AwsWorld.MemberAccount;
import dev.idaudit.sandbox.aws.AwsWorld.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IAM (iam/service-2.json, Query), answered for the account whose credentials signed the call:
 * the management account for the scenario's caller, a member account for an AssumeRole session.
 */
final class IamService extends QueryService {
    private static final int MAX_ITEMS = 1000;
    /** What IAM lists when the request gives no MaxItems. */
    private static final int DEFAULT_MAX_ITEMS = 100;
    private static final Set<String> ACTIONS = Set.of("ListRoles", "GetRole", "GetAccountAuthorizationDetails", "ListSAMLProviders",
            "GenerateCredentialReport", "GetCredentialReport", "ListOrganizationsFeatures");
    /** GetAccountAuthorizationDetails' Filter values (EntityType); no Filter means all of them. */
    private static final List<String> ENTITY_TYPES = List.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy");

    /** The columns of a real IAM credential report, in order. */
    static final List<String> CREDENTIAL_REPORT_COLUMNS = List.of("user", "arn", "user_creation_time", "password_enabled",
            "password_last_used", "password_last_changed", "password_next_rotation", "mfa_active", "access_key_1_active",
            "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
            "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
            "access_key_2_last_used_region", "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated",
            "cert_2_active", "cert_2_last_rotated");
    private static final DateTimeFormatter REPORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    /** When each account's credential report was generated; GetCredentialReport before that is ReportNotPresent. */
    private final Map<String, Instant> reportsGenerated = new ConcurrentHashMap<>();

    IamService(AwsWorld world, int pageSize) {
        super(world, pageSize);
    }

    @Override
    String signingName() {
        return "iam";
    }

    @Override
    String xmlNamespace() {
        return "https://iam.amazonaws.com/doc/2010-05-08/";
    }

    @Override
    boolean handles(String action) {
        return ACTIONS.contains(action);
    }

    @Override
    AwsError invalid(String message) {
        return new AwsError("InvalidInput", 400, message);
    }

    @Override
    void call(String action, Params params, Identity caller, Xml result) {
        String accountId = caller.accountId();
        MemberAccount account = world.memberAccount(accountId).orElse(new MemberAccount(accountId, List.of(), List.of(), List.of()));
        switch (action) {
            case "ListRoles" -> {
                String prefix = params.optional("PathPrefix");
                if (prefix != null && !prefix.startsWith("/")) {
                    throw invalid("The specified value for pathPrefix is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
                }
                List<Role> roles = account.roles().stream().filter(r -> prefix == null || r.path().startsWith(prefix)).toList();
                Integer maxItems = params.optInt("MaxItems");
                Paging.Page<Role> page = Paging.page(roles, "roles:" + accountId + ":" + prefix, params.optional("Marker"),
                        maxItems == null ? DEFAULT_MAX_ITEMS : maxItems, MAX_ITEMS, pageSize, this::invalid);
                result.element("IsTruncated", page.truncated());
                result.open("Roles");
                // ListRoles leaves out RoleLastUsed, PermissionsBoundary and Tags: GetRole has them.
                page.items().forEach(r -> role(account, r, result.open("member")).element("MaxSessionDuration", maxSessionDuration(r))
                        .close("member"));
                result.close("Roles");
                result.element("Marker", nextMarker(params, page));
            }
            case "GetRole" -> {
                String name = params.required("RoleName");
                Role role = account.roles().stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst()
                        .orElseThrow(() -> new AwsError("NoSuchEntity", 404, "The role with name " + name + " cannot be found."));
                lastUsed(role, role(account, role, result.open("Role")).element("MaxSessionDuration", maxSessionDuration(role)))
                        .close("Role");
            }
            case "GetAccountAuthorizationDetails" -> authorizationDetails(account, params, result);
            case "ListSAMLProviders" -> {
                result.open("SAMLProviderList");
                account.samlProviders().forEach(p -> result.open("member")
                        .element("Arn", "arn:aws:iam::" + accountId + ":saml-provider/" + p.name())
                        .element("ValidUntil", p.validUntil())
                        .element("CreateDate", p.created())
                        .close("member"));
                result.close("SAMLProviderList");
            }
            case "GenerateCredentialReport" -> {
                boolean existed = reportsGenerated.putIfAbsent(accountId, Instant.now().truncatedTo(ChronoUnit.SECONDS)) != null;
                if (existed) {
                    result.element("State", "COMPLETE");
                } else {
                    result.element("State", "STARTED").element("Description", "No report exists. Starting a new report generation task");
                }
            }
            case "GetCredentialReport" -> {
                Instant generated = reportsGenerated.get(accountId);
                if (generated == null) {
                    throw new AwsError("ReportNotPresent", 410, "Credential report is not present. Use GenerateCredentialReport to generate a report.");
                }
                String csv = credentialReport(account);
                result.element("Content", Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8)))
                        .element("ReportFormat", "text/csv")
                        .element("GeneratedTime", generated);
            }
            case "ListOrganizationsFeatures" -> {
                if (!accountId.equals(world.managementAccountId())) {
                    throw new AwsError("AccountNotManagementOrDelegatedAdministratorException", 400,
                            "The request was rejected because the account is not the management account or delegated administrator account for centralized root access.");
                }
                if (!world.organization.featureSet().equals("ALL")) {
                    throw new AwsError("OrganizationNotInAllFeaturesModeException", 400,
                            "The request was rejected because your organization does not have All features enabled.");
                }
                result.element("OrganizationId", world.organization.id());
                result.open("EnabledFeatures");
                world.organization.enabledFeatures().forEach(f -> result.element("member", f));
                result.close("EnabledFeatures");
            }
            default -> throw new AwsError("InvalidAction", 400, "Could not find operation " + action + " for version 2010-05-08");
        }
    }

    /**
     * The account's users, groups, roles and managed policies, one list paged by MaxItems/Marker
     * across the kinds the Filter asks for. The sandbox's accounts hold roles and the credential
     * report's users; groups and managed policies it does not model, so their lists stay empty.
     */
    private void authorizationDetails(MemberAccount account, Params params, Xml result) {
        List<String> filter = params.list("Filter");
        for (String type : filter) {
            if (!ENTITY_TYPES.contains(type)) {
                throw new AwsError("ValidationError", 400, "1 validation error detected: Value '" + filter + "' at 'filter' failed to satisfy "
                        + "constraint: Member must satisfy constraint: [Member must satisfy enum value set: " + ENTITY_TYPES + "]");
            }
        }
        Set<String> kinds = filter.isEmpty() ? Set.copyOf(ENTITY_TYPES) : Set.copyOf(filter);
        List<Object> entities = new ArrayList<>();
        if (kinds.contains("User")) {
            account.credentialReport().stream().filter(u -> !u.root()).forEach(entities::add);
        }
        if (kinds.contains("Role")) {
            entities.addAll(account.roles());
        }
        Integer maxItems = params.optInt("MaxItems");
        Paging.Page<Object> page = Paging.page(entities, "authorization-details:" + account.accountId() + ":" + new TreeSet<>(kinds),
                params.optional("Marker"), maxItems == null ? DEFAULT_MAX_ITEMS : maxItems, MAX_ITEMS, pageSize, this::invalid);
        result.open("UserDetailList");
        page.items().stream().filter(e -> e instanceof CredentialReportUser).map(e -> (CredentialReportUser) e)
                .forEach(u -> result.open("member")
                        .element("Path", "/")
                        .element("UserName", u.user())
                        .element("UserId", Ids.userId(account.accountId(), u.user()))
                        .element("Arn", "arn:aws:iam::" + account.accountId() + ":user/" + u.user())
                        .element("CreateDate", u.created())
                        .open("UserPolicyList").close("UserPolicyList")
                        .open("GroupList").close("GroupList")
                        .open("AttachedManagedPolicies").close("AttachedManagedPolicies")
                        .close("member"));
        result.close("UserDetailList");
        result.open("GroupDetailList").close("GroupDetailList");
        result.open("RoleDetailList");
        // Unlike ListRoles, a RoleDetail carries RoleLastUsed (only it and GetRole do), but no MaxSessionDuration.
        page.items().stream().filter(e -> e instanceof Role).map(e -> (Role) e)
                .forEach(r -> lastUsed(r, role(account, r, result.open("member"))
                        .open("InstanceProfileList").close("InstanceProfileList")
                        .open("RolePolicyList").close("RolePolicyList")
                        .open("AttachedManagedPolicies").close("AttachedManagedPolicies"))
                        .close("member"));
        result.close("RoleDetailList");
        result.open("Policies").close("Policies");
        result.element("IsTruncated", page.truncated());
        result.element("Marker", nextMarker(params, page));
    }

    /** What ListRoles, GetRole and GetAccountAuthorizationDetails all say of a role. */
    private Xml role(MemberAccount account, Role r, Xml x) {
        return x.element("Path", r.path())
                .element("RoleName", r.name())
                .element("RoleId", Ids.roleId(account.accountId(), r.name()))
                .element("Arn", "arn:aws:iam::" + account.accountId() + ":role" + r.path() + r.name())
                .element("CreateDate", r.created())
                // IAM returns trust policies URL-encoded.
                .element("AssumeRolePolicyDocument", URLEncoder.encode(trustPolicy(account, r), StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private static int maxSessionDuration(Role r) {
        return r.reserved() ? 43200 : 3600;
    }

    /** RoleLastUsed: empty for a role never used (in the 400 days IAM tracks). */
    private Xml lastUsed(Role r, Xml x) {
        x.open("RoleLastUsed");
        if (r.lastUsed() != null) {
            x.element("LastUsedDate", r.lastUsed()).element("Region", world.region);
        }
        return x.close("RoleLastUsed");
    }

    /** The trust policy a role of this kind carries: Identity Center's SAML trust for reserved roles. */
    private String trustPolicy(MemberAccount account, Role r) {
        ObjectNode statement = JsonNodeFactory.instance.objectNode().put("Effect", "Allow");
        if (r.reserved() || r.trustedSamlProvider() != null) {
            String provider = r.reserved() ? AwsWorld.identityCenterSamlProvider(account).orElseThrow() : r.trustedSamlProvider();
            statement.putObject("Principal").put("Federated", "arn:aws:iam::" + account.accountId() + ":saml-provider/" + provider);
            statement.putArray("Action").add("sts:AssumeRoleWithSAML").add("sts:TagSession");
            statement.putObject("Condition").putObject("StringEquals").put("SAML:aud", "https://signin.aws.amazon.com/saml");
        } else if (r.trustedService() != null) {
            statement.putObject("Principal").put("Service", r.trustedService());
            statement.put("Action", "sts:AssumeRole");
        } else {
            String trusted = r.trustedAccount() == null ? account.accountId() : r.trustedAccount();
            statement.putObject("Principal").put("AWS", "arn:aws:iam::" + trusted + ":root");
            statement.put("Action", "sts:AssumeRole");
        }
        ObjectNode policy = JsonNodeFactory.instance.objectNode().put("Version", "2012-10-17");
        policy.putArray("Statement").add(statement);
        return policy.toString();
    }

    private String credentialReport(MemberAccount account) {
        StringBuilder csv = new StringBuilder(String.join(",", CREDENTIAL_REPORT_COLUMNS)).append('\n');
        for (CredentialReportUser u : account.credentialReport()) {
            List<String> row = new ArrayList<>();
            row.add(u.user());
            row.add(u.root() ? "arn:aws:iam::" + account.accountId() + ":root" : "arn:aws:iam::" + account.accountId() + ":user/" + u.user());
            row.add(time(u.created()));
            if (u.root()) {
                // The root user's password columns are never reported.
                row.add("not_supported");
                row.add(u.passwordLastUsed() == null ? "no_information" : time(u.passwordLastUsed()));
                row.add("not_supported");
                row.add("not_supported");
            } else {
                row.add(Boolean.toString(u.passwordEnabled()));
                row.add(!u.passwordEnabled() ? "N/A" : u.passwordLastUsed() == null ? "no_information" : time(u.passwordLastUsed()));
                row.add(u.passwordEnabled() ? time(u.created()) : "N/A");
                row.add("N/A");
            }
            row.add(Boolean.toString(u.mfaActive()));
            accessKeyColumns(u.accessKey1(), row);
            accessKeyColumns(u.accessKey2(), row);
            row.addAll(List.of("false", "N/A", "false", "N/A"));
            csv.append(String.join(",", row)).append('\n');
        }
        return csv.toString();
    }

    private static void accessKeyColumns(AccessKey key, List<String> row) {
        if (key == null) {
            row.addAll(List.of("false", "N/A", "N/A", "N/A", "N/A"));
            return;
        }
        row.add(Boolean.toString(key.active()));
        row.add(time(key.lastRotated()));
        row.add(key.lastUsed() == null ? "N/A" : time(key.lastUsed()));
        row.add(key.region() == null ? "N/A" : key.region());
        row.add(key.service() == null ? "N/A" : key.service());
    }

    private static String time(Instant instant) {
        return REPORT_TIME.format(instant);
    }
}
