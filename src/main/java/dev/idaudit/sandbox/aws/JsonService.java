package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A service spoken in the AWS JSON 1.1 protocol: one POST per call, the operation named by
 * {@code X-Amz-Target: <targetPrefix>.<Operation>}, input and output as JSON objects.
 */
abstract class JsonService {
    protected final AwsWorld world;
    protected final int pageSize;

    JsonService(AwsWorld world, int pageSize) {
        this.world = world;
        this.pageSize = pageSize;
    }

    /** The X-Amz-Target prefix, from the model's metadata.targetPrefix. */
    abstract String targetPrefix();

    /** A short name for call counting, e.g. "organizations". */
    abstract String serviceName();

    /** Answers one call, or throws an {@link AwsError}. */
    abstract ObjectNode call(String operation, Input in, Identity caller);

    /** The service's error for a request that breaks the API's rules. */
    abstract AwsError invalid(String message);

    /** Whether the model's error structures carry a RequestId member (Identity Store's do). */
    boolean errorsCarryRequestId() {
        return false;
    }

    AwsError unknownOperation(String operation) {
        return new AwsError("UnknownOperationException", 400, "The sandbox does not implement " + targetPrefix() + "." + operation);
    }

    /** Wraps a request body for reading, with this service's validation errors. */
    Input input(JsonNode body) {
        return new Input(body);
    }

    /** One page of {@code all}; the request's NextToken and MaxResults decide which. */
    protected <T> Paging.Page<T> page(List<T> all, String listKey, Input in, int modelMax) {
        return Paging.page(all, listKey, in.optional("NextToken"), in.optInt("MaxResults"), modelMax, pageSize, this::invalid);
    }

    protected static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Puts a value when it is not null (AWS omits absent members). */
    protected static ObjectNode put(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
        return node;
    }

    protected static ObjectNode put(ObjectNode node, String key, Instant value) {
        if (value != null) {
            node.put(key, Wire.epochSeconds(value));
        }
        return node;
    }

    /** {@code {"<listMember>": [...], "NextToken": ...}}. */
    protected static <T> ObjectNode pageOutput(String listMember, Paging.Page<T> page, Function<T, JsonNode> item) {
        ObjectNode out = object();
        ArrayNode list = out.putArray(listMember);
        page.items().forEach(t -> list.add(item.apply(t)));
        return put(out, "NextToken", page.nextToken());
    }

    /** The request body, with the service's validation error for missing or mistyped members. */
    final class Input {
        private final JsonNode body;

        Input(JsonNode body) {
            this.body = body;
        }

        JsonNode raw() {
            return body;
        }

        String required(String member) {
            String value = optional(member);
            if (value == null || value.isEmpty()) {
                throw invalid("1 validation error detected: Value null at '" + lowerFirst(member) + "' failed to satisfy constraint: Member must not be null");
            }
            return value;
        }

        String optional(String member) {
            JsonNode value = body.get(member);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw invalid("'" + member + "' must be a string");
            }
            return value.asText();
        }

        Integer optInt(String member) {
            JsonNode value = body.get(member);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isIntegralNumber()) {
                throw invalid("'" + member + "' must be an integer");
            }
            return value.asInt();
        }

        /** A nested structure (e.g. Filter); an absent one reads as empty. */
        Input structure(String member) {
            JsonNode value = body.get(member);
            if (value == null || value.isNull()) {
                return new Input(object());
            }
            if (!value.isObject()) {
                throw invalid("'" + member + "' must be a structure");
            }
            return new Input(value);
        }

        List<Input> list(String member) {
            JsonNode value = body.get(member);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw invalid("'" + member + "' must be a list");
            }
            List<Input> out = new ArrayList<>();
            value.forEach(v -> out.add(new Input(v)));
            return out;
        }

        /** A string member that must be one of the model's enum values. */
        String optEnum(String member, List<String> allowed) {
            String value = optional(member);
            if (value != null && !allowed.contains(value)) {
                throw invalid("1 validation error detected: Value '" + value + "' at '" + lowerFirst(member)
                        + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
            }
            return value;
        }

        private static String lowerFirst(String s) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
    }
}
