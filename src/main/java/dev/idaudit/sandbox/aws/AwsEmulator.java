package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.idaudit.sandbox.Faults;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS APIs an audit reads, emulated on 127.0.0.1 from a scenario's aws.yaml: Organizations,
 * SSO Admin, Identity Store and CloudTrail in the AWS JSON 1.1 protocol, IAM and STS in the AWS
 * Query protocol, all on one endpoint (point every SDK client's endpointOverride, or
 * AWS_ENDPOINT_URL, at {@link #endpoint()}). Requests are routed by {@code X-Amz-Target} (JSON)
 * or by the signing name in the Authorization header (Query). Signatures are not checked, but
 * the access key id decides the account a call is answered for (see AssumeRole).
 *
 * <p>No AWS SDK class is used here: the emulator speaks the wire formats, so the real SDK
 * clients are what the tests exercise.
 */
public final class AwsEmulator implements AutoCloseable {
    private static final ObjectMapper WIRE = new ObjectMapper();
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/([^/]+)/aws4_request");

    static {
        // The JDK server writes the response headers and the body in two TCP segments; with
        // Nagle's algorithm on, the body waits for the client's delayed ACK (~40 ms a call).
        // The property is read once, when the first HttpServer of the JVM is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * One authenticated call as the emulator answered it.
     *
     * @param service the service's name in its endpoint (sso-admin, identitystore, organizations, cloudtrail, iam, sts)
     * @param operation e.g. ListInstances
     * @param accountId the account the caller's credentials belong to
     * @param assumedRole the role the caller assumed (the member role), or null for the scenario's own caller
     * @param receivedAt when the request arrived (before any latency, throttling or fault)
     */
    public record Call(String service, String operation, String accountId, String assumedRole, Instant receivedAt) {}

    private record Fault(String errorCode, int httpStatus, AtomicInteger remaining) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final AwsWorld world;
    private final Map<String, JsonService> jsonServices = new HashMap<>();
    private final List<QueryService> queryServices;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final List<Call> answered = new CopyOnWriteArrayList<>();
    private final Sessions sessions;
    private final SsoPortal portal;
    private final Traffic traffic;
    private final AwsRateLimits limits;
    private final Faults scenarioFaults;

    /** Thrown to close the connection without an answer (an injected reset or timeout). */
    private static final class Unanswered extends RuntimeException {
        Unanswered() {
            super(null, null, false, false);
        }
    }

    private AwsEmulator(Scenario scenario) throws IOException {
        world = AwsWorld.read(scenario.name(), scenario.aws(), Instant.now());
        int pageSize = scenario.settings().awsPageSize();
        if (pageSize < 1) {
            throw new BadInputException("scenario " + scenario.name() + ": awsPageSize must be at least 1, got " + pageSize);
        }
        sessions = new Sessions(world);
        portal = new SsoPortal(world, sessions);
        traffic = scenario.settings().traffic();
        limits = new AwsRateLimits(traffic);
        scenarioFaults = new Faults(traffic, "aws");
        for (JsonService s : List.of(new OrganizationsService(world, pageSize), new SsoAdminService(world, pageSize),
                new IdentityStoreService(world, pageSize), new CloudTrailService(world, pageSize))) {
            jsonServices.put(s.targetPrefix(), s);
        }
        queryServices = List.of(new StsService(world, pageSize, sessions), new IamService(world, pageSize));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        // Enough threads that a collector's concurrency, not the emulator, meets the rate limits.
        executor = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "aws-emulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the scenario's AWS side on a free port of 127.0.0.1 until {@link #close()}. */
    public static AwsEmulator start(Scenario scenario) {
        try {
            return new AwsEmulator(scenario);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the AWS emulator on 127.0.0.1", e);
        }
    }

    /** The one endpoint every AWS service is served on, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The scenario's region (what the SDK clients should be built with). */
    public String region() {
        return world.region;
    }

    /** The role the scenario lets a collector assume in member accounts (the collector's member-role setting). */
    public String memberRoleName() {
        return world.memberRole;
    }

    /**
     * Environment variables that point an AWS SDK or the AWS CLI at this emulator. The key pair
     * is a placeholder: the emulator checks no signature, and any key that is not a temporary
     * one from AssumeRole acts as the scenario's caller in the management account.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint().toString());
        env.put("AWS_REGION", world.region);
        env.put("AWS_ACCESS_KEY_ID", "AKIASANDBOXCALLER001");
        env.put("AWS_SECRET_ACCESS_KEY", "sandbox-placeholder-not-a-secret");
        return env;
    }

    /**
     * What {@code aws sso login} leaves in the token cache, for the scenario's auditor: an access
     * token of the access portal valid for {@code validFor} (negative: expired that long ago) and,
     * when {@code refreshable}, a refresh token and the OIDC client registration that CreateToken
     * trades it with. The auditor is assigned {@link #SSO_ROLE} in the management account.
     */
    public SsoLogin ssoLogin(Duration validFor, boolean refreshable) {
        return portal.login(validFor, refreshable);
    }

    /** The role (permission set) the access portal lets the scenario's auditor use, in the management account. */
    public static final String SSO_ROLE = SsoPortal.ROLE;

    /**
     * A sign-in to the access portal, with the fields of the AWS CLI's token cache file.
     *
     * @param refreshToken null when the session cannot be refreshed
     * @param region the Region of the portal (sso_region)
     * @param accountId the account the auditor's role is in (sso_account_id)
     */
    public record SsoLogin(String accessToken, Instant expiresAt, String refreshToken, String clientId, String clientSecret,
                           Instant registrationExpiresAt, String region, String accountId) {
        @Override
        public String toString() {
            return "SsoLogin[expiresAt=" + expiresAt + ", region=" + region + ", accountId=" + accountId + "]";
        }
    }

    /** How long the credentials of the access portal's GetRoleCredentials last (1 hour unless a test shortens it). */
    public void ssoCredentialLifetime(Duration lifetime) {
        portal.credentialLifetime(lifetime);
    }

    /**
     * From now on, answer only requests signed with credentials this emulator issued (AssumeRole,
     * GetRoleCredentials) and not yet expired; any other key, the scenario's caller's included,
     * gets InvalidClientTokenId. A test proves so which credentials a collection used.
     */
    public void acceptOnlyIssuedCredentials() {
        sessions.acceptOnlyIssued(true);
    }

    /** How many calls of this operation (e.g. "ListAccounts") have been answered, errors included. */
    public int callCount(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Every authenticated call so far, in order, with who made it (what an IAM policy must allow). */
    public List<Call> calls() {
        return List.copyOf(answered);
    }

    /**
     * Makes the next {@code times} calls of {@code operation} fail with {@code errorCode} (in the
     * service's protocol) and {@code httpStatus}: e.g. ("ListAccounts", "TooManyRequestsException",
     * 400, 2) or ("GetRole", "Throttling", 400, 1).
     */
    public void injectFault(String operation, String errorCode, int httpStatus, int times) {
        faults.put(operation, new Fault(errorCode, httpStatus, new AtomicInteger(times)));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant receivedAt = Instant.now();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String requestId = UUID.randomUUID().toString();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher credential = authorization == null ? null : CREDENTIAL.matcher(authorization);
            boolean signed = credential != null && credential.find();
            Identity caller = null;
            AwsError refused = null;
            try {
                caller = signed ? sessions.identify(credential.group(1)).inRegion(credential.group(2)) : null;
            } catch (AwsError e) {
                refused = e;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String path = exchange.getRequestURI().getPath();
            if (target == null && SsoPortal.handles(path)) {
                handlePortal(exchange, path, body, requestId);
            } else if (target != null) {
                handleJson(exchange, target, body, caller, refused, requestId, receivedAt);
            } else {
                handleQuery(exchange, body, caller, refused, signed ? credential.group(3) : null, requestId, receivedAt);
            }
        } catch (Unanswered e) {
            // closing the exchange before any header is sent closes the connection
        } catch (RuntimeException e) {
            // A bug in the emulator: answer like an AWS internal failure, with the cause, rather than hang the client.
            ObjectNode failure = WIRE.createObjectNode().put("__type", "InternalFailure").put("message", "sandbox error: " + e);
            byte[] bytes = WIRE.writeValueAsBytes(failure);
            exchange.sendResponseHeaders(500, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    // ---- AWS JSON 1.1 ----

    private void handleJson(HttpExchange exchange, String target, byte[] body, Identity caller, AwsError refused, String requestId,
            Instant receivedAt)
            throws IOException {
        int dot = target.lastIndexOf('.');
        JsonService service = dot < 0 ? null : jsonServices.get(target.substring(0, dot));
        String operation = dot < 0 ? target : target.substring(dot + 1);
        try {
            if (service == null) {
                throw new AwsError("UnknownOperationException", 400, "The sandbox serves no service for X-Amz-Target " + target);
            }
            count(operation);
            if (refused != null) {
                throw refused;
            }
            if (caller == null) {
                throw new AwsError("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
            }
            answered.add(new Call(service.serviceName(), operation, caller.accountId(), caller.roleName(), receivedAt));
            throwInjectedFault(operation);
            JsonNode input = body.length == 0 ? WIRE.createObjectNode() : WIRE.readTree(body);
            if (input == null || !input.isObject()) {
                throw new AwsError("SerializationException", 400, "The request body must be a JSON object");
            }
            Traffic.Fault fault = beforeAnswer(service.serviceName(), operation, caller, input.hasNonNull("NextToken"), true);
            if (fault != null && fault.kind() == Traffic.FaultKind.MALFORMED_JSON) {
                sendRaw(exchange, "application/x-amz-json-1.1", "{\"AccountAssignments\": [{\"Acc", requestId);
                return;
            }
            ObjectNode output = service.call(operation, service.input(input), caller);
            if (fault != null && fault.kind() == Traffic.FaultKind.REPEAT_CURSOR && output.hasNonNull("NextToken")) {
                output.put("NextToken", input.get("NextToken").asText());
            }
            sendJson(exchange, 200, output, requestId, null);
        } catch (JsonProcessingException e) {
            sendJsonError(exchange, new AwsError("SerializationException", 400, "The request body is not valid JSON"), requestId, false);
        } catch (AwsError e) {
            sendJsonError(exchange, e, requestId, service != null && service.errorsCarryRequestId());
        }
    }

    private void sendJsonError(HttpExchange exchange, AwsError e, String requestId, boolean withRequestId) throws IOException {
        ObjectNode error = WIRE.createObjectNode();
        error.put("__type", e.code);
        error.put("Message", e.getMessage());
        e.extraMembers.forEach(error::put);
        if (withRequestId) {
            error.put("RequestId", requestId);
        }
        retryAfter(exchange, e);
        sendJson(exchange, e.httpStatus, error, requestId, e.code);
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body, String requestId, String errorType) throws IOException {
        byte[] bytes = WIRE.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (errorType != null) {
            exchange.getResponseHeaders().set("X-Amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    // ---- REST-JSON: the access portal and its OIDC service (no SigV4: the bearer token authorises) ----

    private void handlePortal(HttpExchange exchange, String path, byte[] body, String requestId) throws IOException {
        SsoPortal.Answer answer = portal.call(exchange.getRequestMethod(), path,
                formParameters(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders().getFirst("x-amz-sso_bearer_token"), body);
        ObjectNode out;
        int status = 200;
        String errorType = null;
        try {
            if (answer.operation() != null) {
                count(answer.operation());
                throwInjectedFault(answer.operation());
            }
            out = answer.body().get();
        } catch (AwsError e) {
            // REST-JSON errors: the code in X-Amzn-ErrorType, the members of the model's error shape in the body
            // (sso: message; sso-oidc: error and error_description).
            out = WIRE.createObjectNode();
            if (e.extraMembers.isEmpty()) {
                out.put("message", e.getMessage());
            } else {
                e.extraMembers.forEach(out::put);
            }
            status = e.httpStatus;
            errorType = e.code;
        }
        byte[] bytes = WIRE.writeValueAsBytes(out);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (errorType != null) {
            exchange.getResponseHeaders().set("X-Amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    // ---- AWS Query ----

    private void handleQuery(HttpExchange exchange, byte[] body, Identity caller, AwsError refused, String signingName, String requestId,
            Instant receivedAt) throws IOException {
        Map<String, String> params = formParameters(exchange.getRequestURI().getRawQuery());
        params.putAll(formParameters(new String(body, StandardCharsets.UTF_8)));
        String action = params.getOrDefault("Action", "");
        QueryService service = queryServices.stream().filter(s -> s.signingName().equals(signingName)).findFirst()
                .orElseGet(() -> queryServices.stream().filter(s -> s.handles(action)).findFirst().orElse(null));
        String namespace = service == null ? "https://iam.amazonaws.com/doc/2010-05-08/" : service.xmlNamespace();
        try {
            if (action.isEmpty()) {
                throw new AwsError("MissingAction", 400, "The request must contain the parameter Action (or an X-Amz-Target header)");
            }
            count(action);
            if (service == null || !service.handles(action)) {
                throw new AwsError("InvalidAction", 400, "The sandbox does not implement the action " + action);
            }
            if (refused != null) {
                throw refused;
            }
            if (caller == null) {
                throw new AwsError("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
            }
            answered.add(new Call(service.signingName(), action, caller.accountId(), caller.roleName(), receivedAt));
            throwInjectedFault(action);
            Traffic.Fault fault = beforeAnswer(service.signingName(), action, caller, params.containsKey("Marker"), false);
            if (fault != null && fault.kind() == Traffic.FaultKind.MALFORMED_JSON) {
                sendRaw(exchange, "text/xml", "<" + action + "Response><" + action + "Result><Ro", requestId);
                return;
            }
            Xml response = new Xml().open(action + "Response", namespace).open(action + "Result");
            boolean repeatCursor = fault != null && fault.kind() == Traffic.FaultKind.REPEAT_CURSOR;
            service.call(action, service.params(params, repeatCursor), caller, response);
            response.close(action + "Result")
                    .open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata")
                    .close(action + "Response");
            sendXml(exchange, 200, response.toString(), requestId);
        } catch (AwsError e) {
            String xml = new Xml().open("ErrorResponse", namespace)
                    .open("Error").element("Type", e.senderFault ? "Sender" : "Receiver").element("Code", e.code)
                    .element("Message", e.getMessage()).close("Error")
                    .element("RequestId", requestId).close("ErrorResponse").toString();
            retryAfter(exchange, e);
            sendXml(exchange, e.httpStatus, xml, requestId);
        }
    }

    /** An error's Retry-After is a header beside the body, as a load balancer in front of AWS sends it. */
    private static void retryAfter(HttpExchange exchange, AwsError e) {
        if (e.retryAfterSeconds > 0) {
            exchange.getResponseHeaders().set("Retry-After", String.valueOf(e.retryAfterSeconds));
        }
    }

    private static void sendXml(HttpExchange exchange, int status, String xml, String requestId) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> formParameters(String encoded) {
        Map<String, String> params = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    // ---- shared ----

    /**
     * Latency, throttling and the scenario's faults, before a call is answered: throws the
     * service's error for a throttled or failed call, {@link Unanswered} for a dropped one, and
     * returns a fault that changes the answer itself (malformed body, repeated cursor), or null.
     */
    private Traffic.Fault beforeAnswer(String service, String operation, Identity caller, boolean hasCursor, boolean json) {
        Faults.hold(traffic.scaledLatency());
        if (!limits.admit(service, caller.accountId(), System.nanoTime())) {
            throw throttled(service);
        }
        Traffic.Fault fault = scenarioFaults.take(operation, caller.accountId(), hasCursor).orElse(null);
        if (fault == null) {
            return null;
        }
        switch (fault.kind()) {
            case ERROR_500 -> throw (json ? new AwsError("InternalServerException", 500, "Internal failure (injected)")
                    : new AwsError("ServiceFailure", 500, "Internal failure (injected)")).withRetryAfter(fault.retryAfterSeconds());
            case ERROR_503 -> throw new AwsError("ServiceUnavailable", 503, "Service unavailable (injected)")
                    .withRetryAfter(fault.retryAfterSeconds());
            case SLOW -> {
                Faults.hold(fault.delay());
                return null;
            }
            case TIMEOUT -> {
                Faults.hold(fault.delay());
                throw new Unanswered();
            }
            case CONNECTION_RESET -> throw new Unanswered();
            case THROTTLED -> throw throttled(service);
            case ACCESS_DENIED -> throw json
                    ? new AwsError("AccessDeniedException", 400, "User: " + caller.arn() + " is not authorized to perform: " + operation)
                    : new AwsError("AccessDenied", 403, "User: " + caller.arn() + " is not authorized to perform: " + operation);
            default -> {
                return fault;
            }
        }
    }

    /** Each service's throttling error, as its API model names it. */
    private static AwsError throttled(String service) {
        return switch (AwsRateLimits.bucketOf(service)) {
            case "organizations" -> new AwsError("TooManyRequestsException", 400, "Rate exceeded");
            case "iam", "sts" -> new AwsError("Throttling", 400, "Rate exceeded");
            default -> new AwsError("ThrottlingException", 400, "Rate exceeded");
        };
    }

    private static void sendRaw(HttpExchange exchange, String contentType, String body, String requestId) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Calls received per rate-limit bucket (identity-center, organizations, iam, sts, cloudtrail), throttled ones included. */
    public Map<String, Integer> callsPerBucket() {
        return limits.callsPerBucket();
    }

    /** Every call a scenario fault spoiled. */
    public List<Faults.Fired> faultsFired() {
        return scenarioFaults.fired();
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    private void throwInjectedFault(String operation) {
        Fault fault = faults.get(operation);
        if (fault != null && fault.remaining().getAndDecrement() > 0) {
            throw new AwsError(fault.errorCode(), fault.httpStatus(), "Injected by the sandbox: " + fault.errorCode());
        }
    }
}
