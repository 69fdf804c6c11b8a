package dev.idaudit.evidence;

import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One run being written. Write its files under {@link #dir()} (or with {@link #resolve}), then
 * {@link #commit}: the manifest is written last and the directory is renamed to its run id.
 * Closing a writer that was not committed deletes everything it wrote, so use it in
 * try-with-resources and an exception midway leaves no run behind.
 */
public final class RunWriter implements AutoCloseable {
    private final RunStore store;
    private final String runId;
    private final Instant startedAt;
    private final Path temp;
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private Path committed;
    private Manifest.Inputs inputs;
    private String configDigest;
    private String waiversDigest;
    private Signing.Signer signer;
    private Manifest.Chain chain;

    RunWriter(RunStore store, String runId, Instant startedAt, Path temp) {
        this.store = store;
        this.runId = runId;
        this.startedAt = startedAt;
        this.temp = temp;
    }

    public String runId() {
        return runId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Where the run's files go until it is committed. */
    public Path dir() {
        checkOpen();
        return temp;
    }

    /** A file of the run by its relative path; a path that escapes the run directory is refused. */
    public Path resolve(String relativePath) {
        checkOpen();
        Path p = temp.resolve(relativePath).normalize();
        if (!p.startsWith(temp) || p.equals(temp) || relativePath.equals(Manifest.FILE_NAME)) {
            throw new IllegalArgumentException("not a file name inside the run: " + relativePath);
        }
        return p;
    }

    public Path write(String relativePath, byte[] content) throws IOException {
        Path p = resolve(relativePath);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    /**
     * Copies the run's inputs into it: the configuration with its secrets removed
     * ({@link Digests#redactedConfigFile}) and the waivers file as it is. Either may be null: the
     * manifest then says the run had none instead of hashing nothing. Returns the config digest
     * that the manifest will carry (the reports show the same).
     */
    public String inputs(Path config, Path waivers) throws IOException {
        checkOpen();
        configDigest = config == null ? Manifest.NO_CONFIG : copy(Manifest.Inputs.CONFIG_FILE, Digests.redactedConfigFile(config));
        waiversDigest = waivers == null ? Manifest.NO_WAIVERS : copy(Manifest.Inputs.WAIVERS_FILE, Files.readAllBytes(waivers));
        inputs = new Manifest.Inputs(config == null ? null : Manifest.Inputs.CONFIG_FILE, waivers == null ? null : Manifest.Inputs.WAIVERS_FILE);
        return configDigest;
    }

    private String copy(String file, byte[] content) throws IOException {
        write(file, content);
        return "sha256:" + Digests.sha256Hex(content);
    }

    /**
     * Signs the manifest at commit (null: unsigned). The public key goes into the run now, so
     * the reports written afterwards list it among the run's files.
     */
    public void signWith(Signing.Signer signer) throws IOException {
        checkOpen();
        this.signer = signer;
        if (signer != null) {
            write(Manifest.PUBLIC_KEY_FILE, Signing.publicKeyPem(signer.publicKey()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } else {
            Files.deleteIfExists(temp.resolve(Manifest.PUBLIC_KEY_FILE));
        }
    }

    /**
     * Links this run to {@code chain} instead of to the previous run of the local store: for a
     * store elsewhere (S3) whose runs are not in the local staging directory.
     */
    public void chainTo(Manifest.Chain chain) {
        checkOpen();
        this.chain = chain;
    }

    /** Records how long a phase took (collect, check, report…); kept in the manifest. */
    public void timing(String phase, Duration duration) {
        timings.put(phase, duration.toMillis());
    }

    /**
     * Hashes every file, writes manifest.json, flushes everything to disk and renames the run
     * into place. Returns the run directory.
     */
    public Path commit(Manifest.Details details) throws IOException {
        checkOpen();
        if (inputs != null && !configDigest.equals(details.configDigest())) {
            throw new IllegalStateException("the config digest " + details.configDigest() + " is not the one of the copied config " + configDigest);
        }
        Manifest.Chain link = chain;
        if (link == null) {
            java.util.Optional<Path> previous = store.previous(runId);
            link = previous.isPresent() ? Manifest.Chain.after(previous.get().getFileName().toString(), Manifest.bytes(previous.get()))
                    : Manifest.Chain.START;
        }
        List<Manifest.FileEntry> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(temp)) {
            for (Path p : walk.sorted().toList()) {
                FileModes.restrict(p);
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                force(p);
                files.add(new Manifest.FileEntry(Digests.relative(temp, p), Files.size(p), Digests.sha256Hex(p)));
            }
        }
        files.sort(java.util.Comparator.comparing(Manifest.FileEntry::path));
        Manifest manifest = new Manifest(Manifest.CURRENT_VERSION, runId, details.toolVersion(), startedAt,
                details.finishedAt(), details.rulePackDigest(), details.configDigest(), details.sources(), timings,
                details.collectionIssues(), files, waiversDigest, inputs, link, null);
        Path manifestFile = temp.resolve(Manifest.FILE_NAME);
        try (OutputStream out = Files.newOutputStream(manifestFile, StandardOpenOption.CREATE_NEW)) {
            Json.json().writeValue(out, Seal.seal(manifest, signer));
        }
        force(manifestFile);
        FileModes.restrict(manifestFile);
        committed = store.publish(temp, runId);
        return committed;
    }

    /** Deletes the temporary directory unless the run was committed. */
    @Override
    public void close() throws IOException {
        if (committed == null) {
            deleteTree(temp);
        }
    }

    private void checkOpen() {
        if (committed != null) {
            throw new IllegalStateException("run " + runId + " is already committed");
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                try {
                    Files.delete(d);
                } catch (NoSuchFileException ignored) {
                    // already gone
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
