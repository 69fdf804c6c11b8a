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

    /** {@code oktaOrgUrl}, then every view of {@link AuditModel#VIEWS}, in that order. */
    public static final List<Variable> VARIABLES = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(new Variable("oktaOrgUrl", String.class, false, "the Okta org URL", AuditModel::oktaOrgUrl)),
            AuditModel.VIEWS.stream().map(v -> new Variable(v.name(), v.type(), true, v.description(), m -> m.view(v))))
            .toList();

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
