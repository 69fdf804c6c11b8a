package dev.idaudit.sandbox.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.idaudit.sandbox.Faults;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Okta management API of a scenario, served over HTTP on 127.0.0.1 (a free port): the read
 * endpoints idaudit's collector calls, answering in the schemas of Okta's OpenAPI spec, with
 * {@code limit}/{@code after} paging capped at the scenario's {@code oktaPageSize}, {@code Link}
 * headers with absolute URLs, {@code Date} and {@code X-Rate-Limit-*} headers and Okta error bodies.
 *
 * <p>Requests authenticate with {@code Authorization: SSWS} {@link #API_TOKEN} (every scope) or
 * with a Bearer token from {@code POST /oauth2/v1/token} (client_credentials + private_key_jwt of
 * the {@link OAuthClient} given to {@link #start(Scenario, OAuthClient)}), which carries only the
 * scopes it was issued for: a call outside them answers 403 as Okta does.
 */
public final class OktaEmulator implements AutoCloseable {

    /** The API token the emulator accepts ({@code Authorization: SSWS <token>}); not a secret. */
    public static final String API_TOKEN = "00SandboxOktaApiToken-acme-not-a-secret";

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final String ID = "([^/]+)";

    private final Scenario scenario;
    private final OktaOrg org;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final Clock clock;
    private final OAuthTokenEndpoint oauth;
    private final List<Route> routes = new ArrayList<>();
    private final List<String> answeredPaths = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Traffic traffic;
    private final OktaRateLimits limits;
    private final Faults faults;

    /** One API request as it arrived: its path and when (before any latency, limit or fault). */
    public record Received(String path, Instant at) {}

    /** A GET endpoint: its path pattern, the OAuth scopes it needs, and what it answers. */
    private record Route(Pattern path, Set<String> scopes, Handler handler) {}

    @FunctionalInterface
    private interface Handler {
        Reply handle(Request request);
    }

    private record Request(Matcher path, Map<String, String> query) {
        String id(int group) {
            return URLDecoder.decode(path.group(group), StandardCharsets.UTF_8);
        }
    }

    /** What a route answers: a JSON body and, for a list with more pages, the next page's query. */
    private record Reply(JsonNode body, Map<String, String> nextQuery) {
        static Reply of(JsonNode body) {
            return new Reply(body, null);
        }
    }

    public static OktaEmulator start(Scenario scenario) {
        return start(scenario, null);
    }

    /** @param oauthClient the service app the token endpoint accepts; null = none (API token only) */
    public static OktaEmulator start(Scenario scenario, OAuthClient oauthClient) {
        try {
            return new OktaEmulator(scenario, oauthClient, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Okta emulator on 127.0.0.1", e);
        }
    }

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY each answer waits
        // ~40 ms for the client's delayed ACK. Read once, when the JDK's server config loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private OktaEmulator(Scenario scenario, OAuthClient oauthClient, Clock clock) throws IOException {
        this.scenario = scenario;
        this.clock = clock;
        this.org = OktaOrg.from(scenario.name(), scenario.okta(), clock.instant());
        this.traffic = scenario.settings().traffic();
        this.limits = new OktaRateLimits(traffic);
        this.faults = new Faults(traffic, "okta");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.oauth = new OAuthTokenEndpoint(oauthClient, baseUrl + OAuthTokenEndpoint.PATH, clock);
        defineRoutes();
        // Enough threads that Okta's concurrency limit, not the emulator, is what a client meets.
        this.executor = Executors.newFixedThreadPool(traffic.oktaConcurrent() + 5, r -> {
            Thread t = new Thread(r, "okta-emulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** e.g. http://127.0.0.1:41234 (no trailing slash): the org URL to give the SDK. */
    public URI baseUrl() {
        return baseUrl;
    }

    public Scenario scenario() {
        return scenario;
    }

    /**
     * The path of every API request a route answered for an authenticated caller, in order
     * (e.g. /api/v1/apps/0oa1.../users), errors included: what a token's scopes must cover.
     */
    public List<String> answeredPaths() {
        return List.copyOf(answeredPaths);
    }

    /**
     * Every endpoint this emulator serves, as {@code METHOD /path} with {@code {id}} for each path
     * parameter (e.g. {@code GET /api/v1/apps/{id}/users}), read from the route table that
     * dispatches requests: what docs/vendor-behaviour.md must give a source for.
     */
    public List<String> endpoints() {
        List<String> endpoints = new ArrayList<>();
        routes.forEach(route -> endpoints.add("GET " + route.path().pattern().replace(ID, "{id}")));
        endpoints.add("POST " + OAuthTokenEndpoint.PATH);
        return List.copyOf(endpoints);
    }

    /** Every API request, in the order it arrived, refused and spoiled ones included. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- endpoints

    private void defineRoutes() {
        String users = "okta.users.read";
        String groups = "okta.groups.read";
        String apps = "okta.apps.read";
        String policies = "okta.policies.read";
        route("/api/v1/users", Set.of(users), this::listUsers);
        route("/api/v1/groups", Set.of(groups), r -> page(r, org.groups, filter(r, Set.of("id", "type"))));
        route("/api/v1/groups/" + ID, Set.of(groups), this::getGroup);
        route("/api/v1/groups/" + ID + "/users", Set.of(groups), this::listGroupUsers);
        route("/api/v1/apps", Set.of(apps), r -> page(r, org.appsById.values().stream().map(OktaOrg.App::app).toList(),
                filter(r, Set.of("id", "name", "status"))));
        route("/api/v1/apps/" + ID, Set.of(apps), r -> Reply.of(app(r).app()));
        route("/api/v1/apps/" + ID + "/users", Set.of(apps), r -> page(r, planted(app(r).users(), "users"), x -> true));
        route("/api/v1/apps/" + ID + "/groups", Set.of(apps), r -> page(r, planted(app(r).groups(), "groups"), x -> true));
        route("/api/v1/apps/" + ID + "/features", Set.of(apps), this::listFeatures);
        route("/api/v1/apps/" + ID + "/connections/default", Set.of(apps), this::defaultConnection);
        route("/api/v1/apps/" + ID + "/group-push/mappings", Set.of(apps, groups),
                r -> page(r, planted(app(r).pushMappings(), "pushMappings"), x -> true));
        route("/api/v1/apps/" + ID + "/credentials/keys", Set.of(apps), r -> Reply.of(array(planted(app(r).keys(), "keys"))));
        route("/api/v1/policies/" + ID, Set.of(policies), r -> Reply.of(policy(r).policy()));
        route("/api/v1/policies/" + ID + "/rules", Set.of(policies), r -> page(r, planted(policy(r).rules(), "rules"), x -> true));
    }

    private void route(String path, Set<String> scopes, Handler handler) {
        routes.add(new Route(Pattern.compile(path), scopes, handler));
    }

    /** GET /api/v1/users: like Okta, DEPROVISIONED users appear only when a filter or search asks for them. */
    private Reply listUsers(Request r) {
        Set<String> attributes = Set.of("id", "status", "profile.login", "profile.email");
        String expression = r.query().containsKey("filter") ? r.query().get("filter") : r.query().get("search");
        Predicate<JsonNode> include = expression == null
                ? u -> !"DEPROVISIONED".equals(u.path("status").asText())
                : OktaFilter.parse(expression, attributes);
        return page(r, org.users, include);
    }

    /** GET /api/v1/groups/{groupId}: any group of the list, APP_GROUPs (group push targets) included. */
    private Reply getGroup(Request r) {
        String groupId = r.id(1);
        return Reply.of(org.groups.stream().filter(g -> groupId.equals(g.path("id").asText())).findFirst()
                .orElseThrow(() -> new OktaException(OktaError.notFound(groupId + " (UserGroup)"))));
    }

    private Reply listGroupUsers(Request r) {
        String groupId = r.id(1);
        List<String> members = org.membersByGroup.get(groupId);
        if (members == null) {
            throw new OktaException(OktaError.notFound(groupId + " (UserGroup)"));
        }
        return page(r, members.stream().map(org.usersById::get).toList(), x -> true);
    }

    /**
     * GET /apps/{id}/features: served for the apps the Features API supports; any other app is
     * refused with 400 E0000001, as the spec's ErrorAppFeatureAPIValidationFailed example shows.
     */
    private Reply listFeatures(Request r) {
        OktaOrg.App app = app(r);
        if (!OktaOrg.servesFeatures(app)) {
            planted(app.features(), "features"); // a planted error still answers as planted
            throw new OktaException(OktaError.featuresNotServed());
        }
        return Reply.of(array(planted(app.features(), "features")));
    }

    /**
     * GET /apps/{id}/connections/default. An app the Connections API does not serve answers 200
     * with status UNKNOWN ("Provisioning isn't supported by the app, or the authentication method
     * is unknown") and authScheme UNKNOWN, whatever is set up in the Admin Console.
     */
    private Reply defaultConnection(Request r) {
        OktaOrg.App app = app(r);
        if (!OktaOrg.servesConnections(app)) {
            planted(app.defaultConnection(), "defaultConnection");
            ObjectNode unknown = JsonNodeFactory.instance.objectNode();
            unknown.putObject("profile").put("authScheme", "UNKNOWN");
            unknown.put("status", "UNKNOWN");
            unknown.putObject("_links").putObject("self").put("href", "/api/v1/apps/" + app.id() + "/connections/default");
            return Reply.of(unknown);
        }
        JsonNode connection = app.defaultConnection();
        if (connection.isMissingNode() || connection.isNull()) {
            throw new OktaException(OktaError.notFound(r.id(1) + " (AppInstanceProvisioningConnection)"));
        }
        return Reply.of(planted(connection, "defaultConnection").get(0));
    }

    private OktaOrg.App app(Request r) {
        OktaOrg.App app = org.appsById.get(r.id(1));
        if (app == null) {
            throw new OktaException(OktaError.notFound(r.id(1) + " (AppInstance)"));
        }
        return app;
    }

    private OktaOrg.Policy policy(Request r) {
        OktaOrg.Policy policy = org.policiesById.get(r.id(1));
        if (policy == null) {
            throw new OktaException(OktaError.notFound(r.id(1) + " (Policy)"));
        }
        return policy;
    }

    /** A sub-resource as the scenario wrote it: a list (or one object), or an error to answer with. */
    private static List<JsonNode> planted(JsonNode node, String what) {
        if (node.isObject() && node.has("error")) {
            throw new OktaException(OktaError.fromScenario(node.get("error")));
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (node.isObject()) {
            items.add(node);
        }
        return items;
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        array.addAll(items);
        return array;
    }

    private static Predicate<JsonNode> filter(Request r, Set<String> attributes) {
        String expression = r.query().get("filter");
        return expression == null ? x -> true : OktaFilter.parse(expression, attributes);
    }

    /**
     * One page of {@code items}: at most {@code limit} and never more than the scenario's page size,
     * starting after the item whose id is the {@code after} cursor (Okta's cursors are opaque; the
     * emulator's are the last id of the previous page).
     */
    private Reply page(Request r, List<? extends JsonNode> items, Predicate<JsonNode> include) {
        List<JsonNode> selected = items.stream().filter(include).collect(Collectors.toList());
        int pageSize = scenario.settings().oktaPageSize();
        int limit = pageSize;
        String limitParam = r.query().get("limit");
        if (limitParam != null) {
            try {
                limit = Math.min(pageSize, Integer.parseInt(limitParam));
            } catch (NumberFormatException e) {
                throw new OktaException(OktaError.validation("limit", "limit: not a number: " + limitParam));
            }
            if (limit < 1) {
                throw new OktaException(OktaError.validation("limit", "limit: must be at least 1"));
            }
        }
        int start = 0;
        String after = r.query().get("after");
        if (after != null) {
            start = -1;
            for (int i = 0; i < selected.size(); i++) {
                if (after.equals(selected.get(i).path("id").asText())) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw new OktaException(OktaError.validation("after", "after: not a cursor of this list: " + after));
            }
        }
        int end = Math.min(selected.size(), start + limit);
        ArrayNode body = array(selected.subList(start, end));
        String next = end < selected.size() ? selected.get(end - 1).path("id").asText() : null;
        Map<String, String> nextQuery = null;
        if (next != null) {
            nextQuery = new LinkedHashMap<>(r.query());
            nextQuery.put("limit", String.valueOf(limit));
            nextQuery.put("after", next);
        }
        return new Reply(body, nextQuery);
    }

    // ---------------------------------------------------------------- HTTP

    private void serve(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/api/")) {
                received.add(new Received(path, Instant.now()));
            }
            OktaRateLimits.Decision decision = path.startsWith("/api/") ? limits.admit(path, clock.millis()) : null;
            if (decision != null) {
                rateLimitHeaders(exchange.getResponseHeaders(), decision);
                if (!decision.admitted()) {
                    send(exchange, 429, OktaError.rateLimited().body(), List.of());
                    return;
                }
            }
            try {
                Faults.hold(traffic.scaledLatency());
                boolean paging = exchange.getRequestURI().getRawQuery() != null && exchange.getRequestURI().getRawQuery().contains("after=");
                Traffic.Fault fault = path.startsWith("/api/") ? faults.take(path, null, paging).orElse(null) : null;
                if (fault != null && spoil(exchange, fault)) {
                    return;
                }
                answer(exchange, fault != null && fault.kind() == Traffic.FaultKind.REPEAT_CURSOR);
            } catch (OktaException e) {
                send(exchange, e.error().status(), e.error().body(), List.of());
            } catch (RuntimeException e) {
                send(exchange, 500, OktaError.of(500, "E0000009", "Internal Server Error").body(), List.of());
            } finally {
                if (decision != null) {
                    limits.finished();
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    /** Answers as the fault says; false when the call is still to be answered (slow, repeated cursor). */
    private boolean spoil(HttpExchange exchange, Traffic.Fault fault) throws IOException {
        switch (fault.kind()) {
            case ERROR_500 -> {
                retryAfter(exchange, fault);
                send(exchange, 500, OktaError.of(500, "E0000009", "Internal Server Error").body(), List.of());
            }
            case ERROR_503 -> {
                retryAfter(exchange, fault);
                send(exchange, 503, OktaError.of(503, "E0000010", "Service is temporarily unavailable").body(), List.of());
            }
            case SLOW -> {
                Faults.hold(fault.delay());
                return false;
            }
            case TIMEOUT -> Faults.hold(fault.delay()); // then closed unanswered
            case CONNECTION_RESET -> {
                // closing the exchange before any header is sent closes the connection
            }
            case MALFORMED_JSON -> {
                byte[] broken = "[{\"id\": \"00u".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, broken.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(broken);
                }
            }
            case ACCESS_DENIED -> send(exchange, 403, OktaError.forbidden().body(), List.of());
            case REPEAT_CURSOR -> {
                return false;
            }
            case THROTTLED -> {
                // What a spent bucket answers: nothing left, and the window resets a second from now.
                var headers = exchange.getResponseHeaders();
                headers.set("X-Rate-Limit-Limit", String.valueOf(traffic.oktaPerMinute().getOrDefault(
                        OktaRateLimits.bucketOf(exchange.getRequestURI().getRawPath()), Traffic.OKTA_BUCKETS.get("other"))));
                headers.set("X-Rate-Limit-Remaining", "0");
                headers.set("X-Rate-Limit-Reset", String.valueOf(clock.millis() / 1000 + 1));
                send(exchange, 429, OktaError.rateLimited().body(), List.of());
            }
        }
        return true;
    }

    /** The fault's Retry-After (delay-seconds), when it has one. */
    private static void retryAfter(HttpExchange exchange, Traffic.Fault fault) {
        if (fault.retryAfterSeconds() > 0) {
            exchange.getResponseHeaders().set("Retry-After", String.valueOf(fault.retryAfterSeconds()));
        }
    }

    private void answer(HttpExchange exchange, boolean repeatCursor) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals(OAuthTokenEndpoint.PATH)) {
            if (!exchange.getRequestMethod().equals("POST")) {
                throw new OktaException(OktaError.methodNotAllowed());
            }
            OAuthTokenEndpoint.Answer answer = oauth.token(parseQuery(readBody(exchange)));
            send(exchange, answer.status(), answer.body(), List.of());
            return;
        }
        Set<String> tokenScopes = authenticate(exchange);
        for (Route route : routes) {
            Matcher m = route.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                throw new OktaException(OktaError.methodNotAllowed());
            }
            answeredPaths.add(path);
            if (tokenScopes != null && !tokenScopes.containsAll(route.scopes())) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer authorization_uri=\"" + baseUrl
                        + "/oauth2/v1/authorize\", realm=\"IdpRealm\", scope=\"" + String.join(" ", route.scopes())
                        + "\", error=\"insufficient_scope\", error_description=\"The access token provided does not "
                        + "contain the required scopes.\", resource=\"" + path + "\"");
                throw new OktaException(OktaError.forbidden());
            }
            Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
            Reply reply = route.handler().handle(new Request(m, query));
            List<String> links = new ArrayList<>();
            links.add("<" + baseUrl + exchange.getRequestURI() + ">; rel=\"self\"");
            if (reply.nextQuery() != null) {
                // A repeated cursor (an injected fault) sends the client back to the page it just read.
                Map<String, String> next = repeatCursor ? query : reply.nextQuery();
                links.add("<" + baseUrl + path + "?" + encodeQuery(next) + ">; rel=\"next\"");
            }
            send(exchange, 200, withLinks(reply.body()), links);
            return;
        }
        throw new OktaException(OktaError.notFound(path));
    }

    /**
     * The scopes of the caller's Bearer token, or null for the API token (which may do anything
     * its admin may: here, every read).
     */
    private Set<String> authenticate(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.equals("SSWS " + API_TOKEN)) {
            return null;
        }
        if (authorization != null && authorization.startsWith("Bearer ")) {
            Set<String> scopes = oauth.scopesOf(authorization.substring("Bearer ".length()).trim());
            if (scopes != null) {
                return scopes;
            }
        }
        throw new OktaException(OktaError.invalidToken());
    }

    /** The body with every {@code _links} href written as a path turned into an absolute URL of this org. */
    private JsonNode withLinks(JsonNode body) {
        JsonNode copy = body.deepCopy();
        absolutize(copy, false);
        return copy;
    }

    private void absolutize(JsonNode node, boolean insideLinks) {
        if (node instanceof ObjectNode object) {
            if (insideLinks && object.path("href").isTextual() && object.path("href").asText().startsWith("/")) {
                object.put("href", baseUrl + object.path("href").asText());
            }
            object.fields().forEachRemaining(f -> absolutize(f.getValue(), insideLinks || f.getKey().equals("_links")));
        } else if (node instanceof ArrayNode array) {
            array.forEach(item -> absolutize(item, insideLinks));
        }
    }

    private void send(HttpExchange exchange, int status, JsonNode body, List<String> links) throws IOException {
        byte[] bytes = Json.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(body);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Date", HTTP_DATE.format(clock.instant()));
        links.forEach(link -> headers.add("Link", link));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void rateLimitHeaders(com.sun.net.httpserver.Headers headers, OktaRateLimits.Decision decision) {
        headers.set("X-Rate-Limit-Limit", String.valueOf(decision.limit()));
        headers.set("X-Rate-Limit-Remaining", String.valueOf(decision.remaining()));
        headers.set("X-Rate-Limit-Reset", String.valueOf(decision.resetEpochSecond()));
    }

    /** Calls received per rate-limit bucket (apps, users, groups, group, other), refused ones included. */
    public Map<String, Integer> callsPerBucket() {
        return limits.callsPerBucket();
    }

    /** Every call an injected fault spoiled. */
    public List<Faults.Fired> faultsFired() {
        return faults.fired();
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    private static String encodeQuery(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8).replace("+", "%20") + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }
}
