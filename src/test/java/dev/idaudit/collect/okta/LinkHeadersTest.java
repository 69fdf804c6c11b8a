package dev.idaudit.collect.okta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkHeadersTest {

    @Test
    void readsTheAfterCursorOfTheNextLinkFromSeparateHeaders() {
        Map<String, List<String>> headers = Map.of("link", List.of(
                "<https://acme.okta.com/api/v1/users?limit=200>; rel=\"self\"",
                "<https://acme.okta.com/api/v1/users?after=00u1bob000000000002&limit=200>; rel=\"next\""));
        assertEquals("00u1bob000000000002", LinkHeaders.nextCursor(headers));
    }

    @Test
    void readsTheNextLinkFromOneCommaSeparatedHeaderAndDecodesTheCursor() {
        Map<String, List<String>> headers = Map.of("Link", List.of(
                "<https://acme.okta.com/api/v1/apps?filter=name%20eq%20%22x%22>; rel=\"self\", "
                        + "<https://acme.okta.com/api/v1/apps?filter=name%20eq%20%22x%22&after=a%2Bb%3D&limit=2>; rel=\"next\""));
        assertEquals("a+b=", LinkHeaders.nextCursor(headers));
    }

    @Test
    void theLastPageHasNoCursor() {
        assertNull(LinkHeaders.nextCursor(Map.of("Link", List.of("<https://acme.okta.com/api/v1/users>; rel=\"self\""))));
        assertNull(LinkHeaders.nextCursor(Map.of()));
        assertNull(LinkHeaders.nextCursor(null));
    }
}
