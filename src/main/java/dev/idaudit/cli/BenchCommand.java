package dev.idaudit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.audit.Audit;
import dev.idaudit.collect.Progress;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.html.HtmlReporter;
import dev.idaudit.report.xlsx.XlsxReporter;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code idaudit sandbox bench}: collects a sandbox scenario through the real SDK clients with
 * the vendors' rate limits on, then checks the snapshot and renders HTML and Excel reports, and
 * prints one JSON object with each stage's wall time and peak heap, and for the collection the
 * calls made per rate-limit bucket beside each bucket's rate.
 */
@Command(name = "bench", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true,
        description = {"Measures collect, check and HTML + Excel reports of a sandbox scenario; prints one JSON object.",
                "--time-scale N runs the sandbox's rate-limit windows N times faster (choose a divisor of 60)."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = "large", paramLabel = "NAME", description = "Scenario (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--time-scale", defaultValue = "1", paramLabel = "N", description = "Sandbox time scale (default: ${DEFAULT-VALUE}: real time).")
    double timeScale;

    @Option(names = "--collect-only", description = "Measure the collection only (no check, no reports).")
    boolean collectOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Scenario loaded = Scenario.load(scenario);
        Traffic traffic = loaded.settings().traffic().withTimeScale(timeScale);
        Scenario scaled = loaded.withSettings(loaded.settings().withTraffic(traffic));
        ObjectNode out = Json.json().createObjectNode();
        out.put("scenario", scenario).put("timeScale", timeScale).put("rateLimited", traffic.rateLimited())
                .put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024))
                .put("processors", Runtime.getRuntime().availableProcessors());

        Measured<Collector.SandboxCollection> collected;
        Map<String, Integer> oktaServer;
        Map<String, Integer> awsServer;
        try (Sandbox sandbox = Sandbox.start(scaled)) {
            collected = measure(() -> Collector.collectSandbox(sandbox, Progress.SILENT));
            oktaServer = sandbox.okta().callsPerBucket();
            awsServer = sandbox.aws().callsPerBucket();
        }
        Snapshot snapshot = collected.value().snapshot();
        ObjectNode collect = out.putObject("collect");
        collect.put("wallSeconds", collected.seconds()).put("peakHeapMb", collected.peakHeapMb());
        collect.put("collectionIssues", snapshot.collectionIssues().size());
        entities(collect.putObject("entities"), snapshot);
        ObjectNode buckets = collect.putObject("buckets");
        Busiest busiest = new Busiest();
        collected.value().okta().callsPerBucket().forEach((bucket, calls) -> {
            double rate = traffic.oktaPerMinute().getOrDefault(bucket, Traffic.OKTA_BUCKETS.get("other")) / 60.0 * timeScale;
            bucket(buckets, "okta:" + bucket, calls, rate, oktaServer.getOrDefault(bucket, 0), busiest);
        });
        // Identity Center and IAM throttle per account: a kind's floor is set by its busiest account.
        Map<String, Integer> awsCalls = new TreeMap<>();
        Map<String, Map.Entry<String, Integer>> busiestKey = new HashMap<>();
        for (var e : collected.value().aws().callsPerBucket().entrySet()) {
            String kind = e.getKey().contains(":") ? e.getKey().substring(0, e.getKey().indexOf(':')) : e.getKey();
            awsCalls.merge(kind, e.getValue(), Integer::sum);
            busiestKey.merge(kind, e, (a, b) -> a.getValue() >= b.getValue() ? a : b);
        }
        for (var e : awsCalls.entrySet()) {
            var top = busiestKey.get(e.getKey());
            double rate = collected.value().aws().rate(e.getKey());
            ObjectNode b = bucket(buckets, "aws:" + e.getKey(), top.getValue(), rate, awsServer.getOrDefault(e.getKey(), 0), busiest);
            if (top.getKey().contains(":")) {
                b.put("calls", e.getValue()).put("busiestBucket", top.getKey()).put("busiestBucketCalls", top.getValue());
            }
        }
        collect.put("busiestBucket", busiest.name).put("floorSeconds", round(busiest.floor))
                .put("wallOverFloor", round(collected.seconds() / busiest.floor));
        ObjectNode minimum = collect.putObject("identityCenterMinimumCalls");
        int least = identityCenterMinimumCalls(snapshot);
        int made = collected.value().aws().callsPerBucket().getOrDefault("identity-center:caller", 0);
        minimum.put("minimum", least).put("made", made).put("madeOverMinimum", round((double) made / least));

        if (collectOnly) {
            print(out);
            return ExitCode.CLEAN.code;
        }
        Audit audit = Audit.prepare(null, null, List.of(), LocalDate.now(ZoneOffset.UTC));
        // As a run does: the model is built once, by the check, and the reports render from it.
        Measured<Audit.Checked> checked = measure(() -> audit.check(snapshot));
        dev.idaudit.audit.Verdict verdict = checked.value().verdict(new dev.idaudit.audit.Gate(dev.idaudit.rules.Severity.HIGH, null, false));
        ObjectNode check = out.putObject("check").put("wallSeconds", checked.seconds()).put("peakHeapMb", checked.peakHeapMb())
                .put("findings", checked.value().result().findings().size());
        // As every command: a measurement of a partial collection says so.
        check.put("incomplete", verdict.incomplete());
        if (verdict.incomplete()) {
            check.put("missing", verdict.missing());
        }

        Path dir = Files.createTempDirectory("idaudit-bench");
        try {
            double[] seconds = new double[2];
            Measured<Long> reported = measure(() -> {
                try {
                    ReportInput.RunInfo info = new ReportInput.RunInfo("bench", Version.current(), Instant.now(), Instant.now(),
                            audit.pack().digest(), null, List.of(new ReportInput.Source("sandbox", scenario)), null);
                    ReportInput input = audit.reportInput(info, checked.value(), List.of());
                    Path html = dir.resolve("report.html");
                    Path xlsx = dir.resolve("report.xlsx");
                    long start = System.nanoTime();
                    new HtmlReporter().write(input, html);
                    long htmlDone = System.nanoTime();
                    new XlsxReporter().write(input, xlsx);
                    seconds[0] = (htmlDone - start) / 1e9;
                    seconds[1] = (System.nanoTime() - htmlDone) / 1e9;
                    return Files.size(html) + Files.size(xlsx);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            out.putObject("reports").put("formats", "html+xlsx").put("wallSeconds", reported.seconds())
                    .put("htmlSeconds", round(seconds[0])).put("xlsxSeconds", round(seconds[1]))
                    .put("peakHeapMb", reported.peakHeapMb()).put("bytes", reported.value());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        print(out);
        return ExitCode.CLEAN.code;
    }

    private void print(ObjectNode out) throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        o.println(Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        o.flush();
    }

    private static final class Busiest {
        String name;
        double floor;
    }

    private static ObjectNode bucket(ObjectNode buckets, String name, int calls, double rate, int serverCalls, Busiest busiest) {
        double floor = calls / rate;
        if (floor > busiest.floor) {
            busiest.floor = floor;
            busiest.name = name;
        }
        return buckets.putObject(name).put("calls", calls).put("ratePerSecond", round(rate)).put("floorSeconds", round(floor))
                .put("callsSeenByServer", serverCalls);
    }

    private static void entities(ObjectNode node, Snapshot s) {
        if (s.okta() != null) {
            node.put("oktaUsers", s.okta().users().size()).put("oktaGroups", s.okta().groups().size())
                    .put("oktaGroupMembersRead", s.okta().groupMembers().size());
        }
        if (s.aws() != null) {
            AwsSnapshot.IdentityCenter ic = s.aws().identityCenter();
            node.put("accounts", s.aws().accounts().size()).put("memberAccounts", s.aws().memberAccounts().size())
                    .put("permissionSets", ic.permissionSets().size()).put("assignments", ic.assignments().size())
                    .put("identityStoreUsers", ic.users().size()).put("identityStoreGroups", ic.groups().size())
                    .put("reservedRoles", s.aws().memberAccounts().stream().mapToInt(m -> m.reservedRoles().size()).sum());
        }
    }

    /**
     * The fewest Identity Center calls that can read this snapshot at the APIs' largest pages
     * (100): ListInstances, ListPermissionSetProvisioningStatus and one Describe per request,
     * ListPermissionSets, per permission set seven calls (describe, two policy lists, inline,
     * boundary, two provisioning-status lists), one assignment list per (permission set,
     * account) it is provisioned to or failed to provision to (its assignments stay there), and
     * the users, groups and each group's memberships. Account instances, read from inside their
     * accounts, are not counted (nor are their calls in "made").
     */
    static int identityCenterMinimumCalls(Snapshot s) {
        if (s.aws() == null) {
            return 1;
        }
        AwsSnapshot.IdentityCenter ic = s.aws().identityCenter();
        int calls = 1 + pages(ic.provisioningRequests().size()) + ic.provisioningRequests().size() + pages(ic.permissionSets().size());
        for (AwsSnapshot.PermissionSet ps : ic.permissionSets()) {
            Set<String> accounts = new HashSet<>(ps.provisionedAccountIds());
            accounts.addAll(ps.outdatedAccountIds());
            ic.provisioningRequests().stream()
                    .filter(r -> ps.arn().equals(r.permissionSetArn()) && r.accountId() != null && !"SUCCEEDED".equals(r.status()))
                    .forEach(r -> accounts.add(r.accountId()));
            calls += 7 + accounts.size();
        }
        calls += pages(ic.users().size()) + pages(ic.groups().size());
        Map<String, Integer> members = new HashMap<>();
        ic.groupMemberships().forEach(m -> members.merge(m.groupId(), 1, Integer::sum));
        for (var g : ic.groups()) {
            calls += pages(members.getOrDefault(g.groupId(), 0));
        }
        return calls;
    }

    private static int pages(int items) {
        return Math.max(1, (items + 99) / 100);
    }

    record Measured<T>(T value, double seconds, long peakHeapMb) {}

    /** Runs a stage from a collected heap, sampling the used heap every 10 ms. */
    static <T> Measured<T> measure(Supplier<T> stage) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "idaudit-bench-heap");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        T value;
        try {
            value = stage.get();
        } finally {
            sampler.interrupt();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        return new Measured<>(value, round(seconds), peak.get() / (1024 * 1024));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
