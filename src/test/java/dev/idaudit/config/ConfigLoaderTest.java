package dev.idaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static final String FAKE_TOKEN = "00FAKEtoken-never-printed-7f3a";

    private IdAuditConfig load(String yaml, Map<String, String> env) throws IOException {
        Path f = dir.resolve("idaudit.yaml");
        Files.writeString(f, yaml);
        return new ConfigLoader(env::get).read(f);
    }

    private BadInputException failure(String yaml) {
        return assertThrows(BadInputException.class, () -> load(yaml, Map.of("OKTA_API_TOKEN", FAKE_TOKEN)));
    }

    @Test
    void readsAFullConfigWithTheTokenFromTheEnvironment() throws IOException {
        IdAuditConfig c = load("""
                okta:
                  orgUrl: https://acme.okta.com
                aws:
                  profile: audit
                  region: eu-west-1
                  memberRole: AuditRole
                  accounts:
                    include: ["222222222222"]
                    exclude: ["333333333333"]
                rules:
                  params:
                    idc_permission_set_session_duration_within_limit: {maxSessionHours: 4}
                  disabled: [org_scp_restricts_regions]
                  severity: {idc_permission_set_in_use: medium}
                """, Map.of("OKTA_API_TOKEN", FAKE_TOKEN));
        assertEquals(URI.create("https://acme.okta.com"), c.okta().orgUrl());
        assertEquals(FAKE_TOKEN, c.okta().apiToken().reveal());
        assertFalse(c.okta().toString().contains(FAKE_TOKEN), "a config's toString must not show the token");
        assertEquals("AuditRole", c.aws().memberRoleName());
        assertTrue(c.aws().accountSelected("222222222222"));
        assertFalse(c.aws().accountSelected("333333333333"));
        assertFalse(c.aws().accountSelected("444444444444"));
    }

    @Test
    void readsTheDocumentationAddressAndHasNoneByDefault() throws IOException {
        assertEquals("https://wiki.example.test/idaudit/rules/",
                load("report:\n  docsUrl: https://wiki.example.test/idaudit/rules/\n", Map.of()).docsUrl());
        assertNull(load("aws:\n  region: us-east-1\n", Map.of()).docsUrl(), "no address unless the user gives one");
    }

    @Test
    void rejectsADocumentationAddressThatIsNotHttpOrCarriesCredentials() {
        BadInputException notHttp = failure("report:\n  docsUrl: javascript:alert(1)\n");
        assertTrue(notHttp.getMessage().contains(":2:") && notHttp.getMessage().contains("not an http(s) address"), notHttp.getMessage());
        BadInputException secret = failure("report:\n  docsUrl: https://bob:hunter2@wiki.example.test/\n");
        assertTrue(secret.getMessage().contains("carries credentials"), secret.getMessage());
        assertFalse(secret.getMessage().contains("hunter2"), "the secret is not repeated");
        BadInputException unknown = failure("report:\n  docsURL: https://x.example.test/\n");
        assertTrue(unknown.getMessage().contains("docsURL"), unknown.getMessage());
    }

    @Test
    void defaultsTheMemberRoleToIdAuditReadOnly() throws IOException {
        IdAuditConfig c = load("aws:\n  region: us-east-1\n", Map.of());
        assertEquals("IdAuditReadOnly", c.aws().memberRoleName());
        assertNull(c.okta());
    }

    @Test
    void notifyReportUrlIsALinkTemplateWithTheRunId() throws IOException {
        IdAuditConfig c = load("notify:\n  reportUrl: https://s3.console.aws.amazon.com/s3/object/acme-evidence?prefix=idaudit/{runId}/report.html\n",
                Map.of());
        assertEquals("https://s3.console.aws.amazon.com/s3/object/acme-evidence?prefix=idaudit/2026-11-30T03-00-00Z/report.html",
                c.reportUrl("2026-11-30T03-00-00Z"));
        assertNull(load("aws:\n  region: us-east-1\n", Map.of()).reportUrl("2026-11-30T03-00-00Z"), "without the setting, no link");
        assertTrue(failure("notify:\n  reportUrl: /var/idaudit/runs/{runId}/report.html\n").getMessage()
                .contains(":2: notify.reportUrl: must be an http(s) address"));
        assertTrue(failure("notify:\n  reportUrl: https://x.example/{run}\n").getMessage().contains("the only placeholder is {runId}"));
    }

    @Test
    void unknownKeyNamesFileLineAndKeyWithASuggestion() {
        BadInputException e = failure("okta:\n  orgUrl: https://acme.okta.com\n  orgURL: x\n");
        assertTrue(e.getMessage().contains("idaudit.yaml:3: okta.orgURL: unknown key 'orgURL' (did you mean 'orgUrl'?)"), e.getMessage());
    }

    @Test
    void plainHttpIsRefusedForARemoteHost() {
        BadInputException e = failure("okta:\n  orgUrl: http://acme.okta.com\n");
        assertTrue(e.getMessage().contains(":2: okta.orgUrl: plain http is allowed only to a loopback address"), e.getMessage());
    }

    @Test
    void plainHttpIsAllowedToLoopback() throws IOException {
        IdAuditConfig c = load("okta:\n  orgUrl: http://127.0.0.1:8080\naws:\n  endpointUrl: http://localhost:5000\n",
                Map.of("OKTA_API_TOKEN", FAKE_TOKEN));
        assertEquals(8080, c.okta().orgUrl().getPort());
        assertEquals("localhost", c.aws().endpointUrl().getHost());
    }

    @Test
    void aHostNameThatMerelyStartsWithLocalIsNotLoopback() {
        assertFalse(ConfigLoader.isLoopback("localhost.evil.example"));
        assertFalse(ConfigLoader.isLoopback("127.0.0.1.nip.io"));
        assertTrue(ConfigLoader.isLoopback("[::1]"));
        assertTrue(ConfigLoader.isLoopback("127.3.4.5"));
    }

    @Test
    void missingTokenSaysWhichVariableToSet() {
        BadInputException e = assertThrows(BadInputException.class, () -> load("okta:\n  orgUrl: https://acme.okta.com\n", Map.of()));
        assertTrue(e.getMessage().contains("OKTA_API_TOKEN"), e.getMessage());
    }

    @Test
    void unquotedAccountIdThatIsNotTwelveDigitsIsRejected() {
        BadInputException e = failure("aws:\n  accounts:\n    include: [12345]\n");
        assertTrue(e.getMessage().contains(":3: aws.accounts.include[0]: '12345' is not a 12-digit AWS account id"), e.getMessage());
    }

    @Test
    void writeScopesAreRefused() throws IOException {
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n");
        BadInputException e = failure("""
                okta:
                  orgUrl: https://acme.okta.com
                  auth:
                    clientId: 0oa123
                    privateKeyFile: key.pem
                    scopes: [okta.users.read, okta.users.manage]
                """);
        assertTrue(e.getMessage().contains("'okta.users.manage' is not a read-only Okta scope"), e.getMessage());
    }

    @Test
    void oauthReadsThePrivateKeyFileBesideTheConfig() throws IOException {
        Files.writeString(dir.resolve("key.pem"), "PEM-CONTENT");
        IdAuditConfig c = load("okta:\n  orgUrl: https://acme.okta.com\n  auth:\n    clientId: 0oa123\n    privateKeyFile: key.pem\n", Map.of());
        assertTrue(c.okta().usesOAuth());
        assertEquals("PEM-CONTENT", c.okta().privateKey().reveal());
        assertEquals(OktaConfig.READ_ONLY_SCOPES, c.okta().scopes());
    }

    @Test
    void malformedYamlNamesTheLine() {
        BadInputException e = failure("okta:\n  orgUrl: [unclosed\n");
        assertTrue(e.getMessage().startsWith(dir.resolve("idaudit.yaml") + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void yamlAliasesAreRefused() {
        BadInputException e = failure("a: &x [1, 2]\nb: *x\n");
        assertTrue(e.getMessage().contains("idaudit.yaml:1: YAML anchors and aliases (&x) are not allowed"), e.getMessage());
    }

    @Test
    void theEvidenceSectionNamesAKeyFileRelativeToTheConfigOrAKmsKeyButNotBoth() throws IOException {
        Files.writeString(dir.resolve("evidence.key"), "not read here");
        IdAuditConfig file = load("okta:\n  orgUrl: https://acme.okta.com\nevidence:\n  signingKey: evidence.key\n",
                Map.of("OKTA_API_TOKEN", FAKE_TOKEN));
        assertEquals(dir.resolve("evidence.key").toAbsolutePath(), file.evidence().signingKey());
        IdAuditConfig kms = load("evidence:\n  kmsKeyId: arn:aws:kms:us-east-1:111122223333:key/1234abcd\n", Map.of());
        assertEquals("arn:aws:kms:us-east-1:111122223333:key/1234abcd", kms.evidence().kmsKeyId());
        assertEquals(EvidenceConfig.NONE, load("aws:\n  region: us-east-1\n", Map.of()).evidence());
        assertTrue(failure("evidence:\n  signingKey: evidence.key\n  kmsKeyId: alias/x\n").getMessage().contains("not both"));
        assertTrue(failure("evidence:\n  signingKey: missing.key\n").getMessage().contains("no such key file"));
        assertTrue(failure("evidence:\n  signingkey: evidence.key\n").getMessage().contains("signingkey"));
    }
}
