package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.config.ConfigLoader;
import dev.idaudit.config.IdAuditConfig;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.sandbox.aws.AcmeAws;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.sandbox.okta.AcmeOkta;
import dev.idaudit.sandbox.okta.OAuthClient;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.testing.ChildJvm;
import dev.idaudit.testing.OAuthKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recognisable fake secrets (an Okta API token, an OAuth private key, an AWS secret key) go
 * through every path of the real CLI, in a separate process where they must come from the
 * environment: a collection that succeeds, one that is refused, one that reaches nothing, a
 * refused member role, doctor, the sandbox command, each with --verbose stack traces. None of
 * the output, the snapshot written, nor the config's toString may hold any of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsTest {
    private static final String CLIENT_ID = "0oa1idauditclient01";
    private static final String FAKE_TOKEN = "00FAKEtokenIDAUDIT-mustNotLeak-0000000001";
    private static final String FAKE_AWS_SECRET = "FAKEawsSecretIDAUDIT/mustNotLeak+000000002";
    private static final KeyPair REGISTERED = OAuthKeys.rsa();
    private static final KeyPair UNREGISTERED = OAuthKeys.rsa();

    @TempDir
    Path dir;

    private OktaEmulator okta;
    private AwsEmulator aws;
    private AwsEmulator awsRefusingARole;
    private int closedPort;

    @BeforeAll
    void startEmulators() throws IOException {
        okta = OktaEmulator.start(AcmeOkta.withPageSize(200),
                new OAuthClient(CLIENT_ID, REGISTERED.getPublic(), Set.copyOf(OktaConfig.READ_ONLY_SCOPES)));
        aws = AwsEmulator.start(AcmeAws.scenario(100));
        awsRefusingARole = AwsEmulator.start(AcmeAws.scenario(100, s -> s.putArray("unassumableAccounts").add("333333333333")));
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
    }

    @AfterAll
    void stopEmulators() {
        okta.close();
        aws.close();
        awsRefusingARole.close();
    }

    @Test
    void anOAuthCollectionThatSucceedsShowsNoKeyInItsOutputOrSnapshot() throws Exception {
        Path config = oauthConfig(REGISTERED, aws);
        Path snapshot = dir.resolve("ok.json.gz");
        Run r = idaudit(Map.of(), "collect", "--config", config.toString(), "--out", snapshot.toString(), "--verbose");
        assertEquals(0, r.code, r.output);
        assertNoSecret(r.output + gunzip(snapshot), "successful OAuth collection");
    }

    @Test
    void aTokenCollectionThatSucceedsShowsNoTokenInItsOutputOrSnapshot() throws Exception {
        Path config = tokenConfig(okta.baseUrl().toString(), aws);
        Path snapshot = dir.resolve("token-ok.json.gz");
        Run r = idaudit(Map.of("OKTA_API_TOKEN", OktaEmulator.API_TOKEN), "collect", "--config", config.toString(),
                "--out", snapshot.toString(), "--verbose");
        assertEquals(0, r.code, r.output);
        String everything = r.output + gunzip(snapshot);
        assertNoSecret(everything, "successful token collection");
        assertFalse(everything.contains(OktaEmulator.API_TOKEN), "the token the emulator accepts is a secret here too");
    }

    @Test
    void aTokenCollectionThatIsRefusedShowsNoTokenEvenInTheStackTrace() throws Exception {
        Path config = tokenConfig("http://127.0.0.1:" + okta.baseUrl().getPort(), aws);
        Path snapshot = dir.resolve("refused.json.gz");
        Run r = idaudit(Map.of("OKTA_API_TOKEN", FAKE_TOKEN), "collect", "--config", config.toString(), "--out", snapshot.toString(),
                "--verbose");
        assertEquals(2, r.code, r.output);
        assertTrue(r.output.contains("rejected the API token") && r.output.contains("\tat "), "a stack trace was printed: " + r.output);
        assertNoSecret(r.output, "refused API token");
    }

    @Test
    void anUnregisteredKeyIsRefusedWithoutShowingTheKey() throws Exception {
        Run r = idaudit(Map.of(), "collect", "--config", oauthConfig(UNREGISTERED, aws).toString(), "--out",
                dir.resolve("x.json.gz").toString(), "--verbose");
        assertEquals(2, r.code, r.output);
        assertTrue(r.output.contains("invalid_client"), r.output);
        assertNoSecret(r.output, "unregistered OAuth key");
    }

    @Test
    void unreachableHostsShowNoSecret() throws Exception {
        Path config = dir.resolve("unreachable.yaml");
        Files.writeString(config, "okta:\n  orgUrl: http://127.0.0.1:" + closedPort + "\naws:\n  region: us-east-1\n"
                + "  endpointUrl: http://127.0.0.1:" + closedPort + "\n");
        Path snapshot = dir.resolve("unreachable.json.gz");
        Run r = idaudit(Map.of("OKTA_API_TOKEN", FAKE_TOKEN), "collect", "--config", config.toString(), "--out", snapshot.toString(),
                "--verbose");
        assertEquals(3, r.code, r.output);
        assertTrue(r.output.contains("Connection refused") || r.output.contains("Connect to"), r.output);
        assertNoSecret(r.output + gunzip(snapshot), "unreachable hosts");
        Run doctor = idaudit(Map.of("OKTA_API_TOKEN", FAKE_TOKEN), "doctor", "--config", config.toString(), "--verbose");
        assertEquals(3, doctor.code, doctor.output);
        assertNoSecret(doctor.output, "doctor, unreachable hosts");
    }

    @Test
    void aRefusedMemberRoleShowsNoSecretInCollectOrDoctor() throws Exception {
        Path config = oauthConfig(REGISTERED, awsRefusingARole);
        Path snapshot = dir.resolve("role.json.gz");
        Run r = idaudit(Map.of(), "collect", "--config", config.toString(), "--out", snapshot.toString(), "--verbose");
        assertEquals(3, r.code, r.output);
        assertTrue(r.output.contains("sts:AssumeRole -> AccessDenied"), r.output);
        assertNoSecret(r.output + gunzip(snapshot), "refused member role");
        Run doctor = idaudit(Map.of(), "doctor", "--config", config.toString(), "--verbose");
        assertEquals(3, doctor.code, doctor.output);
        assertTrue(doctor.output.contains("MISSING"), doctor.output);
        assertNoSecret(doctor.output, "doctor, refused member role");
    }

    @Test
    void theSandboxCommandDoesNotEchoTheEnvironmentsSecrets() throws Exception {
        ProcessBuilder pb = command(Map.of("OKTA_API_TOKEN", FAKE_TOKEN), "sandbox", "--scenario", "acme");
        Process p = pb.start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (!seen.toString(StandardCharsets.UTF_8).contains("# 3. Then") && Instant.now().isBefore(deadline)) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                seen.write(b);
            }
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        String printed = seen.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("# 3. Then"), printed);
        assertNoSecret(printed, "sandbox command");
    }

    @Test
    void theConfigsToStringShowsNoSecret() throws IOException {
        Map<String, String> env = Map.of("OKTA_API_TOKEN", FAKE_TOKEN);
        IdAuditConfig token = new ConfigLoader(env::get).read(tokenConfig("https://acme.okta.com", aws));
        assertTrue(token.okta().apiToken().reveal().equals(FAKE_TOKEN), "the token was read");
        IdAuditConfig oauth = new ConfigLoader(env::get).read(oauthConfig(REGISTERED, aws));
        assertTrue(oauth.okta().privateKey().reveal().contains("PRIVATE KEY"), "the key was read");
        assertNoSecret(token.toString() + oauth.toString() + token.okta() + oauth.okta(), "config toString");
    }

    @Test
    void aTokenPastedWhereTheVariableNameGoesIsRefusedWithoutRepeatingIt() throws IOException {
        Path config = dir.resolve("pasted.yaml");
        Files.writeString(config, "okta:\n  orgUrl: https://acme.okta.com\n  auth:\n    apiTokenEnv: " + FAKE_TOKEN + "\n"
                + awsSection(aws));
        CollectCommandTest.Result r = CollectCommandTest.run("collect", "--config", config.toString(), "--out",
                dir.resolve("p.json.gz").toString(), "--verbose");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(":4: okta.auth.apiTokenEnv: must be the name of an environment variable"), r.err());
        assertNoSecret(r.out() + r.err(), "a token pasted into the config");
    }

    @Test
    void credentialsInAnEndpointUrlAreRefusedWithoutBeingShown() throws Exception {
        Path config = dir.resolve("userinfo.yaml");
        Files.writeString(config, "okta:\n  orgUrl: https://admin:" + FAKE_TOKEN + "@acme.okta.com\n" + awsSection(aws));
        Run r = idaudit(Map.of("OKTA_API_TOKEN", "00AnotherToken"), "collect", "--config", config.toString(), "--out",
                dir.resolve("u.json.gz").toString(), "--verbose");
        assertEquals(2, r.code, r.output);
        assertTrue(r.output.contains(":2: okta.orgUrl: the URL carries credentials"), r.output);
        assertNoSecret(r.output, "credentials in the Okta org URL");

        Run fromEnvironment = idaudit(Map.of("OKTA_API_TOKEN", "00AnotherToken",
                        "AWS_ENDPOINT_URL_STS", "http://admin:" + FAKE_TOKEN + "@sts.example.com"),
                "doctor", "--config", tokenConfig("https://acme.okta.example", null).toString());
        assertEquals(2, fromEnvironment.code, fromEnvironment.output);
        assertTrue(fromEnvironment.output.contains("AWS_ENDPOINT_URL_STS (http://sts.example.com): plain http is allowed only to a loopback"),
                fromEnvironment.output);
        assertNoSecret(fromEnvironment.output, "credentials in AWS_ENDPOINT_URL_STS");
    }

    // ---------------------------------------------------------------- fixtures

    private record Run(int code, String output) {}

    private Path oauthConfig(KeyPair keys, AwsEmulator awsSide) throws IOException {
        Path key = dir.resolve("key-" + keys.hashCode() + ".pem");
        Files.writeString(key, OAuthKeys.pem(keys));
        Path config = dir.resolve("oauth-" + keys.hashCode() + "-" + awsSide.endpoint().getPort() + ".yaml");
        Files.writeString(config, "okta:\n  orgUrl: " + okta.baseUrl() + "\n  auth:\n    clientId: " + CLIENT_ID
                + "\n    privateKeyFile: " + key.getFileName() + "\n" + awsSection(awsSide));
        return config;
    }

    private Path tokenConfig(String orgUrl, AwsEmulator awsSide) throws IOException {
        Path config = dir.resolve("token-" + orgUrl.hashCode() + "-" + (awsSide == null ? 0 : awsSide.endpoint().getPort()) + ".yaml");
        Files.writeString(config, "okta:\n  orgUrl: " + orgUrl + "\n" + awsSection(awsSide));
        return config;
    }

    /** The aws: section pointing at an emulator, or with no endpoint (the SDK's own, or the environment's) for null. */
    private static String awsSection(AwsEmulator awsSide) {
        if (awsSide == null) {
            return "aws:\n  region: us-east-1\n";
        }
        return "aws:\n  region: " + awsSide.region() + "\n  endpointUrl: " + awsSide.endpoint() + "\n";
    }

    private Run idaudit(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        Process p = command(extraEnv, args).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), output);
    }

    /** idaudit in its own JVM, with AWS keys (the fake secret) and nothing else of AWS or Okta from this environment. */
    private ProcessBuilder command(Map<String, String> extraEnv, String... args) {
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(Main.class, args)).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("OKTA_"));
        env.put("AWS_ACCESS_KEY_ID", "AKIAIDAUDITFAKE00001");
        env.put("AWS_SECRET_ACCESS_KEY", FAKE_AWS_SECRET);
        env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
        env.putAll(extraEnv);
        return pb;
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The token, the AWS secret, and any line of either private key's PEM body. */
    private static void assertNoSecret(String text, String path) {
        List<String> secrets = new ArrayList<>(List.of(FAKE_TOKEN, FAKE_AWS_SECRET));
        for (KeyPair keys : List.of(REGISTERED, UNREGISTERED)) {
            Stream.of(OAuthKeys.pem(keys).split("\n")).filter(l -> !l.startsWith("-----")).forEach(secrets::add);
        }
        for (String secret : secrets) {
            assertFalse(text.contains(secret), path + ": a secret leaked: " + secret.substring(0, 12) + "...");
        }
    }
}
