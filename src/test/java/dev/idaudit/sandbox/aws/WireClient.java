package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * Raw HTTP to the emulator, without the SDK, to see exactly what goes over the wire. The
 * Authorization header has the SigV4 layout (the emulator reads the access key id and the
 * signing name from it) but no real signature.
 */
final class WireClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final URI endpoint;
    private final String accessKeyId;

    record JsonResponse(int status, String requestId, String errorType, String contentType, JsonNode body, String retryAfter) {}

    record XmlResponse(int status, String requestId, String contentType, Document body, String retryAfter) {}

    WireClient(URI endpoint, String accessKeyId) {
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
    }

    JsonResponse json(BotocoreModel model, String operation, JsonNode input) {
        String target = model.metadata().path("targetPrefix").asText() + "." + operation;
        HttpRequest request = base(signingName(model))
                .header("Content-Type", "application/x-amz-json-" + model.metadata().path("jsonVersion").asText())
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(input.toString())).build();
        HttpResponse<byte[]> response = send(request);
        try {
            return new JsonResponse(response.statusCode(), response.headers().firstValue("x-amzn-RequestId").orElse(null),
                    response.headers().firstValue("X-Amzn-ErrorType").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null), MAPPER.readTree(response.body()),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new AssertionError(target + ": the body is not JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
        }
    }

    XmlResponse query(BotocoreModel model, String action, Map<String, String> params) {
        String form = "Action=" + action + "&Version=" + model.metadata().path("apiVersion").asText()
                + params.entrySet().stream().map(e -> "&" + e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining());
        HttpRequest request = base(signingName(model))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<byte[]> response = send(request);
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
            return new XmlResponse(response.statusCode(), response.headers().firstValue("x-amzn-RequestId").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null), doc,
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (Exception e) {
            throw new AssertionError(action + ": the body is not XML: " + new String(response.body(), StandardCharsets.UTF_8), e);
        }
    }

    private static String signingName(BotocoreModel model) {
        return model.metadata().path("signingName").asText(model.metadata().path("endpointPrefix").asText());
    }

    private HttpRequest.Builder base(String signingName) {
        return HttpRequest.newBuilder(endpoint)
                .header("X-Amz-Date", "20261128T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/20261128/us-east-1/" + signingName
                        + "/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" + "0".repeat(64));
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError("request to the emulator failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
