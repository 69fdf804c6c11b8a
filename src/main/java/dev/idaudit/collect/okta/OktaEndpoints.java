package dev.idaudit.collect.okta;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every Okta endpoint the collector reads (all GET) and the OAuth scopes Okta's API reference
 * requires for it: what {@code idaudit doctor} probes and docs/permissions/okta-service-app.json
 * grants. A test checks it against the requests a collection really makes.
 */
public final class OktaEndpoints {
    private OktaEndpoints() {}

    public static final String USERS = "okta.users.read";
    public static final String GROUPS = "okta.groups.read";
    public static final String APPS = "okta.apps.read";
    public static final String POLICIES = "okta.policies.read";

    /** What an endpoint answers. */
    public enum Answer {
        /** A JSON array, paged with {@code limit} and the {@code Link} header's next page (a probe asks for one item). */
        PAGED_LIST,
        /** A JSON array, all at once. */
        LIST,
        /** One JSON object. */
        OBJECT
    }

    /**
     * @param path with {@code {appId}}, {@code {groupId}}, {@code {policyId}} placeholders
     * @param scopes every scope the endpoint needs
     * @param answer what it answers
     */
    public record Endpoint(String path, List<String> scopes, Answer answer) {
        public Endpoint {
            scopes = List.copyOf(scopes);
        }

        boolean matches(String concretePath) {
            return Pattern.compile(path.replaceAll("\\{[a-zA-Z]+}", "[^/]+")).matcher(concretePath).matches();
        }
    }

    /** In the order a probe can find the ids the later ones need. */
    public static final List<Endpoint> COLLECTED = List.of(
            new Endpoint("/api/v1/users", List.of(USERS), Answer.PAGED_LIST),
            new Endpoint("/api/v1/groups", List.of(GROUPS), Answer.PAGED_LIST),
            // a push mapping's target (an APP_GROUP) that the groups list did not hold
            new Endpoint("/api/v1/groups/{groupId}", List.of(GROUPS), Answer.OBJECT),
            new Endpoint("/api/v1/groups/{groupId}/users", List.of(GROUPS), Answer.PAGED_LIST),
            new Endpoint("/api/v1/apps", List.of(APPS), Answer.PAGED_LIST),
            new Endpoint("/api/v1/apps/{appId}", List.of(APPS), Answer.OBJECT),
            new Endpoint("/api/v1/apps/{appId}/users", List.of(APPS), Answer.PAGED_LIST),
            new Endpoint("/api/v1/apps/{appId}/groups", List.of(APPS), Answer.PAGED_LIST),
            new Endpoint("/api/v1/apps/{appId}/features", List.of(APPS), Answer.LIST),
            new Endpoint("/api/v1/apps/{appId}/connections/default", List.of(APPS), Answer.OBJECT),
            new Endpoint("/api/v1/apps/{appId}/group-push/mappings", List.of(APPS, GROUPS), Answer.PAGED_LIST),
            new Endpoint("/api/v1/apps/{appId}/credentials/keys", List.of(APPS), Answer.LIST),
            new Endpoint("/api/v1/policies/{policyId}", List.of(POLICIES), Answer.OBJECT),
            new Endpoint("/api/v1/policies/{policyId}/rules", List.of(POLICIES), Answer.PAGED_LIST));

    /** The catalogue entry a concrete request path belongs to. */
    public static Optional<Endpoint> of(String concretePath) {
        return COLLECTED.stream().filter(e -> e.matches(concretePath)).findFirst();
    }

    /** Every scope some collected endpoint needs. */
    public static Set<String> scopes() {
        Set<String> all = new LinkedHashSet<>();
        COLLECTED.forEach(e -> all.addAll(e.scopes()));
        return all;
    }
}
