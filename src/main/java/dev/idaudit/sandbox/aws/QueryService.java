package dev.idaudit.sandbox.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service spoken in the AWS Query protocol: a form-encoded POST with {@code Action} and
 * {@code Version}, answered by {@code <ActionResponse><ActionResult>...} in the model's XML
 * namespace, errors by {@code <ErrorResponse><Error><Type>Sender</Type><Code>...}.
 */
abstract class QueryService {
    protected final AwsWorld world;
    protected final int pageSize;

    QueryService(AwsWorld world, int pageSize) {
        this.world = world;
        this.pageSize = pageSize;
    }

    /** The SigV4 signing name, which the SDK writes into the Authorization header's credential scope. */
    abstract String signingName();

    /** The model's metadata.xmlNamespace. */
    abstract String xmlNamespace();

    abstract boolean handles(String action);

    /** Writes the members of {@code <ActionResult>} or throws an {@link AwsError}. */
    abstract void call(String action, Params params, Identity caller, Xml result);

    /** The service's error for a request that breaks the API's rules. */
    abstract AwsError invalid(String message);

    /**
     * Wraps a request's form parameters for reading, with this service's validation errors.
     *
     * @param repeatCursor a scenario fault spoils this answer: a truncated page names the request's own Marker as the next one
     */
    Params params(Map<String, String> values, boolean repeatCursor) {
        return new Params(values, repeatCursor);
    }

    /**
     * The Marker that continues after {@code page}: null on the last page, and the request's own
     * Marker again when a repeated-cursor fault spoils the answer.
     */
    static String nextMarker(Params params, Paging.Page<?> page) {
        return params.repeatCursor && page.truncated() ? params.optional("Marker") : page.nextToken();
    }

    /** The form parameters of one request. */
    final class Params {
        private final Map<String, String> values;
        private final boolean repeatCursor;

        Params(Map<String, String> values, boolean repeatCursor) {
            this.values = values;
            this.repeatCursor = repeatCursor;
        }

        /** A list parameter, written {@code Name.member.1}, {@code Name.member.2} ... by the Query protocol; empty when absent. */
        List<String> list(String name) {
            List<String> items = new ArrayList<>();
            for (int n = 1; values.containsKey(name + ".member." + n); n++) {
                items.add(values.get(name + ".member." + n));
            }
            return items;
        }

        String optional(String name) {
            String value = values.get(name);
            return value == null || value.isEmpty() ? null : value;
        }

        String required(String name) {
            String value = optional(name);
            if (value == null) {
                throw invalid("1 validation error detected: Value null at '" + Character.toLowerCase(name.charAt(0)) + name.substring(1)
                        + "' failed to satisfy constraint: Member must not be null");
            }
            return value;
        }

        Integer optInt(String name) {
            String value = optional(name);
            if (value == null) {
                return null;
            }
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw invalid("'" + name + "' must be an integer, got " + value);
            }
        }
    }
}
