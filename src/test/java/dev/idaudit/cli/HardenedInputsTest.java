package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad and hostile inputs end as exit 2 (naming file, line or path) or exit 3 (a crash), never exit 1 (findings). */
class HardenedInputsTest {
    @TempDir
    Path dir;
    Path snapshot;
    String out;
    String err;

    @BeforeEach
    void writeSnapshot() throws Exception {
        snapshot = dir.resolve("snapshot.json");
        Files.writeString(snapshot, CheckCommandTest.SNAPSHOT);
    }

    int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    Path config(String yaml) throws Exception {
        Path c = dir.resolve("idaudit.yaml");
        Files.writeString(c, yaml);
        return c;
    }

    @Test
    void aGzipBombBeyondTheConfiguredCapIsExitTwoNamingTheFileAndTheCap() throws Exception {
        Path bomb = dir.resolve("bomb.json.gz");
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            gz.write('{');
            for (int i = 0; i < 64; i++) {
                gz.write(spaces); // 64 MB of whitespace: Jackson skips it without a buffer, so only the cap can stop it
            }
        }
        assertTrue(Files.size(bomb) < 1 << 20, "a small file: " + Files.size(bomb));
        assertEquals(2, run("check", "--snapshot", bomb.toString(), "--config", config("limits: {maxDecompressedMegabytes: 8}\n").toString()));
        assertTrue(err.contains(bomb + ": expands to more than 8 MB when decompressed (limits.maxDecompressedMegabytes)"), err);
    }

    @Test
    void aCrashInsideARuleIsExitThreeWithOneLineNotExitOne() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("custom_runs_out_of_memory.yaml"), """
                id: custom_runs_out_of_memory
                title: Users fit in memory
                severity: low
                description: Ends as the issue's gzip bomb did.
                risk: None.
                remediation: {text: None.}
                implementation: dev.idaudit.rules.OutOfMemoryRule
                """);
        int code = run("check", "--snapshot", snapshot.toString(), "--rules", rules.toString());
        assertEquals(3, code, err);
        assertTrue(err.startsWith("idaudit: failed: out of memory"), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void checkConfigRefusesATopLevelTypoAtItsLine() throws Exception {
        Path c = config("rules:\n  disabled: [idc_permission_set_in_use]\nrulez:\n  only: []\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--config", c.toString()));
        assertTrue(err.contains(c + ":3: rulez: unknown key 'rulez' (did you mean 'rules'?)"), err);
        c = config("rules:\n  disabled:\n    - no_such_rule\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--config", c.toString()));
        assertTrue(err.contains(c + ":3: unknown rule 'no_such_rule'"), err);
    }

    @Test
    void checkConfigRefusesJavaTagsAndAliasesAtTheirLine() throws Exception {
        Path c = config("rules:\n  disabled: !!java.util.ArrayList [idc_permission_set_in_use]\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--config", c.toString()));
        assertTrue(err.contains(c + ":2: not valid YAML: Global tag is not allowed: tag:yaml.org,2002:java.util.ArrayList"), err);
        c = config("rules:\n  disabled: !custom [idc_permission_set_in_use]\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--config", c.toString()));
        assertTrue(err.contains(c + ":2: the YAML tag !custom is not allowed here"), err);

        c = config("okta: {orgUrl: &u https://acme.okta.com}\nrules:\n  directories: [*u]\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--config", c.toString()));
        assertTrue(err.contains(c + ":1: YAML anchors and aliases (&u) are not allowed"), err);
    }

    @Test
    void checkConfigChecksEverySectionButReadsNoSecret() throws Exception {
        // no OKTA_API_TOKEN is needed offline, but the okta section is still checked
        Path c = config("okta:\n  orgUrl: https://acme.okta.com\n  orgURL: x\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--config", c.toString()));
        assertTrue(err.contains(c + ":3: okta.orgURL: unknown key 'orgURL'"), err);
        c = config("okta:\n  orgUrl: https://acme.okta.com\nrules:\n  budget: {deadlineSeconds: 0}\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--config", c.toString()));
        assertTrue(err.contains(c + ":4: rules.budget.deadlineSeconds: must be between 1 and 3600 seconds, not 0"), err);
    }

    @Test
    void aParameterOutsideTheRangeItsRuleDeclaresIsExitTwoAtItsLine() throws Exception {
        Path c = config("rules:\n  params:\n    idc_permission_set_session_duration_within_limit:\n      maxSessionHours: -4\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--config", c.toString()));
        assertTrue(err.contains(c + ":4: rules.params.idc_permission_set_session_duration_within_limit.maxSessionHours: must be between 1"
                + " and 12, not -4"), err);
        c = config("rules:\n  params:\n    idc_permission_set_session_duration_within_limit: {maxSessionHours: 99999999999}\n");
        assertEquals(2, run("check", "--snapshot", snapshot.toString(), "--config", c.toString()));
        assertTrue(err.contains(c + ":3: rules.params.idc_permission_set_session_duration_within_limit.maxSessionHours: must be between 1"
                + " and 12, not 99999999999"), err);
    }
}
