package dev.idaudit.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An incoming-webhook server on 127.0.0.1 that answers from a script (one reply per request,
 * the last repeated) and records what it received and when.
 */
final class WebhookServer implements AutoCloseable {
    /** One scripted answer; {@code hang} holds the request open until the server closes. */
    record Reply(int status, Map<String, String> headers, String body, boolean hang) {
        static Reply of(int status, String body) {
            return new Reply(status, Map.of(), body, false);
        }

        static Reply withHeader(int status, String header, String value) {
            return new Reply(status, Map.of(header, value), "", false);
        }

        static Reply hanging() {
            return new Reply(0, Map.of(), "", true);
        }
    }

    /** A request as it arrived: when (System.nanoTime), where, and what. */
    record Received(long nanoTime, String path, String contentType, String body) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closing = new CountDownLatch(1);

    WebhookServer(Reply... script) throws IOException {
        this(r -> script[Math.min(r, script.length - 1)]);
    }

    /** @param script the reply to the request with this 0-based index */
    WebhookServer(Function<Integer, Reply> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", exchange -> answer(exchange, script));
        server.start();
    }

    private void answer(HttpExchange exchange, Function<Integer, Reply> script) throws IOException {
        long at = System.nanoTime();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int index;
        synchronized (received) {
            index = received.size();
            received.add(new Received(at, exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
        }
        Reply reply = script.apply(index);
        if (reply.hang()) {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    /** A webhook URL on this server whose last path segment plays the token. */
    String url(String token) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T0AUDIT/B0HOOK/" + token;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
