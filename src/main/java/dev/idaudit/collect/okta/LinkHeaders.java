package dev.idaudit.collect.okta;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Okta pages with {@code Link: <url>; rel="next"} headers (RFC 8288); the cursor to ask for the
 * next page is the {@code after} parameter of that URL. okta-sdk-java 24 returns one page per
 * call, so the collector reads the cursor from the last response's headers itself.
 */
final class LinkHeaders {
    private LinkHeaders() {}

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([^\";]+)\"?");

    /** The {@code after} cursor of the {@code rel="next"} link, or null on the last page. */
    static String nextCursor(Map<String, List<String>> headers) {
        String next = nextLink(headers);
        return next == null ? null : queryParameter(URI.create(next), "after");
    }

    /**
     * The URL of the {@code rel="next"} link as Okta gave it, or null on the last page: for lists
     * whose SDK call takes no cursor, followed as it stands ("follow it, don't parse it").
     */
    static String nextLink(Map<String, List<String>> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() == null || !header.getKey().equalsIgnoreCase("Link")) {
                continue;
            }
            for (String value : header.getValue()) {
                Matcher m = LINK.matcher(value);
                while (m.find()) {
                    if (m.group(2).trim().equals("next")) {
                        return m.group(1);
                    }
                }
            }
        }
        return null;
    }

    private static String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
