package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Status;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A good run, then a run whose member role cannot be assumed in any account (the role the
 * config names does not exist there: STS answers AccessDenied, as it does for a role the caller
 * may not assume). Through `idaudit run` against the sandbox with the real SDK clients: what
 * the second run could not read is "not collected this run" in its changes, its reports, its
 * webhook message and `idaudit diff`, never removed or resolved; it exits 3 and its reports
 * open with the "Incomplete audit" banner.
 */
class PartialRunAfterGoodRunTest {
    @TempDir
    Path dir;

    /** "N removed" with N above zero, anywhere in a text. */
    private static final Pattern SOME_REMOVED = Pattern.compile("\\b[1-9][0-9]* removed\\b");

    @Test
    void aRunWhoseMemberRoleIsRefusedEverywhereSaysNotCollectedExitsThreeAndShowsTheBanner() throws Exception {
        List<String> posts = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/services/T000/B000/token", exchange -> {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        try (Sandbox sandbox = Sandbox.start(Scenario.load("acme"))) {
            Path good = dir.resolve("good.yaml");
            Files.writeString(good, SandboxCommand.config(sandbox));
            Path refused = dir.resolve("refused.yaml");
            Files.writeString(refused, SandboxCommand.config(sandbox).replace("memberRole: " + sandbox.awsConfig().memberRoleName(),
                    "memberRole: IdAuditRoleNobodyCreated"));
            Path store = dir.resolve("runs");
            Map<String, String> env = Map.of("OKTA_API_TOKEN", OktaEmulator.API_TOKEN, "AWS_ACCESS_KEY_ID", Sandbox.AWS_ACCESS_KEY_ID,
                    "AWS_SECRET_ACCESS_KEY", Sandbox.AWS_SECRET_ACCESS_KEY, "AWS_REGION", "us-east-1",
                    "IDAUDIT_WEBHOOK", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/services/T000/B000/token");

            RunCommandTest.ProcessResult first = RunCommandTest.subprocess(env, "run", "--config", good.toString(), "--out",
                    store.toString(), "--quiet", "--notify", "IDAUDIT_WEBHOOK");
            assertEquals(1, first.code(), "acme is complete and has high failures: " + first.output());
            RunCommandTest.ProcessResult second = RunCommandTest.subprocess(env, "run", "--config", refused.toString(), "--out",
                    store.toString(), "--quiet", "--notify", "IDAUDIT_WEBHOOK");

            List<Path> runs = runs(store);
            assertEquals(2, runs.size());
            Path before = runs.get(0);
            Path after = runs.get(1);
            List<CollectionIssue> issues = SnapshotIO.read(after.resolve("snapshot.json.gz")).collectionIssues();
            // Every member account is read through the member role; the management account with the caller's own credentials.
            var beforeAws = SnapshotIO.read(before.resolve("snapshot.json.gz")).aws();
            List<String> memberAccounts = beforeAws.memberAccounts().stream().map(m -> m.accountId())
                    .filter(a -> !a.equals(beforeAws.organization().managementAccountId())).toList();
            assertFalse(memberAccounts.isEmpty());
            for (String account : memberAccounts) {
                assertTrue(issues.stream().anyMatch(i -> i.section().equals(Sections.AWS_MEMBER_ACCOUNTS) && account.equals(i.accountId())
                        && i.error().startsWith("AccessDenied")), "the role was refused in " + account + ": " + issues);
            }

            // The verdict: 3, even though high failures remain; the last line names both.
            assertEquals(3, second.code(), second.output());
            String last = second.output().strip().lines().filter(l -> !l.startsWith("idaudit: notify")).filter(l -> !l.startsWith("Run filed")
                    && !l.startsWith("Report: ") && !l.isBlank()).reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("INCOMPLETE: not collected: aws.memberAccounts (" + memberAccounts.size() + " accounts)")
                    && last.contains("NOT_EVALUATED") && last.matches(".*; [1-9][0-9]* failures? at or above high$"), second.output());

            // The console says which earlier failures this run could not see, and never counts them as fixed.
            assertTrue(second.output().contains("Comparison incomplete: ") && second.output().contains("(unknown, not counted as fixed)")
                    && second.output().contains("since the last run (" + before.getFileName() + ")"), second.output());

            // The changes: nothing of the unread accounts is removed or resolved; they are not collected.
            String firstMd = Files.readString(before.resolve("summary.md"), StandardCharsets.UTF_8);
            assertFalse(firstMd.contains("Incomplete audit"), "the good run has no banner: " + firstMd);
            String md = Files.readString(after.resolve("summary.md"), StandardCharsets.UTF_8);
            assertTrue(md.lines().skip(2).findFirst().orElse("").startsWith("> **⚠ Incomplete audit:**"), "the banner opens summary.md: " + md);
            assertTrue(md.contains("aws.memberAccounts (account " + memberAccounts.get(0) + "): sts:AssumeRole → AccessDenied"), md);
            String html = Files.readString(after.resolve("report.html"), StandardCharsets.UTF_8);
            List<String> removedRows = html.lines().filter(l -> l.contains("class=\"badge change-removed\"")).toList();
            assertFalse(SOME_REMOVED.matcher(md).find(), "removed: " + removedRows + "\n" + md);
            int unseen = count(Pattern.compile("; ([0-9]+) not collected this run"), md);
            assertTrue(unseen > 0, md);

            assertTrue(html.contains("<section id=\"incomplete\" class=\"incomplete-banner\" role=\"alert\">"), "the HTML banner");
            assertTrue(html.indexOf("id=\"incomplete\"") < html.indexOf("id=\"summary\""), "the banner comes first");
            assertEquals(List.of(), removedRows, "nothing is Removed in the HTML changes");
            assertFalse(html.contains("resolved: FAIL") || html.contains("resolved: WAIVED"), "no finding is resolved in the HTML");
            assertEquals(unseen, count(Pattern.compile("class=\"badge change-not-collected\""), html, true));
            assertFalse(Files.readString(before.resolve("report.html"), StandardCharsets.UTF_8).contains("id=\"incomplete\""));

            // The webhook: the incomplete verdict, no removals, no resolutions.
            assertEquals(2, posts.size());
            String post = posts.get(1);
            assertTrue(post.contains("INCOMPLETE: not collected: aws.memberAccounts"), post);
            assertTrue(post.contains("Incomplete audit"), post);
            assertFalse(SOME_REMOVED.matcher(post).find(), post);
            assertFalse(post.contains("resolved: FAIL"), post);

            // idaudit diff on the same snapshots and findings counts nothing removed or resolved.
            CollectCommandTest.Result diff = CollectCommandTest.run("diff", before.resolve("snapshot.json.gz").toString(),
                    after.resolve("snapshot.json.gz").toString(), "--old-findings", before.resolve("findings.json").toString(),
                    "--new-findings", after.resolve("findings.json").toString());
            assertEquals(0, diff.code(), diff.err());
            assertTrue(diff.out().contains(" 0 removed, "), diff.out());
            assertTrue(diff.out().contains(" 0 resolved, "), diff.out());
            assertTrue(diff.out().contains("not collected this run (unknown, not removed)"), diff.out());
            CollectCommandTest.Result json = CollectCommandTest.run("diff", before.resolve("snapshot.json.gz").toString(),
                    after.resolve("snapshot.json.gz").toString(), "--old-findings", before.resolve("findings.json").toString(),
                    "--new-findings", after.resolve("findings.json").toString(), "--format", "json");
            JsonNode d = Json.json().readTree(json.out());
            assertEquals(0, d.at("/findings/resolved").size());
            int findingsNotCollected = d.at("/findings/notCollected").size();
            assertTrue(findingsNotCollected > 0, "the failures in the unread accounts are not collected: " + json.out());
            int entitiesNotCollected = 0;
            for (JsonNode t : d.get("types")) {
                assertEquals(0, t.get("removed").size(), t.toString());
                entitiesNotCollected += t.get("notCollected").size();
            }
            assertEquals(unseen, entitiesNotCollected + findingsNotCollected, "summary.md counts what diff counts");

            // Those findings were failing before, in the accounts that could not be read.
            CheckResult beforeFindings = CheckResult.read(before.resolve("findings.json"));
            for (JsonNode c : d.at("/findings/notCollected")) {
                String account = c.at("/resource/accountId").asText(null);
                assertTrue(account == null || memberAccounts.contains(account), c.toString());
                assertTrue(beforeFindings.findings().stream().anyMatch(f -> f.ruleId().equals(c.get("ruleId").asText())
                        && (f.status() == Status.FAIL || f.status() == Status.WAIVED)), c.toString());
            }
        } finally {
            webhook.stop(0);
        }
    }

    private static List<Path> runs(Path store) throws Exception {
        try (var s = Files.list(store)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static int count(Pattern p, String text, boolean occurrences) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
