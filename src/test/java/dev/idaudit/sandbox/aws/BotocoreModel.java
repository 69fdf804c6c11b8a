package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A botocore service model (service-2.json, paginators-1.json from src/test/resources/api-models)
 * and a validator of responses against its shapes: member names, types, enums, required members,
 * lengths, ranges and patterns, nested through structures, lists and maps. JSON responses are
 * checked as the JSON protocols write them (timestamps as epoch seconds); Query responses as
 * XML (lists of {@code member} elements, ISO-8601 timestamps, base64 blobs).
 */
final class BotocoreModel {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, BotocoreModel> CACHE = new ConcurrentHashMap<>();

    /**
     * A paginator: the request token, the response token, the page-size parameter and the paged
     * lists (one for most operations; IAM's GetAccountAuthorizationDetails pages four as one).
     */
    record Paginator(String inputToken, String outputToken, String limitKey, List<String> resultKeys) {
        /** The paged list of an operation that pages one. */
        String resultKey() {
            if (resultKeys.size() != 1) {
                throw new IllegalStateException("this paginator pages " + resultKeys);
            }
            return resultKeys.get(0);
        }
    }

    private final String service;
    private final JsonNode model;
    private final JsonNode paginators;

    private BotocoreModel(String service) {
        this.service = service;
        this.model = read("/api-models/aws/" + service + "/service-2.json");
        this.paginators = read("/api-models/aws/" + service + "/paginators-1.json").path("pagination");
    }

    static BotocoreModel of(String service) {
        return CACHE.computeIfAbsent(service, BotocoreModel::new);
    }

    JsonNode metadata() {
        return model.path("metadata");
    }

    boolean hasOperation(String operation) {
        return model.path("operations").has(operation);
    }

    Optional<Paginator> paginator(String operation) {
        JsonNode p = paginators.get(operation);
        if (p == null || !p.path("input_token").isTextual()) {
            return Optional.empty();
        }
        List<String> resultKeys = new ArrayList<>();
        if (p.path("result_key").isArray()) {
            p.path("result_key").forEach(k -> resultKeys.add(k.asText()));
        } else {
            resultKeys.add(p.path("result_key").asText());
        }
        return Optional.of(new Paginator(p.path("input_token").asText(), p.path("output_token").asText(), p.path("limit_key").asText(),
                List.copyOf(resultKeys)));
    }

    /** The maximum the model allows for the operation's page-size parameter. */
    int limitMax(String operation, String limitKey) {
        JsonNode member = inputShape(operation).path("members").path(limitKey);
        return shape(member.path("shape").asText()).path("max").asInt(Integer.MAX_VALUE);
    }

    private JsonNode inputShape(String operation) {
        return shape(model.path("operations").path(operation).path("input").path("shape").asText());
    }

    /** Violations of the operation's output shape by a JSON protocol response body. */
    List<String> validateJson(String operation, JsonNode body) {
        List<String> problems = new ArrayList<>();
        String output = model.path("operations").path(operation).path("output").path("shape").asText(null);
        if (output == null) {
            problems.add(service + " " + operation + ": not in the model");
            return problems;
        }
        json(output, body, operation, problems);
        return problems;
    }

    /** Violations of an error shape by a JSON error body (its __type names the shape). */
    List<String> validateJsonError(JsonNode body) {
        List<String> problems = new ArrayList<>();
        String type = body.path("__type").asText("");
        String shapeName = type.substring(type.indexOf('#') + 1);
        JsonNode shape = model.path("shapes").get(shapeName);
        if (shape == null || !shape.path("exception").asBoolean()) {
            problems.add(service + ": error type '" + type + "' is not an exception shape of the model");
            return problems;
        }
        com.fasterxml.jackson.databind.node.ObjectNode members = body.deepCopy();
        members.remove("__type");
        json(shapeName, members, "error " + shapeName, problems);
        return problems;
    }

    /** Violations of the operation's output shape by the {@code <OperationResult>} element of a Query response. */
    List<String> validateXml(String operation, Element result) {
        List<String> problems = new ArrayList<>();
        JsonNode output = model.path("operations").path(operation).path("output");
        String wrapper = output.path("resultWrapper").asText(operation + "Result");
        if (!result.getTagName().equals(wrapper)) {
            problems.add(operation + ": result element is <" + result.getTagName() + ">, the model says <" + wrapper + ">");
        }
        xml(output.path("shape").asText(), result, operation, problems);
        return problems;
    }

    /** Error codes the Query protocol uses for the model's exceptions (error.code, else the shape name). */
    boolean isQueryErrorCode(String code) {
        Iterator<Map.Entry<String, JsonNode>> shapes = model.path("shapes").fields();
        while (shapes.hasNext()) {
            Map.Entry<String, JsonNode> e = shapes.next();
            if (e.getValue().path("exception").asBoolean()
                    && code.equals(e.getValue().path("error").path("code").asText(e.getKey()))) {
                return true;
            }
        }
        return false;
    }

    // ---- JSON ----

    private void json(String shapeName, JsonNode value, String path, List<String> problems) {
        JsonNode shape = shape(shapeName);
        String type = shape.path("type").asText();
        switch (type) {
            case "structure" -> {
                if (!value.isObject()) {
                    problems.add(path + ": expected an object (" + shapeName + "), got " + value.getNodeType());
                    return;
                }
                JsonNode members = shape.path("members");
                value.fieldNames().forEachRemaining(name -> {
                    if (!members.has(name)) {
                        problems.add(path + "." + name + ": not a member of " + shapeName);
                    }
                });
                members.fieldNames().forEachRemaining(name -> {
                    JsonNode v = value.get(name);
                    if (v != null && !v.isNull()) {
                        json(members.path(name).path("shape").asText(), v, path + "." + name, problems);
                    }
                });
                shape.path("required").forEach(r -> {
                    if (!value.hasNonNull(r.asText())) {
                        problems.add(path + ": required member " + r.asText() + " of " + shapeName + " is missing");
                    }
                });
            }
            case "list" -> {
                if (!value.isArray()) {
                    problems.add(path + ": expected a list (" + shapeName + "), got " + value.getNodeType());
                    return;
                }
                length(shape, value.size(), path, problems);
                for (int i = 0; i < value.size(); i++) {
                    json(shape.path("member").path("shape").asText(), value.get(i), path + "[" + i + "]", problems);
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    problems.add(path + ": expected a map (" + shapeName + ")");
                    return;
                }
                value.fields().forEachRemaining(e -> json(shape.path("value").path("shape").asText(), e.getValue(),
                        path + "." + e.getKey(), problems));
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(path + ": expected a string (" + shapeName + "), got " + value.getNodeType());
                    return;
                }
                string(shape, shapeName, value.asText(), path, problems);
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": expected a boolean (" + shapeName + "), got " + value.getNodeType());
                }
            }
            case "integer", "long" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(path + ": expected an integer (" + shapeName + "), got " + value.getNodeType());
                    return;
                }
                range(shape, value.asLong(), path, problems);
            }
            case "timestamp" -> {
                if (!value.isNumber()) {
                    problems.add(path + ": expected a timestamp in epoch seconds (" + shapeName + "), got " + value);
                }
            }
            case "blob" -> {
                if (!value.isTextual()) {
                    problems.add(path + ": expected base64 text (" + shapeName + ")");
                }
            }
            default -> problems.add(path + ": shape type " + type + " of " + shapeName + " is not checked by this validator");
        }
    }

    // ---- XML (Query) ----

    private void xml(String shapeName, Element element, String path, List<String> problems) {
        JsonNode shape = shape(shapeName);
        String type = shape.path("type").asText();
        switch (type) {
            case "structure" -> {
                JsonNode members = shape.path("members");
                List<String> seen = new ArrayList<>();
                for (Element child : children(element)) {
                    String name = child.getTagName();
                    if (!members.has(name)) {
                        problems.add(path + "." + name + ": not a member of " + shapeName);
                        continue;
                    }
                    if (seen.contains(name)) {
                        problems.add(path + "." + name + ": appears twice");
                    }
                    seen.add(name);
                    xml(members.path(name).path("shape").asText(), child, path + "." + name, problems);
                }
                shape.path("required").forEach(r -> {
                    if (!seen.contains(r.asText())) {
                        problems.add(path + ": required member " + r.asText() + " of " + shapeName + " is missing");
                    }
                });
            }
            case "list" -> {
                List<Element> items = children(element);
                length(shape, items.size(), path, problems);
                for (int i = 0; i < items.size(); i++) {
                    if (!items.get(i).getTagName().equals("member")) {
                        problems.add(path + "[" + i + "]: list items are <member>, got <" + items.get(i).getTagName() + ">");
                    }
                    xml(shape.path("member").path("shape").asText(), items.get(i), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                leaf(element, path, problems);
                string(shape, shapeName, element.getTextContent(), path, problems);
            }
            case "boolean" -> {
                leaf(element, path, problems);
                String text = element.getTextContent();
                if (!text.equals("true") && !text.equals("false")) {
                    problems.add(path + ": expected true or false, got '" + text + "'");
                }
            }
            case "integer", "long" -> {
                leaf(element, path, problems);
                try {
                    range(shape, Long.parseLong(element.getTextContent()), path, problems);
                } catch (NumberFormatException e) {
                    problems.add(path + ": expected an integer, got '" + element.getTextContent() + "'");
                }
            }
            case "timestamp" -> {
                leaf(element, path, problems);
                try {
                    Instant.parse(element.getTextContent());
                } catch (DateTimeParseException e) {
                    problems.add(path + ": expected an ISO-8601 timestamp, got '" + element.getTextContent() + "'");
                }
            }
            case "blob" -> {
                leaf(element, path, problems);
                try {
                    Base64.getDecoder().decode(element.getTextContent());
                } catch (IllegalArgumentException e) {
                    problems.add(path + ": expected base64, got '" + element.getTextContent() + "'");
                }
            }
            default -> problems.add(path + ": shape type " + type + " of " + shapeName + " is not checked by this validator");
        }
    }

    private static void leaf(Element element, String path, List<String> problems) {
        if (!children(element).isEmpty()) {
            problems.add(path + ": expected a simple value, got nested elements");
        }
    }

    static List<Element> children(Element element) {
        List<Element> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    // ---- shared checks ----

    private static void string(JsonNode shape, String shapeName, String text, String path, List<String> problems) {
        JsonNode values = shape.get("enum");
        if (values != null) {
            boolean known = false;
            for (JsonNode v : values) {
                known |= v.asText().equals(text);
            }
            if (!known) {
                problems.add(path + ": '" + text + "' is not a value of enum " + shapeName + " " + values);
            }
        }
        length(shape, text.length(), path, problems);
        String pattern = shape.path("pattern").asText(null);
        if (pattern != null && !matches(pattern, text)) {
            problems.add(path + ": '" + abbreviate(text) + "' does not match the pattern of " + shapeName + ": " + pattern);
        }
    }

    private static boolean matches(String pattern, String text) {
        try {
            // botocore patterns are searched, not anchored, unless they say ^...$ themselves.
            return Pattern.compile(pattern, Pattern.DOTALL).matcher(text).find();
        } catch (PatternSyntaxException e) {
            return true;
        }
    }

    private static void length(JsonNode shape, int length, String path, List<String> problems) {
        if (shape.has("min") && length < shape.path("min").asLong()) {
            problems.add(path + ": length " + length + " is below the minimum " + shape.path("min").asLong());
        }
        if (shape.has("max") && length > shape.path("max").asLong()) {
            problems.add(path + ": length " + length + " is above the maximum " + shape.path("max").asLong());
        }
    }

    private static void range(JsonNode shape, long value, String path, List<String> problems) {
        if (shape.has("min") && value < shape.path("min").asLong()) {
            problems.add(path + ": " + value + " is below the minimum " + shape.path("min").asLong());
        }
        if (shape.has("max") && value > shape.path("max").asLong()) {
            problems.add(path + ": " + value + " is above the maximum " + shape.path("max").asLong());
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    /** An operation of the model (its http binding, input and output shapes). */
    JsonNode operation(String name) {
        return model.path("operations").path(name);
    }

    JsonNode shape(String name) {
        JsonNode shape = model.path("shapes").get(name);
        if (shape == null) {
            throw new IllegalStateException(service + ": no shape " + name);
        }
        return shape;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = BotocoreModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
