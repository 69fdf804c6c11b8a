package dev.idaudit.sandbox.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Slices a list into pages the way the AWS list APIs do: at most min(asked, model maximum,
 * scenario page size) items, and an opaque token (NextToken or Marker) while more remain. A
 * token only works for the same list it came from; anything else is the service's
 * invalid-input error.
 */
final class Paging {
    private Paging() {}

    record Page<T>(List<T> items, String nextToken) {
        boolean truncated() {
            return nextToken != null;
        }
    }

    /**
     * @param listKey names the list and its filters, so a token cannot be replayed on another list
     * @param asked the MaxResults / MaxItems of the request, or null
     * @param modelMax the largest value the API model allows for it
     * @param invalid the service's invalid-input error for a bad token or page size
     */
    static <T> Page<T> page(List<T> all, String listKey, String token, Integer asked, int modelMax, int scenarioPageSize,
                            Function<String, AwsError> invalid) {
        if (asked != null && (asked < 1 || asked > modelMax)) {
            throw invalid.apply("MaxResults must be between 1 and " + modelMax + ", got " + asked);
        }
        int size = Math.min(asked == null ? modelMax : asked, scenarioPageSize);
        int start = token == null || token.isEmpty() ? 0 : offset(token, listKey, all.size(), invalid);
        int end = Math.min(all.size(), start + size);
        String next = end < all.size() ? token(listKey, end) : null;
        return new Page<>(List.copyOf(all.subList(start, end)), next);
    }

    private static String token(String listKey, int offset) {
        String raw = "idaudit-sandbox|" + listKey + "|" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token, String listKey, int size, Function<String, AwsError> invalid) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid.apply("The pagination token is not valid");
        }
        String prefix = "idaudit-sandbox|" + listKey + "|";
        if (!raw.startsWith(prefix)) {
            throw invalid.apply("The pagination token is not valid for this request");
        }
        try {
            int offset = Integer.parseInt(raw.substring(prefix.length()));
            if (offset < 0 || offset > size) {
                throw invalid.apply("The pagination token is out of range");
            }
            return offset;
        } catch (NumberFormatException e) {
            throw invalid.apply("The pagination token is not valid");
        }
    }
}
