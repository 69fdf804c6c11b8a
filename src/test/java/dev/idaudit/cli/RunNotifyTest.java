package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.util.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run --notify posts to a webhook (here one on loopback) when the run ends, and when it fails. */
class RunNotifyTest {
    @TempDir
    Path dir;

    @Test
    void postsTheSummaryWhenTheRunEndsAndTheErrorWhenItFails() throws Exception {
        List<String> posts = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/services/T000/B000/secret-token-part", exchange -> {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/services/T000/B000/secret-token-part";
        try (Sandbox sandbox = Sandbox.start(Scenario.load("acme"))) {
            Path config = dir.resolve("idaudit.yaml");
            Files.writeString(config, SandboxCommand.config(sandbox)
                    + "notify:\n  reportUrl: https://evidence.acme.example/runs/{runId}/report.html\n");
            Map<String, String> env = Map.of("OKTA_API_TOKEN", OktaEmulator.API_TOKEN, "AWS_ACCESS_KEY_ID", Sandbox.AWS_ACCESS_KEY_ID,
                    "AWS_SECRET_ACCESS_KEY", Sandbox.AWS_SECRET_ACCESS_KEY, "AWS_REGION", "us-east-1", "IDAUDIT_WEBHOOK", url);

            RunCommandTest.ProcessResult ok = RunCommandTest.subprocess(env, "run", "--config", config.toString(),
                    "--out", dir.resolve("runs").toString(), "--quiet", "--notify", "IDAUDIT_WEBHOOK");
            assertEquals(1, ok.code(), ok.output());
            assertEquals(1, posts.size());
            assertTrue(posts.get(0).contains("\"text\""), "a Slack-compatible payload: " + posts.get(0));
            assertTrue(posts.get(0).contains("FAILED") && posts.get(0).contains("idaudit run"), posts.get(0));
            String first = Json.json().readTree(posts.get(0)).get("text").asText();
            String firstRun = Files.list(dir.resolve("runs")).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{4}-.*")).findFirst().orElseThrow();
            assertTrue(first.contains("*No previous run to compare with: no failure is called new or fixed*"), first);
            assertTrue(first.endsWith("<https://evidence.acme.example/runs/" + firstRun + "/report.html|Open the report>"),
                    "the link is notify.reportUrl with the run's id: " + first);
            assertFalse(first.contains(dir.toString()), "no path of the machine that ran idaudit: " + first);
            assertTrue(ok.output().contains("No previous run to compare with"), "the console says so too: " + ok.output());

            RunCommandTest.ProcessResult again = RunCommandTest.subprocess(env, "run", "--config", config.toString(),
                    "--out", dir.resolve("runs").toString(), "--quiet", "--notify", "IDAUDIT_WEBHOOK");
            assertEquals(1, again.code(), again.output());
            String second = Json.json().readTree(posts.get(1)).get("text").asText();
            assertTrue(second.contains("*No new failures since the last run (" + firstRun + ")*\n• None fixed\n• No new access"), second);
            assertTrue(again.output().contains("No new failures since the last run (" + firstRun + ")"), again.output());
            assertTrue(ok.output().contains("idaudit: notify: "), ok.output());
            assertFalse(ok.output().contains("secret-token-part"), "the webhook's token never reaches the log: " + ok.output());

            RunCommandTest.ProcessResult failed = RunCommandTest.subprocess(env, "run", "--config", config.toString(),
                    "--waivers", dir.resolve("missing-waivers.yaml").toString(), "--out", dir.resolve("runs").toString(),
                    "--quiet", "--notify", "IDAUDIT_WEBHOOK");
            assertEquals(2, failed.code(), failed.output());
            assertEquals(3, posts.size());
            assertTrue(posts.get(2).contains("did not complete") && posts.get(2).contains("missing-waivers.yaml"), posts.get(2));
        } finally {
            webhook.stop(0);
        }
    }
}
