package dev.idaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.collect.PreflightCheck.Result;
import dev.idaudit.collect.aws.AwsCollector;
import dev.idaudit.collect.aws.AwsPreflight;
import dev.idaudit.collect.okta.OktaCollector;
import dev.idaudit.collect.okta.OktaPreflight;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.testing.UntrustedHttpsServer;
import dev.idaudit.util.BadInputException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS is verified for every host, loopback included, and plain http goes only to loopback,
 * wherever the endpoint comes from.
 */
class TransportTest {
    @TempDir
    Path dir;

    @Test
    void anUntrustedCertificateStopsBothSidesBeforeAnyRequestIsSent() throws Exception {
        try (UntrustedHttpsServer server = new UntrustedHttpsServer(dir)) {
            List<PreflightCheck> aws = AwsPreflight.withStaticKeys(
                    new AwsConfig(null, "us-east-1", server.url(), null, null, null, null), "AKIAIDAUDITTEST00001", Secret.of("s")).run();
            assertEquals(Result.UNREACHABLE, aws.get(0).result(), aws.toString());
            assertTrue(aws.get(0).detail().contains("PKIX") || aws.get(0).detail().contains("certificat"), aws.get(0).detail());

            OktaConfig okta = new OktaConfig(server.url(), Secret.of("00SomeTokenValue1"), null, null, null, null, null);
            List<PreflightCheck> oktaChecks = new OktaPreflight(okta).run();
            assertEquals(List.of("sign-in"), oktaChecks.stream().map(PreflightCheck::check).toList(), oktaChecks.toString());
            assertEquals(Result.UNREACHABLE, oktaChecks.get(0).result());
            Issues issues = new Issues();
            new OktaCollector(okta, Progress.SILENT, issues).collect();
            // every list Okta was asked for failed on the certificate; the lists read through them say so as inherited gaps
            assertTrue(issues.list().stream().filter(i -> !CollectionIssue.READ_THROUGH_PARTIAL_LIST.equals(i.error()))
                    .allMatch(i -> i.message().contains("unable to find valid certification path")), issues.list().toString());

            assertEquals(0, server.requests(), "no request may be sent over a connection whose certificate is not trusted");
        }
        assertNull(System.getProperty("okta.testing.disableHttpsCheck"), "the SDK's https check is restored");
    }

    @Test
    void plainHttpToAnotherHostIsRefusedForOkta() {
        OktaConfig okta = new OktaConfig(URI.create("http://acme.okta.example"), Secret.of("00SomeTokenValue1"), null, null, null, null, null);
        BadInputException e = assertThrows(BadInputException.class, () -> new OktaPreflight(okta).run());
        assertTrue(e.getMessage().contains("plain http is allowed only to a loopback address"), e.getMessage());
    }

    @Test
    void anEndpointFromTheAwsConfigFileThatIsPlainHttpToAnotherHostIsNeverSentTo() throws Exception {
        Path awsConfig = dir.resolve("aws-config");
        // 192.0.2.0/24 is TEST-NET-1: nothing answers there; the request must not even be tried.
        Files.writeString(awsConfig, "[default]\nendpoint_url = http://192.0.2.10:8080\n");
        String previous = System.getProperty("aws.configFile");
        System.setProperty("aws.configFile", awsConfig.toString());
        try {
            AwsConfig config = new AwsConfig(null, "us-east-1", null, null, null, null, null);
            BadInputException e = assertThrows(BadInputException.class,
                    () -> AwsCollector.withStaticKeys(config, "AKIAIDAUDITTEST00001", Secret.of("s"), Progress.SILENT, new Issues()).collect());
            assertTrue(e.getMessage().contains("over http to 192.0.2.10"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty("aws.configFile");
            } else {
                System.setProperty("aws.configFile", previous);
            }
        }
    }
}
