package dev.idaudit.collect.okta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.collect.PreflightCheck;
import dev.idaudit.collect.PreflightCheck.Result;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.okta.AcmeOkta;
import dev.idaudit.sandbox.okta.OAuthClient;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.testing.OAuthKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** doctor's Okta probes through okta-sdk-java against the Okta emulator's acme. */
class OktaPreflightTest {
    private static final String CLIENT_ID = "0oa1idauditclient01";
    private static final KeyPair KEYS = OAuthKeys.rsa();

    @Test
    void everyEndpointAnswersTheApiTokenOnAcme() {
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2))) {
            List<PreflightCheck> checks = new OktaPreflight(tokenConfig(emulator, OktaEmulator.API_TOKEN)).run();
            assertEquals(List.of(), checks.stream().filter(c -> c.result() != Result.OK).toList());
            assertEquals(OktaEndpoints.COLLECTED.stream().map(e -> "GET " + e.path()).toList(),
                    checks.stream().map(PreflightCheck::check).toList(), "one call per endpoint the collector reads");
        }
    }

    @Test
    void aServiceAppWithEveryScopeHasEachOneGrantedAndReachesEveryEndpoint() {
        OAuthClient app = new OAuthClient(CLIENT_ID, KEYS.getPublic(), Set.copyOf(OktaConfig.READ_ONLY_SCOPES));
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2), app)) {
            List<PreflightCheck> checks = new OktaPreflight(oauthConfig(emulator, OktaConfig.READ_ONLY_SCOPES)).run();
            assertEquals(List.of(), checks.stream().filter(c -> c.result() != Result.OK).toList());
            assertEquals(4, checks.stream().filter(c -> c.check().startsWith("scope ")).count());
        }
    }

    @Test
    void aScopeNotGrantedToTheServiceAppIsMissingAndNamedInTheFix() {
        OAuthClient app = new OAuthClient(CLIENT_ID, KEYS.getPublic(), Set.of("okta.apps.read", "okta.groups.read", "okta.users.read"));
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2), app)) {
            List<PreflightCheck> checks = new OktaPreflight(oauthConfig(emulator, OktaConfig.READ_ONLY_SCOPES)).run();
            Map<String, PreflightCheck> failed = checks.stream().filter(c -> !c.result().passes())
                    .collect(Collectors.toMap(PreflightCheck::check, c -> c));
            assertEquals(Set.of("scope okta.policies.read", "GET /api/v1/policies/{policyId}", "GET /api/v1/policies/{policyId}/rules"),
                    failed.keySet(), failed.toString());
            PreflightCheck scope = failed.get("scope okta.policies.read");
            assertEquals(Result.MISSING, scope.result());
            assertTrue(scope.detail().contains("invalid_scope"), scope.detail());
            assertEquals("grant okta.policies.read to the OAuth service app " + CLIENT_ID
                    + " (Admin Console: Applications > the app > Okta API Scopes > Grant)", scope.fix());
            PreflightCheck rules = failed.get("GET /api/v1/policies/{policyId}/rules");
            assertEquals(Result.MISSING, rules.result());
            assertTrue(rules.detail().startsWith("HTTP 403 E0000006"), rules.detail());
            assertTrue(rules.fix().startsWith("grant okta.policies.read to"), rules.fix());
            assertTrue(checks.stream().filter(c -> c.check().startsWith("GET /api/v1/apps")).allMatch(c -> c.result() == Result.OK));
        }
    }

    @Test
    void aScopeTheConfigDoesNotAskForIsMissingWithTheConfigFix() {
        OAuthClient app = new OAuthClient(CLIENT_ID, KEYS.getPublic(), Set.copyOf(OktaConfig.READ_ONLY_SCOPES));
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2), app)) {
            List<PreflightCheck> checks = new OktaPreflight(oauthConfig(emulator, List.of("okta.apps.read", "okta.groups.read",
                    "okta.policies.read"))).run();
            PreflightCheck users = checks.stream().filter(c -> c.check().equals("scope okta.users.read")).findFirst().orElseThrow();
            assertEquals(Result.MISSING, users.result());
            assertTrue(users.fix().startsWith("add okta.users.read to okta.auth.scopes"), users.fix());
        }
    }

    @Test
    void aRejectedApiTokenIsOneSignInErrorThatDoesNotShowTheToken() {
        String wrong = "00FakeTokenForDoctor-must-not-leak";
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2))) {
            List<PreflightCheck> checks = new OktaPreflight(tokenConfig(emulator, wrong)).run();
            assertEquals(1, checks.size(), checks.toString());
            assertEquals("sign-in", checks.get(0).check());
            assertEquals(Result.ERROR, checks.get(0).result());
            assertTrue(checks.get(0).detail().contains("E0000011"), checks.get(0).detail());
            assertFalse(checks.toString().contains(wrong));
        }
    }

    @Test
    void anOrgThatDoesNotAnswerIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        OktaConfig config = new OktaConfig(URI.create("http://127.0.0.1:" + closedPort), Secret.of("00SomeTokenValue"), null, null, null, null, null);
        List<PreflightCheck> checks = new OktaPreflight(config).run();
        assertEquals(Result.UNREACHABLE, checks.get(0).result(), checks.toString());
        assertEquals(1, checks.size(), checks.toString());
    }

    private static OktaConfig tokenConfig(OktaEmulator emulator, String token) {
        return new OktaConfig(emulator.baseUrl(), Secret.of(token), null, null, null, null, null);
    }

    private static OktaConfig oauthConfig(OktaEmulator emulator, List<String> scopes) {
        return new OktaConfig(emulator.baseUrl(), null, CLIENT_ID, Secret.of(OAuthKeys.pem(KEYS)), null, scopes, null);
    }
}
