package dev.idaudit.evidence;

import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of runs: {@code STORE/<UTC timestamp>/}. A run is written into a hidden
 * {@code .incomplete-*} directory and renamed into place only when its manifest is written, so
 * a crash or a kill never leaves a half run where a reader would take it for a whole one.
 */
public final class RunStore {

    /** Run ids are UTC start times, colon-free so they are valid file names everywhere. */
    static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);
    static final Pattern RUN_ID_PATTERN = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z)(?:-(\\d+))?");
    static final String INCOMPLETE_PREFIX = ".incomplete-";
    /** A temporary run directory older than this belongs to a process that died: it is removed. */
    static final Duration ABANDONED_AFTER = Duration.ofDays(1);

    /** Newest last; a same-second suffix (-2, -3) sorts numerically. */
    static final Comparator<Path> RUN_ORDER = Comparator
            .comparing((Path p) -> idMatcher(p).group(1))
            .thenComparingInt(p -> idMatcher(p).group(2) == null ? 1 : Integer.parseInt(idMatcher(p).group(2)));

    private final Path root;

    private RunStore(Path root) {
        this.root = root;
    }

    public static RunStore at(Path root) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new BadInputException(root + ": the evidence store is not a directory");
        }
        return new RunStore(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    /**
     * Starts a run. Its id is {@code startedAt} in UTC to the second, with -2, -3… when that
     * second is taken. Close the writer without committing and nothing is left.
     */
    public RunWriter begin(Instant startedAt) throws IOException {
        Files.createDirectories(root);
        removeAbandoned();
        String base = RUN_ID.format(startedAt.truncatedTo(ChronoUnit.SECONDS));
        String runId = base;
        for (int n = 2; Files.exists(root.resolve(runId)); n++) {
            runId = base + "-" + n;
        }
        // Owner-only from the start: what is written into it names people (see FileModes).
        Path temp = Files.createDirectory(root.resolve(INCOMPLETE_PREFIX + runId + "-" + UUID.randomUUID()), FileModes.privateDirectory());
        return new RunWriter(this, runId, startedAt, temp);
    }

    /** Complete runs (renamed into place, with a manifest), oldest first. */
    public List<Path> runs() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children
                    .filter(Files::isDirectory)
                    .filter(p -> RUN_ID_PATTERN.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(Manifest.FILE_NAME)))
                    .sorted(RUN_ORDER)
                    .toList();
        }
    }

    /** The newest complete run, if any. */
    public Optional<Path> latest() throws IOException {
        List<Path> runs = runs();
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    /** The newest complete run older than {@code runId} (the run to compare a new run with). */
    public Optional<Path> previous(String runId) throws IOException {
        Path self = root.resolve(runId);
        if (!RUN_ID_PATTERN.matcher(runId).matches()) {
            throw new IllegalArgumentException("not a run id: " + runId);
        }
        return runs().stream().filter(p -> RUN_ORDER.compare(p, self) < 0).reduce((a, b) -> b);
    }

    /** The file whose OS lock serialises runs in one store; the OS frees it when a process dies. */
    static final String LOCK_FILE = ".idaudit.lock";

    /**
     * Takes the store's lock, so two overlapping runs (a slow weekly job and a manual one) cannot
     * interleave. Fails at once, naming the holder, when another process has it.
     */
    public StoreLock lock(String holder) throws IOException {
        Files.createDirectories(root);
        Path file = root.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String other = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            channel.close();
            throw new IllegalStateException("another idaudit run holds the lock on " + root
                    + (other.isEmpty() ? "" : " (" + other + ")") + "; wait for it to finish");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        return new StoreLock(channel, lock);
    }

    /** The store's lock; close it to release. */
    public static final class StoreLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private StoreLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                channel.truncate(0);
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /**
     * Runs that were started and never completed (the process died), newest last, by run id.
     * Only meaningful while holding {@link #lock}: then no live run is writing.
     */
    public List<String> incompleteRuns() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(INCOMPLETE_PREFIX))
                    .map(n -> n.substring(INCOMPLETE_PREFIX.length()))
                    .map(n -> n.length() > 37 ? n.substring(0, n.length() - 37) : n) // drop "-<uuid>"
                    .sorted()
                    .toList();
        }
    }

    /** Moves a finished temporary directory to its run id. */
    Path publish(Path temp, String runId) throws IOException {
        Path target = root.resolve(runId);
        try {
            Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            throw new IOException("run " + runId + " already exists in " + root + " (another run started the same second)", e);
        }
        return target;
    }

    private void removeAbandoned() throws IOException {
        Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
        try (Stream<Path> children = Files.list(root)) {
            for (Path p : children.filter(p -> p.getFileName().toString().startsWith(INCOMPLETE_PREFIX)).toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    RunWriter.deleteTree(p);
                }
            }
        }
    }

    private static Matcher idMatcher(Path p) {
        Matcher m = RUN_ID_PATTERN.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a run directory: " + p);
        }
        return m;
    }
}
