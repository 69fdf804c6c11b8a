package dev.idaudit.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.idaudit.util.BadInputException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes snapshots as JSON, gzip-compressed when the file name ends in {@code .gz}.
 * Writing goes to a temporary file renamed into place, so a crash never leaves half a snapshot.
 */
public final class SnapshotIO {
    private SnapshotIO() {}

    // Kept local (not util.Json) because the snapshot package depends on nothing of ours
    // but the exception type, and its format must not change when other formats do.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a key given twice is refused, not "last one wins"
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // a number where the schema says string is refused, not turned into text
            .withCoercionConfig(com.fasterxml.jackson.databind.type.LogicalType.Textual, c -> c
                    .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail))
            .build();

    /**
     * The most a compressed snapshot may expand to, unless the config says otherwise
     * ({@code limits.maxDecompressedMegabytes}): the large scenario's snapshot (20,000 Okta
     * users, 300 accounts) is about 17 MB compressed and well under a tenth of this expanded.
     */
    public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 1024L * 1024 * 1024;

    public static void write(Snapshot snapshot, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".snapshot-", ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                    OutputStream out = isGzip(file) ? new GZIPOutputStream(raw, 1 << 16) : raw) {
                writer(!isGzip(file)).writeValue(out, snapshot);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void write(Snapshot snapshot, OutputStream out) throws IOException {
        writer(true).writeValue(out, snapshot);
    }

    private static ObjectWriter writer(boolean pretty) {
        return pretty ? MAPPER.writerWithDefaultPrettyPrinter() : MAPPER.writer();
    }

    /**
     * Reads a snapshot, gzip or plain JSON (told apart by content, not by name). A record without
     * a {@link Required} component, or a null in a list, is bad input naming its JSON path.
     */
    public static Snapshot read(Path file) {
        return read(file, DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /** The same, refusing a compressed file that expands beyond {@code maxDecompressedBytes} (a gzip bomb). */
    public static Snapshot read(Path file, long maxDecompressedBytes) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such snapshot file");
        }
        try (InputStream in = open(file, maxDecompressedBytes)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read snapshot: " + e.getMessage(), e);
        }
    }

    public static Snapshot read(InputStream in, String name) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(in);
        } catch (EOFException | ZipException e) {
            throw new BadInputException(name + ": the snapshot is truncated or corrupt (" + e.getMessage() + ")", e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(name + ": not a snapshot: " + describe(e), e);
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read snapshot: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new BadInputException(name + ": not a snapshot (expected a JSON object)");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new BadInputException(name + ": not a snapshot (no schemaVersion)");
        }
        if (version.asInt() > Snapshot.CURRENT_SCHEMA_VERSION) {
            throw new BadInputException(name + ": snapshot schemaVersion " + version.asInt()
                    + " is newer than this idaudit reads (" + Snapshot.CURRENT_SCHEMA_VERSION + "); upgrade idaudit");
        }
        if (version.asInt() < 1) {
            throw new BadInputException(name + ": unknown snapshot schemaVersion " + version.asInt());
        }
        if (tree.get("metadata") == null || !tree.get("metadata").isObject()) {
            throw new BadInputException(name + ": /metadata: missing; a snapshot says when and from where it was collected");
        }
        RequiredComponents.check(tree, name);
        UniqueIds.check(tree, name);
        try {
            return Completeness.withVersionOneInheritedGaps(MAPPER.treeToValue(tree, Snapshot.class));
        } catch (JsonProcessingException e) {
            throw new BadInputException(name + ": malformed snapshot: " + describe(e), e);
        }
    }

    private static InputStream open(Path file, long maxDecompressedBytes) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        return gzip ? new Capped(new GZIPInputStream(in, 1 << 16), maxDecompressedBytes, file) : in;
    }

    /** A decompressing stream that stops with bad input once it has given more than its cap. */
    private static final class Capped extends java.io.FilterInputStream {
        private final long cap;
        private final Path file;
        private long given;

        Capped(InputStream in, long cap, Path file) {
            super(in);
            this.cap = cap;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            count(Math.max(n, 0));
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            given += n;
            if (given > cap) {
                throw new BadInputException(file + ": expands to more than " + (cap / (1024 * 1024)) + " MB when decompressed"
                        + " (limits.maxDecompressedMegabytes); refused as a likely gzip bomb");
            }
        }
    }

    /** The JSON path (a pointer, e.g. /okta/users/3/login) of what a parse or mapping error is about, or null. */
    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (var ref : m.getPath()) {
                sb.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
            }
            return sb.toString();
        }
        if (e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p && p.getParsingContext() != null) {
            String pointer = p.getParsingContext().pathAsPointer().toString();
            return pointer.isEmpty() ? null : pointer;
        }
        return null;
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    private static String describe(JsonProcessingException e) {
        String path = path(e);
        if (path != null) {
            return path + ": " + e.getOriginalMessage();
        }
        JsonLocation loc = e.getLocation();
        String where = loc != null && loc.getLineNr() > 0 ? " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")" : "";
        return e.getOriginalMessage() + where;
    }
}
