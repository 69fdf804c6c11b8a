package dev.idaudit.notify;

import java.util.List;
import java.util.Locale;

/** The payload dialect a webhook server speaks. */
public enum WebhookKind {
    /**
     * Slack incoming webhooks: {@code {"text": "..."}} in Slack mrkdwn. Mattermost, Rocket.Chat
     * and other "Slack-compatible" incoming webhooks accept the same payload, so it is the
     * default for a host we do not recognise.
     */
    SLACK,
    /**
     * Microsoft Teams: a message with one Adaptive Card attachment, the payload both Teams
     * Workflows ("When a Teams webhook request is received") and the older Microsoft 365
     * connector webhooks accept.
     */
    TEAMS;

    /** Host suffixes of Microsoft's webhook endpoints (Workflows / Power Automate and connectors). */
    private static final List<String> TEAMS_HOSTS = List.of(
            "webhook.office.com", "outlook.office.com", "outlook.office365.com",
            "logic.azure.com", "powerplatform.com", "powerautomate.com", "flow.microsoft.com");

    /** The kind a webhook host speaks: Teams for Microsoft's endpoints, otherwise Slack-compatible. */
    public static WebhookKind forHost(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        for (String suffix : TEAMS_HOSTS) {
            if (h.equals(suffix) || h.endsWith("." + suffix)) {
                return TEAMS;
            }
        }
        return SLACK;
    }

    /** Reads "slack" or "teams" (any case), as given by a user to override the host's guess. */
    public static WebhookKind named(String name) {
        for (WebhookKind k : values()) {
            if (k.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("webhook kind must be slack or teams, not '" + name + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
