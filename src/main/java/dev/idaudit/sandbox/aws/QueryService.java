package dev.idaudit.sandbox.aws;

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

    /** Wraps a request's form parameters for reading, with this service's validation errors. */
    Params params(Map<String, String> values) {
        return new Params(values);
    }

    /** The form parameters of one request. */
    final class Params {
        private final Map<String, String> values;

        Params(Map<String, String> values) {
            this.values = values;
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
