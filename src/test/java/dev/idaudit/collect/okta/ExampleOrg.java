package dev.idaudit.collect.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server that answers Okta's paths with the JSON a test gives, unchanged: for
 * serving the spec's response examples to the real collector. Each GET the collector reads
 * ({@link OktaEndpoints#COLLECTED}) answers an empty list, or for a single object the spec's own
 * 404 example, until a test says otherwise. One page per answer (no Link header).
 */
final class ExampleOrg implements AutoCloseable {

    /** One answer: its status, body and extra headers. */
    record Answer(int status, JsonNode body, Map<String, String> headers) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body, Map.of());
        }

        static Answer status(int status, JsonNode body) {
            return new Answer(status, body, Map.of());
        }
    }

    /** A request as it arrived: its path and decoded query. */
    record Request(String path, Map<String, String> query) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Function<Map<String, String>, Answer>> answers = new LinkedHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    ExampleOrg() {
        for (OktaEndpoints.Endpoint e : OktaEndpoints.COLLECTED) {
            Answer answer = e.answer() == OktaEndpoints.Answer.OBJECT
                    ? Answer.status(404, OktaSpecExamples.example("/api/v1/apps/{appId}", 404, "ResourceNotFound"))
                    : Answer.ok(JSON.createArrayNode());
            answers.put(e.path(), q -> answer);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers GET {@code pathTemplate} (placeholders as in the spec: {appId}) with {@code answer}. */
    ExampleOrg serve(String pathTemplate, Answer answer) {
        return serve(pathTemplate, q -> answer);
    }

    /** Answers GET {@code pathTemplate} by its query. */
    ExampleOrg serve(String pathTemplate, Function<Map<String, String>, Answer> byQuery) {
        answers.put(pathTemplate, byQuery);
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            requests.add(new Request(path, query));
            Answer answer = answers.entrySet().stream()
                    .filter(e -> Pattern.compile(e.getKey().replaceAll("\\{[A-Za-z]+}", "[^/]+")).matcher(path).matches())
                    .map(e -> e.getValue().apply(query))
                    .findFirst()
                    .orElse(Answer.status(404, OktaSpecExamples.example("/api/v1/apps/{appId}", 404, "ResourceNotFound")));
            byte[] body = JSON.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
