package dev.idaudit.drift;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A JSON or YAML document read into a tree that remembers the line of every object and array,
 * so that an error in a desired-state or Terraform state file can name the file and the line,
 * not just what is wrong.
 */
final class LocatedTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    final String file;
    final JsonNode root;
    private final Map<JsonNode, Integer> lines;

    private LocatedTree(String file, JsonNode root, Map<JsonNode, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    static LocatedTree read(Path path, JsonFactory factory) {
        if (!Files.isRegularFile(path)) {
            throw new BadInputException(path + ": no such file");
        }
        try (InputStream in = Files.newInputStream(path); JsonParser parser = factory.createParser(in)) {
            Map<JsonNode, Integer> lines = new IdentityHashMap<>();
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new BadInputException(path + ": the file is empty");
            }
            JsonNode root = node(parser, lines, path);
            if (parser.nextToken() != null) {
                throw new BadInputException(path + ":" + parser.currentTokenLocation().getLineNr()
                        + ": unexpected content after the end of the document");
            }
            return new LocatedTree(path.toString(), root, lines);
        } catch (JsonProcessingException e) {
            if (notUtf8(e)) {
                throw new BadInputException(path + ": not UTF-8 text; save the file as UTF-8", e);
            }
            JsonLocation loc = e.getLocation();
            String line = loc != null && loc.getLineNr() > 0 ? ":" + loc.getLineNr() : "";
            throw new BadInputException(path + line + ": not valid " + factory.getFormatName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Jackson's UTF-8 decoder reports a bad byte as a CharConversionException somewhere down the causes. */
    private static boolean notUtf8(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.CharConversionException || t instanceof java.nio.charset.CharacterCodingException
                    || String.valueOf(t.getMessage()).contains("CharConversionException")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode node(JsonParser p, Map<JsonNode, Integer> lines, Path path) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                lines.put(o, line);
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, node(p, lines, path));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                lines.put(a, line);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(node(p, lines, path));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            // e.g. a YAML !!binary value, which the parser hands over as an embedded object
            default -> throw new BadInputException(path + ":" + line + ": a value of a kind idaudit does not read (" + t
                    + "); write it as text, a number, true/false, a list or a mapping");
        }
    }

    /** The line where an object or array starts; 0 when unknown (scalars). */
    int line(JsonNode node) {
        return lines.getOrDefault(node, 0);
    }

    /** {@code file:line} for an object or array. */
    String where(JsonNode node) {
        int line = line(node);
        return line > 0 ? file + ":" + line : file;
    }

    BadInputException error(JsonNode near, String what) {
        return new BadInputException(where(near) + ": " + what);
    }

    /** A required text field of an object (numbers are accepted as their text, e.g. account ids in YAML). */
    String requiredText(JsonNode object, String field, String what) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull() || v.isContainerNode() || v.asText().isEmpty()) {
            throw error(object, what + " has no '" + field + "'");
        }
        return v.asText();
    }

    /** An optional text field: null when absent, null or empty. */
    static String optionalText(JsonNode object, String field) {
        JsonNode v = object.get(field);
        return v == null || v.isNull() || v.isContainerNode() || v.asText().isEmpty() ? null : v.asText();
    }

    /** An array field that must be an array when present; an empty array when absent. */
    ArrayNode array(JsonNode object, String field, String what) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return NODES.arrayNode();
        }
        if (!v.isArray()) {
            throw error(object, what + ": '" + field + "' must be a list");
        }
        return (ArrayNode) v;
    }
}
