package dev.idaudit.fuzz;

import dev.idaudit.cli.Main;
import dev.idaudit.snapshot.SampleSnapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The CLI given a broken file for each option that reads one: exit 2 with one line on stderr
 * that names the file, no stack trace (no --verbose), and nothing written where --out points.
 * A mutation that happens to leave the file valid must still not crash (exit 0, 1 or 3).
 */
class CliBadInputFuzzTest {
    private static final byte[] VALID_SNAPSHOT = snapshotBytes();
    /** A run filed by {@code idaudit demo}: `report --run` reads its report-data.json and manifest.json. */
    private static final Path DEMO_RUN = demoRun();
    private static final byte[] VALID_CONFIG = """
            okta:
              orgUrl: https://acme.okta.com
              appId: 0oa1
            aws:
              region: us-east-1
              memberRole: IdAuditReadOnly
              accounts:
                include: ["222222222222"]
            rules:
              params:
                okta_admin_roles_limited: {maxSuperAdmins: 3}
            """.getBytes(StandardCharsets.UTF_8);

    /** A command line with one file broken; {@code %BAD} is the broken file, {@code %GOOD_*} valid ones, {@code %OUT} the output. */
    enum Case {
        CHECK_SNAPSHOT(VALID_SNAPSHOT, "snapshot.json", "check", "--snapshot", "%BAD", "--out", "%OUT/findings.json"),
        CHECK_CONFIG(VALID_CONFIG, "idaudit.yaml", "check", "--snapshot", "%GOOD_SNAPSHOT", "--config", "%BAD", "--out", "%OUT/findings.json"),
        CHECK_WAIVERS(MoreReadersFuzzTest.VALID_WAIVERS, "waivers.yaml", "check", "--snapshot", "%GOOD_SNAPSHOT", "--waivers", "%BAD",
                "--out", "%OUT/findings.json"),
        CHECK_BASELINE(MoreReadersFuzzTest.VALID_FINDINGS, "baseline.json", "check", "--snapshot", "%GOOD_SNAPSHOT", "--baseline", "%BAD",
                "--out", "%OUT/findings.json"),
        CHECK_RULES(MoreReadersFuzzTest.VALID_RULE, "rules/my_custom_rule_example.yaml", "check", "--snapshot", "%GOOD_SNAPSHOT",
                "--rules", "%BAD_DIR", "--out", "%OUT/findings.json"),
        RULES_VALIDATE(MoreReadersFuzzTest.VALID_RULE, "rules/" + MoreReadersFuzzTest.RULE_ID + ".yaml", "rules", "validate", "%BAD_DIR"),
        DIFF_SNAPSHOT(VALID_SNAPSHOT, "old.json", "diff", "%BAD", "%GOOD_SNAPSHOT"),
        DIFF_FINDINGS(MoreReadersFuzzTest.VALID_FINDINGS, "old-findings.json", "diff", "%GOOD_SNAPSHOT", "%GOOD_SNAPSHOT",
                "--old-findings", "%BAD", "--new-findings", "%GOOD_FINDINGS"),
        DRIFT_DESIRED(MoreReadersFuzzTest.VALID_DESIRED, "desired.yaml", "drift", "--snapshot", "%GOOD_SNAPSHOT", "--desired", "%BAD"),
        DRIFT_TERRAFORM(MoreReadersFuzzTest.VALID_TERRAFORM, "terraform.tfstate", "drift", "--snapshot", "%GOOD_SNAPSHOT",
                "--terraform-state", "%BAD"),
        RUN_CONFIG(VALID_CONFIG, "idaudit.yaml", "run", "--config", "%BAD", "--out", "%OUT/runs"),
        REPORT_DATA(MoreReadersFuzzTest.read(DEMO_RUN.resolve("report-data.json")), "run/report-data.json",
                "report", "--run", "%BAD_DIR", "--out", "%OUT/reports"),
        REPORT_MANIFEST(MoreReadersFuzzTest.read(DEMO_RUN.resolve("manifest.json")), "run/manifest.json",
                "report", "--run", "%BAD_DIR", "--out", "%OUT/reports");

        final byte[] valid;
        final String fileName;
        final String[] args;

        Case(byte[] valid, String fileName, String... args) {
            this.valid = valid;
            this.fileName = fileName;
            this.args = args;
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Mutation.any();
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(Case.class);
    }

    @Property(tries = 260)
    void aBrokenInputFileExitsTwoWithOneLineNamingItAndWritesNothing(@ForAll("cases") Case c, @ForAll("mutations") Mutation m) {
        MoreReadersFuzzTest.inTempDir(dir -> {
            try {
                Path bad = dir.resolve("in").resolve(c.fileName);
                Files.createDirectories(bad.getParent());
                if (c.fileName.startsWith("run/")) {
                    try (Stream<Path> files = Files.list(DEMO_RUN)) {
                        for (Path f : files.toList()) {
                            Files.copy(f, bad.getParent().resolve(f.getFileName()));
                        }
                    }
                }
                Files.write(bad, m.apply(c.valid), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
                Path goodSnapshot = Files.write(dir.resolve("good-snapshot.json"), VALID_SNAPSHOT);
                Path goodFindings = Files.write(dir.resolve("good-findings.json"), MoreReadersFuzzTest.VALID_FINDINGS);
                Path out = Files.createDirectories(dir.resolve("out"));
                List<String> args = new ArrayList<>();
                for (String a : c.args) {
                    args.add(a.replace("%BAD_DIR", bad.getParent().toString()).replace("%BAD", bad.toString())
                            .replace("%GOOD_SNAPSHOT", goodSnapshot.toString()).replace("%GOOD_FINDINGS", goodFindings.toString())
                            .replace("%OUT", out.toString()));
                }
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                ByteArrayOutputStream e = new ByteArrayOutputStream();
                int code = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                        args.toArray(String[]::new));
                String err = e.toString(StandardCharsets.UTF_8);
                String context = c + " after " + m + ": exit " + code + ", stderr:\n" + err;
                check(!err.contains("\tat ") && !err.contains("Exception"), "a stack trace or exception name on stderr: " + context);
                // Exit 3 also means "not evaluated"; a snapshot that reads must never make a command fail.
                check(!(c == Case.CHECK_SNAPSHOT || c == Case.DIFF_SNAPSHOT) || !err.contains("idaudit: failed:"),
                        "a snapshot that was read made the command fail: " + context);
                if (code == 2) {
                    List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
                    check(lines.size() == 1, "not one line: " + context);
                    check(lines.get(0).startsWith("idaudit: ") && lines.get(0).contains(bad.toString()), "does not name " + bad + ": " + context);
                    try (Stream<Path> written = Files.walk(out)) {
                        List<Path> files = written.filter(Files::isRegularFile).toList();
                        check(files.isEmpty(), "left " + files + " behind: " + context);
                    }
                } else {
                    check(code == 0 || code == 1 || code == 3, "neither bad input nor a verdict: " + context);
                    check(c != Case.REPORT_MANIFEST || code != 0 || err.contains("differs from its manifest") || Files.exists(out.resolve("reports")),
                            "a changed manifest is said: " + context);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    /** Found by the property: an anchored empty key in a flow mapping made a null parameter and a NullPointerException. */
    @net.jqwik.api.Example
    void aRuleParameterWithAnAnchorIsBadInputNamingFileAndLine() throws IOException {
        MoreReadersFuzzTest.inTempDir(dir -> {
            try {
                Path config = Files.writeString(dir.resolve("idaudit.yaml"),
                        "rules:\n  params:\n    okta_admin_roles_limited: {&a ,maxSuperAdmins: 3}\n");
                Path snapshot = Files.write(dir.resolve("snapshot.json"), VALID_SNAPSHOT);
                ByteArrayOutputStream e = new ByteArrayOutputStream();
                int code = Main.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(e, true, StandardCharsets.UTF_8), "check", "--snapshot", snapshot.toString(), "--config", config.toString());
                String err = e.toString(StandardCharsets.UTF_8);
                check(code == 2, "exit " + code + ": " + err);
                // The fuzzed "&a" is a YAML anchor, which the strict reader refuses at its line (issue 15).
                check(err.equals("idaudit: " + config + ":3: YAML anchors and aliases (&a) are not allowed; write the value out"
                        + System.lineSeparator()),
                        err);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static Path demoRun() {
        try {
            Path store = Files.createTempDirectory("fuzz-demo");
            PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            Main.run(sink, sink, "demo", "--out", store.toString(), "--quiet");
            try (Stream<Path> runs = Files.list(store)) {
                return runs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] snapshotBytes() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SnapshotIO.write(SampleSnapshot.sample(), out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
