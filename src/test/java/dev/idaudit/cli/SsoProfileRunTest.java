package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.SsoHome;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.testing.ChildJvm;
import dev.idaudit.util.Json;
import dev.idaudit.util.SsoTokenCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * idaudit signing in the way people do, through an AWS CLI SSO profile, end to end: an idaudit
 * process (a child JVM, since the SDK finds ~/.aws under the HOME environment variable) with
 * {@code aws.profile} naming an SSO profile, a home folder as {@code aws configure sso} and
 * {@code aws sso login} leave it ({@link SsoHome}), and the sandbox's access portal and OIDC
 * service reached through the SDK's own {@code sso} and {@code ssooidc} clients. The AWS emulator
 * accepts only credentials it issued: the portal's, and the member roles assumed with them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsoProfileRunTest {
    private Sandbox sandbox;

    @TempDir
    Path dir;

    record Run(int code, String output) {}

    @BeforeAll
    void start() {
        sandbox = Sandbox.start(Scenario.load("acme"));
        sandbox.aws().acceptOnlyIssuedCredentials();
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    @Test
    void ssoSessionProfileRefreshesItsExpiringTokenAndCollectsAcmeWithOnlyThePortalsCredentials() throws Exception {
        int portalCalls = sandbox.aws().callCount("GetRoleCredentials");
        int refreshes = sandbox.aws().callCount("CreateToken");
        // Two minutes left: inside the SDK's five-minute window in which it refreshes an sso-session's token.
        AwsEmulator.SsoLogin login = sandbox.aws().ssoLogin(Duration.ofMinutes(2), true);
        Path home = home(login);
        Path out = dir.resolve("sso-session.json.gz");
        Run run = idaudit(home, "collect", "--config", config(SsoHome.PROFILE).toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.output());
        assertCompleteAcme(SnapshotIO.read(out));
        assertEquals(1, sandbox.aws().callCount("CreateToken") - refreshes, "the token was refreshed once: " + run.output());
        JsonNode cached = Json.json().readTree(Files.readString(SsoTokenCache.file(home, SsoHome.SESSION)));
        assertFalse(cached.path("accessToken").asText().equals(login.accessToken()), "the SDK cached the new token");
        assertTrue(Instant.parse(cached.path("expiresAt").asText()).isAfter(login.expiresAt()), cached.toString());
        assertEquals(1, sandbox.aws().callCount("GetRoleCredentials") - portalCalls,
                "one set of credentials lasts the collection (1 hour): " + run.output());
    }

    @Test
    void legacyProfileCollectsAcmeAndRenewsCredentialsThatExpireMidCollection() throws Exception {
        int portalCalls = sandbox.aws().callCount("GetRoleCredentials");
        // Credentials that last 61 seconds: the SDK treats credentials as expiring one minute before their
        // expiration, so each set expires for it one second into the collection (which takes several), and it must
        // ask the portal for new ones to go on; the emulator refuses any set past its expiration.
        sandbox.aws().ssoCredentialLifetime(Duration.ofSeconds(61));
        try {
            Path home = home(sandbox.aws().ssoLogin(Duration.ofHours(8), false));
            Path out = dir.resolve("legacy.json.gz");
            Run run = idaudit(home, "collect", "--config", config(SsoHome.LEGACY_PROFILE).toString(), "--out", out.toString());
            assertEquals(0, run.code(), run.output());
            assertCompleteAcme(SnapshotIO.read(out));
            assertTrue(sandbox.aws().callCount("GetRoleCredentials") - portalCalls > 1, "credentials were renewed: " + run.output());
        } finally {
            sandbox.aws().ssoCredentialLifetime(Duration.ofHours(1));
        }
    }

    @Test
    void doctorChecksTheSsoSessionFirstAndSaysHowLongItHasLeft() throws Exception {
        Path home = home(sandbox.aws().ssoLogin(Duration.ofHours(8), true));
        Run run = idaudit(home, "doctor", "--config", config(SsoHome.PROFILE).toString());
        String first = run.output().lines().filter(l -> l.startsWith("aws ")).findFirst().orElse("");
        assertTrue(first.contains("SSO session (profile audit)") && first.contains("OK") && first.matches(".* (7 h 59 min|8 h 0 min) left.*"),
                "doctor checks the session first and says how long it has left: " + run.output());
        assertEquals(0, run.code(), run.output());
    }

    @Test
    void anExpiredTokenWithoutRefreshIsOneLineAndExit2BeforeAnythingIsCollected() throws Exception {
        int calls = sandbox.aws().calls().size();
        int oktaRequests = sandbox.okta().received().size();
        Path home = home(sandbox.aws().ssoLogin(Duration.ofMinutes(-5), false));
        Path out = dir.resolve("expired.json.gz");
        Run run = idaudit(home, "collect", "--config", config(SsoHome.PROFILE).toString(), "--out", out.toString());
        assertEquals(2, run.code(), run.output());
        assertEquals(List.of("idaudit: the SSO session for profile audit has expired: run `aws sso login --profile audit`"),
                run.output().lines().toList());
        assertFalse(Files.exists(out), "no snapshot");
        assertEquals(calls, sandbox.aws().calls().size(), "no AWS call was made");
        assertEquals(oktaRequests, sandbox.okta().received().size(), "no Okta call was made");
    }

    @Test
    void aRoleThePortalDoesNotGiveNamesTheProfileAndTheKey() throws Exception {
        Path home = home(sandbox.aws().ssoLogin(Duration.ofHours(8), true));
        Files.writeString(home.resolve(".aws/config"), Files.readString(home.resolve(".aws/config"))
                .replace("sso_role_name = " + AwsEmulator.SSO_ROLE, "sso_role_name = AdministratorAccess"));
        Path out = dir.resolve("wrong-role.json.gz");
        Run run = idaudit(home, "collect", "--config", config(SsoHome.PROFILE).toString(), "--out", out.toString());
        assertEquals(2, run.code(), run.output());
        assertEquals(1, run.output().lines().count(), run.output());
        assertTrue(run.output().contains("profile audit: sso_role_name = AdministratorAccess is not a role the access portal gives "
                + "this SSO session in account 111111111111; it gives IdAuditReadOnly"), run.output());
        assertFalse(Files.exists(out));
    }

    @Test
    void anAccountThePortalDoesNotGiveNamesTheProfileAndTheKey() throws Exception {
        Path home = home(sandbox.aws().ssoLogin(Duration.ofHours(8), true));
        Files.writeString(home.resolve(".aws/config"), Files.readString(home.resolve(".aws/config"))
                .replace("sso_account_id = 111111111111", "sso_account_id = 222222222222"));
        Run run = idaudit(home, "collect", "--config", config(SsoHome.LEGACY_PROFILE).toString(), "--out", dir.resolve("x.json.gz").toString());
        assertEquals(2, run.code(), run.output());
        assertEquals(List.of("idaudit: profile audit-legacy: sso_account_id = 222222222222 is not an account the access portal gives "
                + "this SSO session; it gives 111111111111 (acme-management)"), run.output().lines().toList());
    }

    private static void assertCompleteAcme(Snapshot s) {
        assertEquals(List.of(), s.collectionIssues(), "acme is collected completely");
        assertEquals(List.of("111111111111", "222222222222", "333333333333", "444444444444", "555555555555", "666666666666"),
                s.aws().accounts().stream().map(a -> a.id()).sorted().toList());
        assertTrue(s.aws().callerArn().startsWith("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_IdAuditReadOnly_"),
                "the portal's role session is the caller: " + s.aws().callerArn());
        assertEquals(10, s.okta().users().size());
    }

    /**
     * A home folder of its own for each test: the ~/.aws/config that the README's SSO section shows (so the
     * README's config is the one these runs sign in with) and the token cache of this sign-in.
     */
    private Path home(AwsEmulator.SsoLogin login) throws IOException {
        Path home = Files.createTempDirectory(dir, "home");
        SsoHome.write(home, readmeAwsConfig(), login);
        return home;
    }

    /** The ~/.aws/config of the README's section "Sign in through IAM Identity Center", between its markers. */
    static String readmeAwsConfig() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("<!-- sso-config:start -->");
        int end = readme.indexOf("<!-- sso-config:end -->");
        assertTrue(start >= 0 && end > start, "README.md marks its SSO config");
        String block = readme.substring(start, end);
        return block.substring(block.indexOf("```ini\n") + "```ini\n".length(), block.lastIndexOf("```"));
    }

    @Test
    void theReadmeShowsTheConfigTheSandboxPrintsAndTheSandboxWritesItsTokenCache() throws Exception {
        assertEquals(SsoHome.config(sandbox.aws().region(), "111111111111"), readmeAwsConfig());
        Path home = Files.createTempDirectory(dir, "printed");
        java.io.StringWriter printed = new java.io.StringWriter();
        SandboxCommand.printSsoSignIn(sandbox, home, new java.io.PrintWriter(printed));
        assertTrue(printed.toString().contains(readmeAwsConfig().strip()), printed.toString());
        assertEquals(readmeAwsConfig(), Files.readString(home.resolve(".aws/config")));
        JsonNode token = Json.json().readTree(Files.readString(SsoTokenCache.file(home, SsoHome.SESSION)));
        assertTrue(Instant.parse(token.path("expiresAt").asText()).isAfter(Instant.now().plus(Duration.ofHours(7))), token.toString());
        assertTrue(printed.toString().contains("HOME=" + home.toAbsolutePath() + " AWS_ENDPOINT_URL_SSO=" + sandbox.aws().endpoint()),
                printed.toString());
    }

    private Path config(String profile) throws IOException {
        Path file = dir.resolve("idaudit-" + profile + ".yaml");
        Files.writeString(file, SandboxCommand.config(sandbox) + "  profile: " + profile + "\n");
        return file;
    }

    private Run idaudit(Path home, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(Main.class, args));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("OKTA_"));
        env.putAll(SsoHome.environment(home, sandbox.aws().endpoint()));
        env.put("OKTA_API_TOKEN", OktaEmulator.API_TOKEN);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
        return new Run(p.exitValue(), output);
    }
}
