package dev.idaudit.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An HTTP proxy on loopback in front of a real server (moto). It records every request's operation
 * and body, so a test can check what was asked (page sizes, which calls were made), and it can
 * answer some requests with an AWS error of its own, the way AWS would refuse them, where moto never
 * fails a call that AWS does (moto's STS assumes any role).
 */
public final class AwsProxy implements AutoCloseable {
    /** Headers the JDK client sets itself or refuses to forward. */
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    /** What the proxy answers instead of forwarding. */
    public record Refusal(int status, String contentType, String body) {}

    /**
     * One request as it reached the proxy.
     *
     * @param operation from X-Amz-Target (JSON protocols: the part after the last dot) or the
     *                  Action parameter (Query protocol: IAM, STS)
     */
    public record Request(String operation, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final Predicate<String> refuse;
    private final Refusal refusal;

    /**
     * @param refuse decides on the request body (AWS Query and JSON protocols carry the action and its parameters there)
     */
    /** Forwards everything, recording it. */
    public AwsProxy(URI target) throws IOException {
        this(target, body -> false, null);
    }

    public AwsProxy(URI target, Predicate<String> refuse, Refusal refusal) throws IOException {
        this.target = target;
        this.refuse = refuse;
        this.refusal = refusal;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The requests seen so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The bodies of the requests for one operation, e.g. "ListAccountAssignments" or "ListRoles". */
    public List<String> bodies(String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).map(Request::body).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String text = new String(body, StandardCharsets.UTF_8);
            requests.add(new Request(operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"), text), text));
            if (refuse.test(text)) {
                byte[] answer = refusal.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", refusal.contentType());
                exchange.sendResponseHeaders(refusal.status(), answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    private static String operation(String target, String body) {
        if (target != null) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
                return pair.substring("Action=".length());
            }
        }
        return "";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
