package dev.idaudit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.sandbox.okta.OktaEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/vendor-behaviour.md gives every endpoint the sandbox serves a row: each Okta route the
 * emulator's route table dispatches ({@code GET /api/v1/apps/{appId}/users}, placeholders named
 * as the spec names them) and each AWS operation the AWS emulator answers
 * ({@code sso-admin:ListInstances}). The AWS operations are found by asking the emulator for
 * every operation of the botocore models: whatever it does not refuse as unknown is served.
 */
class VendorBehaviourLedgerTest {

    static final Path LEDGER = Path.of("docs/vendor-behaviour.md");
    /** The botocore services the AWS emulator speaks (directories under api-models/aws). */
    static final List<String> AWS_SERVICES = List.of("organizations", "sso-admin", "identitystore", "cloudtrail", "iam", "sts", "sso",
            "sso-oidc");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern TOKEN = Pattern.compile("`([^`]+)`");

    @Test
    void everyOktaEndpointTheEmulatorServesHasARow() {
        List<String> served;
        try (OktaEmulator okta = OktaEmulator.start(scenario())) {
            served = okta.endpoints();
        }
        assertTrue(served.size() >= 13, "the route table lists the collector's endpoints: " + served);
        assertEquals(List.of(), missingOktaRows(served, ledgerTokens(read(LEDGER))),
                "Okta endpoints the sandbox serves without a row (with a vendor source) in " + LEDGER);
    }

    @Test
    void everyAwsOperationTheEmulatorServesHasARow() {
        Set<String> served;
        try (AwsEmulator aws = AwsEmulator.start(scenario())) {
            served = servedAwsOperations(aws);
        }
        assertTrue(served.contains("sso-admin:ListInstances") && served.contains("iam:GetCredentialReport"),
                "the probe finds what the emulator serves: " + served);
        assertFalse(served.contains("iam:CreateUser"), "the probe tells a served operation from an unknown one: " + served);
        Set<String> missing = new TreeSet<>(served);
        missing.removeAll(ledgerTokens(read(LEDGER)));
        assertEquals(Set.of(), missing, "AWS operations the sandbox serves without a row (with a vendor source) in " + LEDGER);
    }

    @Test
    void everyRowHasItsFourCellsAndEveryCellIsFilled() {
        List<String> malformed = new java.util.ArrayList<>();
        for (String line : read(LEDGER).split("\n")) {
            if (!line.startsWith("|") || line.startsWith("|---") || line.equals("| behaviour | vendor source | emulator | test |")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            boolean filled = cells.length == 6 && java.util.Arrays.stream(cells, 1, 5).noneMatch(String::isBlank);
            if (!filled) {
                malformed.add(line);
            }
        }
        assertEquals(List.of(), malformed, "rows of " + LEDGER + " without four filled cells (a | inside a cell must be escaped)");
    }

    @Test
    void aServedEndpointWithoutARowIsReported() {
        String ledger = """
                | behaviour | vendor source | emulator | test |
                |---|---|---|---|
                | `GET /api/v1/users` list users | spec listUsers | OktaEmulator | OktaCollectorTest |
                | a row whose endpoint is only mentioned later, `GET /api/v1/groups` | x | x | x |
                | `GET /api/v1/apps/{appId}/users` a row without a source |  | OktaEmulator | x |
                """;
        assertEquals(List.of("GET /api/v1/groups", "GET /api/v1/apps/{id}/users"),
                missingOktaRows(List.of("GET /api/v1/users", "GET /api/v1/groups", "GET /api/v1/apps/{id}/users"), ledgerTokens(ledger)));
    }

    /** The emulator's endpoints that no row names in its first cell (placeholder names do not matter). */
    static List<String> missingOktaRows(List<String> served, Set<String> tokens) {
        Set<String> documented = new LinkedHashSet<>();
        tokens.forEach(t -> documented.add(normalise(t)));
        return served.stream().filter(e -> !documented.contains(normalise(e))).toList();
    }

    private static String normalise(String endpoint) {
        return endpoint.replaceAll("\\{[^}/]*}", "{}");
    }

    /** The backticked tokens at the start of the first cell of each table row that names a vendor source: a row's keys. */
    static Set<String> ledgerTokens(String markdown) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String line : markdown.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (cells.length < 5 || cells[2].isBlank()) {
                continue; // not a row of the table, or a row without a vendor source
            }
            Matcher m = TOKEN.matcher(cells[1].trim());
            int end = 0;
            // Only the tokens that open the cell name endpoints: "`GET /a`, `GET /b`: what they do".
            while (m.find() && cells[1].trim().substring(end, m.start()).matches("[\\s,/]*")) {
                tokens.add(m.group(1).trim());
                end = m.end();
            }
        }
        return tokens;
    }

    /**
     * Every operation of the botocore models that the emulator answers with something other than
     * its unknown-operation error (UnknownOperationException for JSON, InvalidAction for Query).
     * SSO Admin and Identity Store look up the instance or identity store a call names before
     * they look at the operation, so every JSON call names the scenario's first instance and its
     * identity store (found with ListInstances); other members are left out.
     */
    static Set<String> servedAwsOperations(AwsEmulator aws) {
        JsonNode instance = call(aws, "sso-admin", "ListInstances", "{}").path("Instances").path(0);
        String jsonInput = JSON.createObjectNode().put("InstanceArn", instance.path("InstanceArn").asText())
                .put("IdentityStoreId", instance.path("IdentityStoreId").asText()).toString();
        Set<String> served = new TreeSet<>();
        for (String service : AWS_SERVICES) {
            JsonNode model = model(service);
            JsonNode metadata = model.path("metadata");
            boolean json = metadata.path("protocol").asText().equals("json");
            for (Iterator<String> ops = model.path("operations").fieldNames(); ops.hasNext();) {
                String operation = ops.next();
                if (metadata.path("protocol").asText().equals("rest-json")) {
                    // The access portal and its OIDC service: the operation is the method and path (requestUri).
                    JsonNode http = model.path("operations").path(operation).path("http");
                    HttpResponse<String> answer = sendForResponse(HttpRequest.newBuilder(URI.create(aws.endpoint()
                            + http.path("requestUri").asText())).method(http.path("method").asText(),
                            HttpRequest.BodyPublishers.ofString("{}")).build());
                    if (!answer.headers().firstValue("X-Amzn-ErrorType").orElse("").equals("UnknownOperationException")) {
                        served.add(service + ":" + operation);
                    }
                    continue;
                }
                String body = send(request(aws, service, operation, json ? jsonInput : null));
                boolean unknown = json ? body.contains("\"UnknownOperationException\"") : body.contains("<Code>InvalidAction</Code>");
                if (!unknown) {
                    served.add(service + ":" + operation);
                }
            }
        }
        return served;
    }

    private static JsonNode call(AwsEmulator aws, String service, String operation, String input) {
        try {
            return JSON.readTree(send(request(aws, service, operation, input)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A call as the SDK sends it (the Authorization header has SigV4's layout, not a signature); {@code jsonInput} null for Query. */
    private static HttpRequest request(AwsEmulator aws, String service, String operation, String jsonInput) {
        JsonNode metadata = model(service).path("metadata");
        String signingName = metadata.path("signingName").asText(metadata.path("endpointPrefix").asText());
        HttpRequest.Builder request = HttpRequest.newBuilder(aws.endpoint()).header("Authorization", "AWS4-HMAC-SHA256 Credential="
                + aws.environment().get("AWS_ACCESS_KEY_ID") + "/20260101/" + aws.region() + "/" + signingName
                + "/aws4_request, SignedHeaders=host, Signature=0");
        if (jsonInput != null) {
            return request.header("Content-Type", "application/x-amz-json-" + metadata.path("jsonVersion").asText())
                    .header("X-Amz-Target", metadata.path("targetPrefix").asText() + "." + operation)
                    .POST(HttpRequest.BodyPublishers.ofString(jsonInput)).build();
        }
        return request.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("Action=" + operation + "&Version=" + metadata.path("apiVersion").asText()))
                .build();
    }

    private static Scenario scenario() {
        return Scenario.load("acme").withSettings(new Scenario.Settings(200, 100));
    }

    private static String send(HttpRequest request) {
        return sendForResponse(request).body();
    }

    private static HttpResponse<String> sendForResponse(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final java.util.Map<String, JsonNode> MODELS = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonNode model(String service) {
        return MODELS.computeIfAbsent(service, VendorBehaviourLedgerTest::readModel);
    }

    private static JsonNode readModel(String service) {
        String resource = "/api-models/aws/" + service + "/service-2.json";
        try (InputStream in = VendorBehaviourLedgerTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath(), e);
        }
    }
}
