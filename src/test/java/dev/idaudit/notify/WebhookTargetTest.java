package dev.idaudit.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.config.Secret;
import dev.idaudit.util.BadInputException;
import org.junit.jupiter.api.Test;

class WebhookTargetTest {
    private static final String TOKEN = "XyZ9sEcReTt0kenNeverLogged";

    @Test
    void choosesTheDialectByHost() {
        assertEquals(WebhookKind.SLACK, kindOf("https://hooks.slack.com/services/T000/B000/" + TOKEN));
        assertEquals(WebhookKind.TEAMS, kindOf("https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/" + TOKEN + "/x"));
        assertEquals(WebhookKind.TEAMS, kindOf("https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=" + TOKEN));
        assertEquals(WebhookKind.TEAMS, kindOf("https://default0a1b2c.3d.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?sig=" + TOKEN));
        assertEquals(WebhookKind.SLACK, kindOf("https://chat.acme.example/hooks/" + TOKEN), "Mattermost and the like speak Slack's payload");
        assertEquals(WebhookKind.SLACK, kindOf("https://notwebhook.office.com.evil.example/x"), "a suffix must match at a dot");
    }

    @Test
    void anExplicitKindOverridesTheHost() {
        WebhookTarget t = WebhookTarget.of(Secret.of("https://chat.acme.example/hooks/" + TOKEN), WebhookKind.named("Teams"));
        assertEquals(WebhookKind.TEAMS, t.kind());
        assertThrows(IllegalArgumentException.class, () -> WebhookKind.named("discord"));
    }

    @Test
    void showsOnlyTheHost() {
        WebhookTarget t = WebhookTarget.of(Secret.of("https://hooks.slack.com/services/T000/B000/" + TOKEN), null);
        assertEquals("slack webhook at hooks.slack.com", t.toString());
        assertEquals("hooks.slack.com", t.host());
    }

    @Test
    void refusesPlainHttpExceptToLoopbackAndNamesOnlyTheHost() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> WebhookTarget.of(Secret.of("http://hooks.slack.com/services/T000/B000/" + TOKEN), null));
        assertTrue(e.getMessage().contains("use https for hooks.slack.com"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        assertEquals(WebhookKind.SLACK, WebhookTarget.of(Secret.of("http://127.0.0.1:9/hook/" + TOKEN), null).kind());
    }

    @Test
    void aMalformedUrlIsRefusedWithoutQuotingIt() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> WebhookTarget.of(Secret.of("https://hooks.slack.com/services/T000/B000/" + TOKEN + " x"), null));
        assertTrue(e.getMessage().startsWith("notify: the webhook URL is not a valid URL (problem at character"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        assertThrows(BadInputException.class, () -> WebhookTarget.of(Secret.of("  "), null));
        assertThrows(BadInputException.class, () -> WebhookTarget.of(Secret.of("hooks.slack.com/services/" + TOKEN), null));
        BadInputException scheme = assertThrows(BadInputException.class, () -> WebhookTarget.of(Secret.of("ftp://hooks.slack.com/" + TOKEN), null));
        assertFalse(scheme.getMessage().contains(TOKEN), scheme.getMessage());
    }

    @Test
    void refusesCredentialsInTheUrl() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> WebhookTarget.of(Secret.of("https://bot:" + TOKEN + "@chat.acme.example/hooks/x"), null));
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    }

    @Test
    void redactsEveryPartThatCouldBeTheToken() {
        WebhookTarget slack = WebhookTarget.of(Secret.of("https://hooks.slack.com/services/T000/B000/" + TOKEN), null);
        assertEquals("bad token ****", slack.redact("bad token " + TOKEN));
        assertEquals("posting to hooks.slack.com failed at ****", slack.redact("posting to hooks.slack.com failed at /services/T000/B000/" + TOKEN));
        WebhookTarget teams = WebhookTarget.of(Secret.of(
                "https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sig=" + TOKEN), null);
        assertEquals("signature **** is invalid", teams.redact("signature " + TOKEN + " is invalid"));
    }

    private static WebhookKind kindOf(String url) {
        return WebhookTarget.of(Secret.of(url), null).kind();
    }
}
