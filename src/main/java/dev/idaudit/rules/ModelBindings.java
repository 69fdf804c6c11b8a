package dev.idaudit.rules;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.StructTypeReference;
import dev.idaudit.model.AuditModel;
import dev.idaudit.model.Views;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a rule's CEL expressions see: the audit model's views as typed variables (the records
 * of {@link Views}, so a misspelt field is a load error), plus {@code params} and, per
 * resource, {@code r}. The one place that names them, so the compiler, the runtime and the
 * docs agree.
 */
public final class ModelBindings {
    private ModelBindings() {}

    /** A variable a rule can read: a list of {@code element} records, or one record when {@code list} is false. */
    public record Variable(String name, Class<?> element, boolean list, String description, Function<AuditModel, Object> value) {
        public CelType celType() {
            CelType t = element == String.class ? dev.cel.common.types.SimpleType.STRING : StructTypeReference.create(typeName(element));
            return list ? ListType.create(t) : t;
        }
    }

    /** The record types CEL knows, by their Java canonical name (e.g. dev.idaudit.model.Views.AwsApp). */
    static final List<Class<?>> TYPES = Arrays.stream(Views.class.getDeclaredClasses()).filter(Class::isRecord)
            .sorted(java.util.Comparator.comparing(Class::getSimpleName)).toList();

    static String typeName(Class<?> c) {
        return c.getCanonicalName();
    }

    public static final List<Variable> VARIABLES = List.of(
            new Variable("oktaOrgUrl", String.class, false, "the Okta org URL", AuditModel::oktaOrgUrl),
            new Variable("awsApps", Views.AwsApp.class, true, "amazon_aws_sso apps with their provisioning facts", AuditModel::awsApps),
            new Variable("oktaApps", Views.OktaApp.class, true, "every Okta app", AuditModel::oktaApps),
            new Variable("appUsers", Views.AppUser.class, true, "app users of the amazon_aws_sso apps joined with their Okta user", AuditModel::appUsers),
            new Variable("signingKeys", Views.SigningKey.class, true, "SAML signing keys of the amazon_aws_sso apps, with daysLeft", AuditModel::signingKeys),
            new Variable("signOnRules", Views.SignOnRule.class, true, "rules of the apps' authentication policies", AuditModel::signOnRules),
            new Variable("oktaUsers", Views.OktaUser.class, true, "Okta users with their Identity Store user and the accounts they reach", AuditModel::oktaUsers),
            new Variable("idcUsers", Views.IdcUser.class, true, "Identity Store users joined with their Okta user", AuditModel::idcUsers),
            new Variable("idcGroups", Views.IdcGroup.class, true, "Identity Store groups joined with their Okta group, push mappings and member differences", AuditModel::idcGroups),
            new Variable("pushMappings", Views.PushMapping.class, true, "group push mappings of the amazon_aws_sso apps", AuditModel::pushMappings),
            new Variable("instances", Views.Instance.class, true, "Identity Center instances", AuditModel::instances),
            new Variable("permissionSets", Views.PermissionSet.class, true, "permission sets with derived facts (sessionHours, admin, escalationActions)", AuditModel::permissionSets),
            new Variable("assignments", Views.Assignment.class, true, "account assignments joined with principal, permission set and account", AuditModel::assignments),
            new Variable("accounts", Views.Account.class, true, "organization accounts with the SCPs that apply to them", AuditModel::accounts),
            new Variable("scps", Views.Scp.class, true, "service control policies", AuditModel::scps),
            new Variable("reservedRoles", Views.ReservedRole.class, true, "AWSReservedSSO roles found, or expected from assignments, in member accounts", AuditModel::reservedRoles),
            new Variable("samlProviders", Views.SamlProvider.class, true, "IAM SAML providers in member accounts", AuditModel::samlProviders),
            new Variable("iamUsers", Views.IamUser.class, true, "IAM users from the credential reports (root excluded)", AuditModel::iamUsers),
            new Variable("trails", Views.Trail.class, true, "CloudTrail trails", AuditModel::trails),
            new Variable("organizations", Views.Organization.class, true, "the organization: one element, or none when not collected", m -> m.organization() == null ? List.of() : List.of(m.organization())),
            new Variable("accessMatrix", Views.AccessPath.class, true, "who reaches which account with which permission set, through which group", AuditModel::accessMatrix));

    /**
     * The variables of one model, shared by every rule evaluated on it: each computed when an
     * expression first reads it (the access matrix is large and no built-in rule reads it), then kept.
     */
    public static Function<String, Object> of(AuditModel model) {
        Map<String, Variable> byName = new HashMap<>();
        VARIABLES.forEach(v -> byName.put(v.name(), v));
        Map<String, Object> values = new ConcurrentHashMap<>();
        return name -> {
            Variable v = byName.get(name);
            return v == null ? null : values.computeIfAbsent(name, k -> {
                Object value = v.value().apply(model);
                return value == null ? "" : value;
            });
        };
    }
}
