package dev.idaudit.notify;

import dev.idaudit.config.ConfigLoader;
import dev.idaudit.config.Secret;
import dev.idaudit.util.BadInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where to post and in which dialect. The URL embeds the webhook's token, so it is held as a
 * {@link Secret}: only the host is ever shown ({@link #toString()}, error messages, results).
 */
public final class WebhookTarget {
    /** Shorter path segments and query values (e.g. "services", "1.0") are names, not tokens. */
    private static final int MIN_SECRET_FRAGMENT = 9;
    private final Secret url;
    private final URI uri;
    private final WebhookKind kind;

    private WebhookTarget(Secret url, URI uri, WebhookKind kind) {
        this.url = url;
        this.uri = uri;
        this.kind = kind;
    }

    /**
     * Checks a webhook URL: https, or plain http to a loopback address only.
     *
     * @param url  the webhook URL (from the environment or a file, never an argument)
     * @param kind the dialect, or null to choose it by the URL's host
     * @throws BadInputException naming what is wrong and at most the host, never the URL
     */
    public static WebhookTarget of(Secret url, WebhookKind kind) {
        String text = url == null || url.reveal() == null ? "" : url.reveal().trim();
        if (text.isEmpty()) {
            throw new BadInputException("notify: the webhook URL is empty");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // The exception's message quotes the whole input, token included: say only where.
            throw new BadInputException("notify: the webhook URL is not a valid URL (problem at character " + e.getIndex() + ")");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new BadInputException("notify: the webhook URL must be absolute, e.g. https://hooks.slack.com/services/...");
        }
        String problem = ConfigLoader.transportProblem(uri);
        if (problem != null) {
            throw new BadInputException("notify: webhook URL: " + problem);
        }
        if (uri.getRawUserInfo() != null) {
            throw new BadInputException("notify: the webhook URL must not carry a user name or password (host " + uri.getHost() + ")");
        }
        return new WebhookTarget(Secret.of(text), uri, kind == null ? WebhookKind.forHost(uri.getHost()) : kind);
    }

    public WebhookKind kind() {
        return kind;
    }

    /** The host, the only part of the URL that may be logged. */
    public String host() {
        return uri.getHost();
    }

    URI uri() {
        return uri;
    }

    /**
     * Removes every secret part of the URL from a text: the whole URL, its path and query, and
     * each path segment and query value long enough to be a token (Slack's is the last path
     * segment, a Teams workflow's is the {@code sig} query value).
     */
    String redact(String text) {
        if (text == null) {
            return "";
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(url.reveal());
        for (String part : new String[] {uri.getRawPath(), uri.getPath(), uri.getRawQuery(), uri.getQuery()}) {
            if (part != null) {
                secrets.add(part);
                secrets.addAll(Arrays.asList(part.split("[/&=]")));
            }
        }
        secrets.removeIf(s -> s.length() < MIN_SECRET_FRAGMENT);
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "****");
        }
        return out;
    }

    @Override
    public String toString() {
        return kind + " webhook at " + host();
    }
}
