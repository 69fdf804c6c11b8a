package dev.idaudit.evidence;

import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An evidence store in S3: {@code s3://bucket/prefix/<run id>/...}. A run is written locally
 * first ({@link RunStore}) and uploaded once complete, its manifest last: a run without
 * manifest.json in S3 is not a run (a crash mid-upload leaves nothing a reader takes for one).
 * With {@code retainDays}, every object is written under S3 Object Lock in COMPLIANCE mode
 * until then, so not even the account root can alter or delete the evidence before it expires.
 */
public final class S3RunStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Integer retainDays;
    private final Clock clock;

    /** A parsed {@code s3://bucket/prefix} location; the prefix is empty or ends in "/". */
    public record Location(String bucket, String prefix) {
        public static Location parse(String uri) {
            if (!isS3(uri)) {
                throw new BadInputException(uri + ": not an s3://bucket/prefix location");
            }
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new BadInputException(uri + ": '" + bucket + "' is not a valid S3 bucket name");
            }
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix += "/";
            }
            return new Location(bucket, prefix);
        }

        public URI uri() {
            return URI.create("s3://" + bucket + "/" + prefix);
        }
    }

    public static boolean isS3(String location) {
        return location != null && location.startsWith("s3://");
    }

    /**
     * A store on S3 with a client from the SDK's default credential chain (or the named profile),
     * for the CLI, which must not import the SDK itself. {@code endpoint} (e.g. moto) uses
     * path-style addressing; null means AWS.
     */
    public static S3RunStore open(String uri, String region, String profile, URI endpoint, Integer retainDays) {
        var builder = AwsClients.configured(S3Client.builder(), region, profile, endpoint);
        if (endpoint != null) {
            builder.forcePathStyle(true);
        }
        return new S3RunStore(builder.build(), Location.parse(uri), retainDays);
    }

    /**
     * @param retainDays Object Lock retention in days, or null for none; the bucket must have
     *     Object Lock enabled when it is set
     */
    public S3RunStore(S3Client s3, Location location, Integer retainDays) {
        this(s3, location, retainDays, Clock.systemUTC());
    }

    S3RunStore(S3Client s3, Location location, Integer retainDays, Clock clock) {
        if (retainDays != null && retainDays < 1) {
            throw new BadInputException("--retain-days must be at least 1, not " + retainDays);
        }
        this.s3 = s3;
        this.bucket = location.bucket();
        this.prefix = location.prefix();
        this.retainDays = retainDays;
        this.clock = clock;
    }

    /** Uploads a complete local run (one with a manifest), manifest last. Returns its S3 location. */
    public URI upload(Path runDir) throws IOException {
        Manifest manifest = Manifest.read(runDir);
        if (retainDays != null) {
            requireObjectLock();
        }
        String runPrefix = prefix + manifest.runId() + "/";
        Instant retainUntil = retainDays == null ? null : clock.instant().plus(Duration.ofDays(retainDays));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(runDir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(Manifest.FILE_NAME)
                    || !p.getParent().equals(runDir)).sorted().toList();
        }
        for (Path f : files) {
            put(runPrefix + Digests.relative(runDir, f), f, retainUntil);
        }
        put(runPrefix + Manifest.FILE_NAME, runDir.resolve(Manifest.FILE_NAME), retainUntil);
        return URI.create("s3://" + bucket + "/" + runPrefix);
    }

    /** Run ids of complete runs (with manifest.json), oldest first. */
    public List<String> runIds() {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .delimiter("/").continuationToken(token).build());
            for (CommonPrefix p : page.commonPrefixes()) {
                String id = p.prefix().substring(prefix.length(), p.prefix().length() - 1);
                if (RunStore.RUN_ID_PATTERN.matcher(id).matches() && exists(p.prefix() + Manifest.FILE_NAME)) {
                    ids.add(id);
                }
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        ids.sort((a, b) -> RunStore.RUN_ORDER.compare(Path.of(a), Path.of(b)));
        return List.copyOf(ids);
    }

    public Optional<String> latest() {
        List<String> ids = runIds();
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
    }

    /** The newest complete run older than {@code runId}. */
    public Optional<String> previous(String runId) {
        return runIds().stream().filter(id -> RunStore.RUN_ORDER.compare(Path.of(id), Path.of(runId)) < 0).reduce((a, b) -> b);
    }

    /**
     * The link a new run {@code runId} makes to the newest run before it in this store: that
     * run's manifest.json exactly as stored in S3, or the start of the chain when there is none.
     */
    public Manifest.Chain chain(String runId) {
        Optional<String> previous = previous(runId);
        if (previous.isEmpty()) {
            return Manifest.Chain.START;
        }
        byte[] manifest = s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + previous.get() + "/" + Manifest.FILE_NAME)).asByteArray();
        return Manifest.Chain.after(previous.get(), manifest);
    }

    /** Downloads every complete run into {@code into/<run id>/}, oldest first (to verify the store's chain). */
    public List<Path> downloadAll(Path into) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String id : runIds()) {
            dirs.add(download(id, into));
        }
        return dirs;
    }

    /** Downloads a run into {@code into/<run id>/} (e.g. to verify it or compare with it) and returns that directory. */
    public Path download(String runId, Path into) throws IOException {
        String runPrefix = prefix + runId + "/";
        Path dir = into.resolve(runId);
        String token = null;
        int n = 0;
        do {
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(runPrefix)
                    .continuationToken(token).build());
            for (S3Object o : page.contents()) {
                Path target = dir.resolve(o.key().substring(runPrefix.length())).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("refusing S3 key outside the run: " + o.key());
                }
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                s3.getObject(GetObjectRequest.builder().bucket(bucket).key(o.key()).build(), target);
                n++;
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        if (n == 0) {
            throw new BadInputException("s3://" + bucket + "/" + runPrefix + ": no such run");
        }
        return dir;
    }

    private void put(String key, Path file, Instant retainUntil) {
        PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key);
        if (retainUntil != null) {
            req.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(retainUntil);
        }
        s3.putObject(req.build(), RequestBody.fromFile(file));
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void requireObjectLock() {
        try {
            var config = s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
            if (config != null && config.objectLockEnabled() == ObjectLockEnabled.ENABLED) {
                return;
            }
        } catch (S3Exception e) {
            if (e.statusCode() != 404 && !"ObjectLockConfigurationNotFoundError".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
        throw new BadInputException("s3://" + bucket + ": the bucket does not have S3 Object Lock enabled, which --retain-days needs "
                + "(Object Lock can only be turned on for a bucket when it is created or through AWS support)");
    }
}
