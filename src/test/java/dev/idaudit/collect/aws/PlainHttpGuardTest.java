package dev.idaudit.collect.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.idaudit.util.BadInputException;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PlainHttpGuardTest {
    @Test
    void plainHttpFromTheEnvironmentToAnotherHostIsAClearError() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> PlainHttpGuard.checkSettings(null, Map.of("AWS_ENDPOINT_URL", "http://aws.example.com"), new Properties()));
        assertEquals("the environment variable AWS_ENDPOINT_URL (http://aws.example.com): plain http is allowed only to a loopback "
                + "address (127.0.0.1, localhost, [::1]); use https for aws.example.com", e.getMessage());
    }

    @Test
    void aServiceSpecificEndpointOrSystemPropertyIsCheckedToo() {
        assertThrows(BadInputException.class, () -> PlainHttpGuard.checkSettings(null,
                Map.of("AWS_ENDPOINT_URL_SSO_ADMIN", "http://10.0.0.5:4566"), new Properties()));
        Properties properties = new Properties();
        properties.setProperty("aws.endpointUrlIam", "http://iam.example.com");
        BadInputException e = assertThrows(BadInputException.class, () -> PlainHttpGuard.checkSettings(null, Map.of(), properties));
        assertEquals(true, e.getMessage().startsWith("the system property aws.endpointUrlIam"), e.getMessage());
        assertThrows(BadInputException.class,
                () -> PlainHttpGuard.checkSettings(URI.create("http://169.254.169.254"), Map.of(), new Properties()));
    }

    @Test
    void httpsAnywhereAndPlainHttpToLoopbackAreAllowed() {
        PlainHttpGuard.checkSettings(URI.create("http://127.0.0.1:4566"), Map.of("AWS_ENDPOINT_URL", "http://localhost:5000",
                "AWS_ENDPOINT_URL_STS", "https://sts.us-east-1.amazonaws.com", "AWS_REGION", "http://ignored.example"), new Properties());
    }
}
