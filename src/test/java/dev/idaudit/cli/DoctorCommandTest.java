package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.collect.PreflightCheck;
import dev.idaudit.collect.PreflightCheck.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyCheckPassesOnTheAcmeSandboxAndDoctorExitsZero() {
        CollectCommandTest.Result r = CollectCommandTest.run("doctor", "--sandbox", "acme");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("WHERE"), r.out());
        assertTrue(r.out().contains("GET /api/v1/policies/{policyId}/rules"), r.out());
        assertTrue(r.out().contains("aws:444444444444  sts:AssumeRole IdAuditReadOnly"), r.out());
        assertTrue(r.out().contains("checks passed: a collection can read everything it needs"), r.out());
        assertFalse(r.out().contains("MISSING") || r.out().contains("To fix:"), r.out());
    }

    @Test
    void jsonOutputListsEveryCheckWithItsResult() throws Exception {
        CollectCommandTest.Result r = CollectCommandTest.run("doctor", "--sandbox", "acme", "--format", "json");
        assertEquals(0, r.code(), r.err());
        var json = dev.idaudit.util.Json.json().readTree(r.out());
        assertTrue(json.path("passed").asBoolean(), r.out());
        var first = json.path("checks").get(0);
        assertEquals("okta", first.path("where").asText());
        assertEquals("GET /api/v1/users", first.path("check").asText());
        assertEquals("OK", first.path("result").asText());
        assertTrue(json.path("checks").size() > 60, r.out());
    }

    @Test
    void aMissingConfigIsAConfigError() {
        CollectCommandTest.Result r = CollectCommandTest.run("doctor", "--config", dir.resolve("none.yaml").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no such config file"), r.err());
    }

    @Test
    void aConfigWithoutAnAwsSectionIsAConfigError() throws Exception {
        Path config = dir.resolve("idaudit.yaml");
        Files.writeString(config, "okta:\n  orgUrl: https://acme.okta.com\n  auth:\n    apiTokenEnv: PATH\n");
        CollectCommandTest.Result r = CollectCommandTest.run("doctor", "--config", config.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("needs both an okta: and an aws: section"), r.err());
    }

    @Test
    void theTableIsFollowedByTheFixOfEachMissingCheck() {
        StringWriter text = new StringWriter();
        DoctorCommand.print(List.of(
                PreflightCheck.ok("aws", "sso:ListInstances", ""),
                new PreflightCheck("aws:333333333333", "sts:AssumeRole IdAuditReadOnly", Result.MISSING, "AccessDenied: no", "trust {...}"),
                new PreflightCheck("okta", "sign-in", Result.UNREACHABLE, "Connection refused", null),
                new PreflightCheck("okta", "scope okta.policies.read", Result.MISSING, "invalid_scope", "grant okta.policies.read"),
                new PreflightCheck("okta", "GET /api/v1/policies/{policyId}", Result.MISSING, "HTTP 403", "grant okta.policies.read")),
                new PrintWriter(text));
        String out = text.toString();
        assertTrue(out.matches("(?s).*\naws:333333333333  sts:AssumeRole IdAuditReadOnly +MISSING +AccessDenied: no\n.*"), out);
        assertTrue(out.contains("4 of 5 checks failed"), out);
        assertTrue(out.contains("To fix:\n\n* aws:333333333333  sts:AssumeRole IdAuditReadOnly: trust {...}\n\n"
                + "* okta  scope okta.policies.read, okta  GET /api/v1/policies/{policyId}: grant okta.policies.read\n"), out);
    }
}
