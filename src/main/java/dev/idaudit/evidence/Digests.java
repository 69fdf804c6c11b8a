package dev.idaudit.evidence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.idaudit.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** SHA-256 digests of files, file trees (the rule pack) and the configuration with its secrets removed. */
public final class Digests {
    private Digests() {}

    /** What replaces a secret in a redacted configuration. */
    public static final String REDACTED = "(redacted)";

    /** Field names that hold a secret even when the value is a plain string. */
    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(token|secret|password|passphrase|privatekey|credential|apikey|sessionkey).*");

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    public static String sha256Hex(Path file) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * One digest for a set of files (e.g. the rule pack): the sorted relative paths with the
     * SHA-256 of each file's content, so adding, removing, renaming or editing a file changes it.
     */
    public static String treeDigest(SortedMap<String, byte[]> files) {
        MessageDigest sha = sha256();
        files.forEach((path, content) -> {
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(sha256Hex(content).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
        });
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    /** {@link #treeDigest(SortedMap)} over every regular file under {@code dir}. */
    public static String treeDigest(Path dir) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(relative(dir, p), Files.readAllBytes(p));
            }
        }
        return treeDigest(files);
    }

    /**
     * The configuration as canonical JSON with every secret replaced by {@link #REDACTED}: values of
     * type {@link Secret} and fields whose name says secret (token, password, private key…).
     * Safe to store beside the evidence.
     */
    public static JsonNode redactedConfig(Object config) {
        JsonNode tree = CANONICAL.valueToTree(config);
        redact(tree);
        return tree;
    }

    /** SHA-256 of {@link #redactedConfig}: rotating a token does not change it, changing a setting does. */
    public static String configDigest(Object config) {
        try {
            return "sha256:" + sha256Hex(CANONICAL.writeValueAsBytes(redactedConfig(config)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The canonical bytes of a JSON tree, which digests and signatures are computed over: UTF-8,
     * no whitespace, the members of every object sorted by name (Java's {@code String} order),
     * arrays in their order, strings and numbers as Jackson writes them. Two trees that are
     * equal give the same bytes, whatever order or spacing the file they came from had.
     */
    public static byte[] canonicalJson(JsonNode node) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (JsonGenerator gen = CANONICAL.getFactory().createGenerator(out)) {
            writeCanonical(node, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeCanonical(JsonNode node, JsonGenerator gen) throws IOException {
        if (node.isObject()) {
            gen.writeStartObject();
            SortedMap<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                gen.writeFieldName(e.getKey());
                writeCanonical(e.getValue(), gen);
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (JsonNode n : node) {
                writeCanonical(n, gen);
            }
            gen.writeEndArray();
        } else {
            gen.writeTree(node);
        }
    }

    /**
     * The copy of idaudit.yaml that a run keeps: the file's content as JSON with its members
     * sorted and every secret-named field replaced by {@link #REDACTED} (the loader already
     * refuses secrets in the file; this keeps a pasted one out of the evidence all the same).
     */
    public static byte[] redactedConfigFile(Path yaml) {
        try {
            JsonNode tree = dev.idaudit.util.Json.yaml().readTree(yaml.toFile());
            if (tree == null || tree.isMissingNode()) {
                tree = CANONICAL.createObjectNode();
            }
            redact(tree);
            return CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsBytes(CANONICAL.readTree(canonicalJson(tree)));
        } catch (IOException e) {
            throw new dev.idaudit.util.BadInputException(yaml + ": cannot read the configuration: " + e.getMessage(), e);
        }
    }

    static String relative(Path dir, Path file) {
        List<String> parts = new ArrayList<>();
        dir.relativize(file).forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode obj) {
            Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
            List<String> secretFields = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                String name = e.getKey().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
                if (SECRET_NAME.matcher(name).matches() && !e.getValue().isNull()) {
                    secretFields.add(e.getKey());
                } else {
                    redact(e.getValue());
                }
            }
            secretFields.forEach(f -> obj.set(f, TextNode.valueOf(REDACTED)));
        } else if (node != null && node.isArray()) {
            node.forEach(Digests::redact);
        }
    }

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addSerializer(Secret.class, new StdSerializer<>(Secret.class) {
                @Override
                public void serialize(Secret value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                    gen.writeString(REDACTED);
                }
            }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();
}
