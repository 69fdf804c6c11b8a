package dev.idaudit.collect.okta;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.okta.sdk.resource.client.ApiClient;
import com.okta.sdk.resource.client.Pair;
import dev.idaudit.collect.PreflightCheck;
import dev.idaudit.collect.PreflightCheck.Result;
import dev.idaudit.config.OktaConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code idaudit doctor} asks Okta: with an OAuth service app, whether each read-only scope
 * the collector needs is requested and granted (one token request per scope); then one minimal
 * call (a page of one) to every endpoint of {@link OktaEndpoints}. A refused one is MISSING, with
 * the scope to grant.
 */
public final class OktaPreflight {
    private static final String WHERE = "okta";
    private static final String SIGN_IN = "sign-in";
    private static final String[] AUTH_NAMES = {"apiToken", "oauth2"};
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

    private final OktaConfig config;
    private final List<PreflightCheck> checks = new ArrayList<>();

    public OktaPreflight(OktaConfig config) {
        this.config = config;
    }

    public List<PreflightCheck> run() {
        checks.clear();
        OktaConfig signIn = config;
        if (config.usesOAuth()) {
            List<String> granted = grantedScopes();
            if (granted == null || granted.isEmpty()) {
                return List.copyOf(checks);
            }
            signIn = withScopes(granted);
        }
        ApiClient client = signIn(signIn);
        if (client == null) {
            return List.copyOf(checks);
        }
        try {
            endpoints(client);
        } finally {
            OktaClients.close(client);
        }
        return List.copyOf(checks);
    }

    /** Each scope alone, so that one missing scope shows as itself; null when signing in fails for another reason. */
    private List<String> grantedScopes() {
        List<String> granted = new ArrayList<>();
        for (String scope : OktaEndpoints.scopes()) {
            String check = "scope " + scope;
            if (!config.scopes().contains(scope)) {
                checks.add(new PreflightCheck(WHERE, check, Result.MISSING, "not requested by okta.auth.scopes in the config",
                        "add " + scope + " to okta.auth.scopes in the config (or leave scopes out: the default asks for "
                                + OktaConfig.READ_ONLY_SCOPES + ")"));
                continue;
            }
            try {
                OktaClients.close(OktaClients.connect(withScopes(List.of(scope))));
                checks.add(PreflightCheck.ok(WHERE, check, "granted"));
                granted.add(scope);
            } catch (RuntimeException e) {
                if ("invalid_scope".equals(OktaFailure.oauthError(e))) {
                    checks.add(new PreflightCheck(WHERE, check, Result.MISSING, OktaFailure.describe(e, config), grant(List.of(scope))));
                } else {
                    checks.add(new PreflightCheck(WHERE, SIGN_IN, failure(e), OktaFailure.describe(e, config), null));
                    return null;
                }
            }
        }
        return granted;
    }

    private ApiClient signIn(OktaConfig signIn) {
        try {
            ApiClient client = OktaClients.connect(signIn);
            if (config.usesOAuth()) {
                checks.add(PreflightCheck.ok(WHERE, SIGN_IN, "OAuth client " + config.clientId() + " has an access token"));
            }
            return client;
        } catch (dev.idaudit.util.BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            checks.add(new PreflightCheck(WHERE, SIGN_IN, failure(e), OktaFailure.describe(e, config), null));
            return null;
        }
    }

    /** Every endpoint in order; the ids later ones need come from the answers of earlier ones. */
    private void endpoints(ApiClient client) {
        Map<String, String> ids = new HashMap<>();
        for (OktaEndpoints.Endpoint endpoint : OktaEndpoints.COLLECTED) {
            String path = fill(endpoint.path(), ids);
            if (path == null) {
                checks.add(notTried(endpoint.path()));
                continue;
            }
            Map<String, String> query = new LinkedHashMap<>();
            if (endpoint.answer() == OktaEndpoints.Answer.PAGED_LIST) {
                query.put("limit", "1");
            }
            boolean awsApps = endpoint.path().equals("/api/v1/apps");
            if (awsApps) {
                query.put("filter", "name eq \"" + OktaCollector.AWS_APP_NAME + "\"");
            }
            JsonNode answer = probe(client, endpoint, path, query);
            if (checks.get(checks.size() - 1).check().equals(SIGN_IN)) {
                return;
            }
            if (answer == null) {
                continue;
            }
            switch (endpoint.path()) {
                case "/api/v1/groups" -> first(answer, "id").ifPresent(id -> ids.put("groupId", id));
                case "/api/v1/apps" -> {
                    String appId = config.appId() != null ? config.appId() : first(answer, "id").orElse(null);
                    if (appId == null) {
                        checks.add(new PreflightCheck(WHERE, OktaCollector.AWS_APP_NAME + " app", Result.ERROR,
                                "the org has no " + OktaCollector.AWS_APP_NAME + " (AWS IAM Identity Center) app: there is nothing to audit", null));
                    } else {
                        ids.put("appId", appId);
                    }
                }
                case "/api/v1/apps/{appId}" -> {
                    String href = answer.path("_links").path("accessPolicy").path("href").asText("").replaceAll("/+$", "");
                    if (!href.isEmpty()) {
                        ids.put("policyId", href.substring(href.lastIndexOf('/') + 1));
                    }
                }
                default -> { }
            }
        }
    }

    private JsonNode probe(ApiClient client, OktaEndpoints.Endpoint endpoint, String path, Map<String, String> query) {
        String check = "GET " + endpoint.path();
        try {
            List<Pair> pairs = new ArrayList<>();
            query.forEach((k, v) -> pairs.addAll(client.parameterToPair(k, v)));
            // The SDK reads an answer into a List or a Map (not a JsonNode), so the shape is asked for.
            Object answer = endpoint.answer() == OktaEndpoints.Answer.OBJECT
                    ? client.invokeAPI(path, "GET", pairs, new ArrayList<>(), "", null, new LinkedHashMap<>(), new LinkedHashMap<>(),
                            new LinkedHashMap<>(), "application/json", "application/json", AUTH_NAMES,
                            new TypeReference<Map<String, Object>>() {})
                    : client.invokeAPI(path, "GET", pairs, new ArrayList<>(), "", null, new LinkedHashMap<>(), new LinkedHashMap<>(),
                            new LinkedHashMap<>(), "application/json", "application/json", AUTH_NAMES,
                            new TypeReference<List<Object>>() {});
            checks.add(PreflightCheck.ok(WHERE, check, ""));
            return client.getObjectMapper().valueToTree(answer);
        } catch (Exception e) {
            int status = OktaFailure.status(e);
            String detail = OktaFailure.describe(e, config);
            if (status == 0 && PreflightCheck.noAnswer(e)) {
                // No answer from the org: every other call would go unanswered as well.
                checks.add(new PreflightCheck(WHERE, SIGN_IN, Result.UNREACHABLE, detail, null));
            } else if (status == 401) {
                // An API token is first shown to Okta here: every other call would be refused the same way.
                checks.add(new PreflightCheck(WHERE, SIGN_IN, Result.ERROR, "Okta rejected the "
                        + (config.usesOAuth() ? "access token" : "API token") + ": " + detail, null));
            } else if (status == 400 || status == 404) {
                // Okta checks the token's scopes and the admin's rights before it looks at the resource.
                checks.add(PreflightCheck.ok(WHERE, check, "allowed (" + detail + ")"));
            } else if (status == 403) {
                checks.add(new PreflightCheck(WHERE, check, Result.MISSING, detail, grant(endpoint.scopes())));
            } else {
                checks.add(new PreflightCheck(WHERE, check, failure(e), detail, null));
            }
            return null;
        }
    }

    private String grant(List<String> scopes) {
        if (config.usesOAuth()) {
            return "grant " + String.join(" and ", scopes) + " to the OAuth service app " + config.clientId()
                    + " (Admin Console: Applications > the app > Okta API Scopes > Grant)";
        }
        return "the API token acts with its admin's rights: create it as an admin with the Read-Only Administrator role, "
                + "or use an OAuth service app with " + String.join(" and ", scopes);
    }

    private static Result failure(Throwable e) {
        if (OktaFailure.status(e) > 0) {
            return OktaFailure.status(e) == 403 ? Result.MISSING : Result.ERROR;
        }
        return PreflightCheck.noAnswer(e) ? Result.UNREACHABLE : Result.ERROR;
    }

    private OktaConfig withScopes(List<String> scopes) {
        return new OktaConfig(config.orgUrl(), config.apiToken(), config.clientId(), config.privateKey(), config.privateKeyFile(),
                scopes, config.appId());
    }

    private static String fill(String template, Map<String, String> ids) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String id = ids.get(m.group(1));
            if (id == null) {
                return null;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(id));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * An endpoint whose id no earlier answer gave: SKIPPED when there is nothing there (a
     * collection would not call it either), else the result of the call that should have given it.
     */
    private PreflightCheck notTried(String template) {
        String lookup = template.contains("{policyId}") ? "/api/v1/apps/{appId}" : template.contains("{appId}") ? "/api/v1/apps" : "/api/v1/groups";
        String nothingThere = template.contains("{policyId}") ? "the app has no access policy to read"
                : template.contains("{appId}") ? "no " + OktaCollector.AWS_APP_NAME + " app to read" : "no group to list the members of";
        PreflightCheck source = checks.stream().filter(c -> c.check().equals("GET " + lookup)).reduce((a, b) -> b).orElse(null);
        if (source != null && !source.result().passes()) {
            return new PreflightCheck(WHERE, "GET " + template, source.result(), "not tried: GET " + lookup + " failed", null);
        }
        return PreflightCheck.skipped(WHERE, "GET " + template, nothingThere + " (a collection makes no such call either)");
    }

    private static java.util.Optional<String> first(JsonNode list, String field) {
        return list.isArray() && !list.isEmpty() && list.get(0).hasNonNull(field)
                ? java.util.Optional.of(list.get(0).get(field).asText()) : java.util.Optional.empty();
    }
}
