package dev.idaudit.collect.aws;

import dev.idaudit.collect.Pacer;
import dev.idaudit.collect.Progress;
import dev.idaudit.collect.RetryAfterWait;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.xml.stream.XMLStreamException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Builds the SDK clients of one collection: one region, one optional endpoint for every service,
 * one shared HTTP connection pool with the JDK's certificate checks (never a trust-all manager),
 * a {@link PlainHttpGuard}, a {@link CallCounter} per source ("aws", "aws:&lt;account&gt;"),
 * the {@link Pacer} that keeps each rate-limit bucket under its rate and follows a server's
 * Retry-After, and one retry strategy.
 *
 * <p>Buckets, as AWS throttles: Identity Center's two APIs (sso-admin, identitystore) share one
 * per account whose instance they read; Organizations, STS and CloudTrail have one each; IAM has
 * one per account.
 */
final class ClientFactory implements AutoCloseable {
    /** Attempts per call: the first and up to seven retries. */
    static final int MAX_ATTEMPTS = 8;

    private final SdkHttpClient http;
    private final Region region;
    private final URI endpoint;
    private final Progress progress;
    private final Pacer pacer;
    private final Duration attemptTimeout;
    private Duration retryAfterCap = RetryAfterWait.CAP;

    /**
     * @throws dev.idaudit.util.BadInputException when the endpoint, or one the environment sets,
     *         is plain http to a host that is not loopback
     */
    ClientFactory(Region region, URI endpoint, Progress progress) {
        this(region, endpoint, progress, AwsCollector.documentedPacer(1), Duration.ofSeconds(30));
    }

    ClientFactory(Region region, URI endpoint, Progress progress, Map<String, String> env, Properties systemProperties) {
        this(region, endpoint, progress, AwsCollector.documentedPacer(1), Duration.ofSeconds(30), env, systemProperties);
    }

    ClientFactory(Region region, URI endpoint, Progress progress, Pacer pacer, Duration attemptTimeout) {
        this(region, endpoint, progress, pacer, attemptTimeout, System.getenv(), System.getProperties());
    }

    ClientFactory(Region region, URI endpoint, Progress progress, Pacer pacer, Duration attemptTimeout,
            Map<String, String> env, Properties systemProperties) {
        PlainHttpGuard.checkSettings(endpoint, env, systemProperties);
        this.http = ApacheHttpClient.builder().maxConnections(64).build();
        this.region = region;
        this.endpoint = endpoint;
        this.progress = progress;
        this.pacer = pacer;
        this.attemptTimeout = attemptTimeout;
    }

    /** The longest a Retry-After holds a bucket; {@link RetryAfterWait#CAP} unless a test shortens it. */
    ClientFactory retryAfterCap(Duration cap) {
        this.retryAfterCap = cap;
        return this;
    }

    <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(
            B builder, AwsCredentialsProvider credentials, String source) {
        return build(builder, credentials, source, region);
    }

    /** A client for another Region than the collection's (a regional service asked about something homed there). */
    <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(
            B builder, AwsCredentialsProvider credentials, String source, Region clientRegion) {
        String bucket = bucket(builder.getClass().getPackageName(), source);
        builder.region(clientRegion)
                // A client closes the credentials provider it holds when it is closed (SDK 2.40): shared providers (the
                // caller's, an SSO profile's whose portal client must keep renewing credentials) are closed by their owner.
                .credentialsProvider(unclosable(credentials))
                .httpClient(http)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new PlainHttpGuard())
                        .addExecutionInterceptor(new CallCounter(progress, source))
                        .addExecutionInterceptor(new Paced(pacer, bucket, retryAfterCap))
                        .retryStrategy(retryStrategy())
                        .apiCallAttemptTimeout(attemptTimeout));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** The same credentials behind a view that is not {@link AutoCloseable}, so that no client can close them. */
    private static AwsCredentialsProvider unclosable(AwsCredentialsProvider credentials) {
        return credentials instanceof AutoCloseable ? credentials::resolveCredentials : credentials;
    }

    /**
     * The SDK's standard strategy (it knows each service's throttling codes: ThrottlingException,
     * TooManyRequestsException, Throttling), with more attempts, exponential backoff with full
     * jitter capped at 5 s (20 s when throttled), no circuit breaker (a large collection would
     * trip it and then stop retrying at all), and retries of dropped connections, unreadable
     * answers (JSON parse errors are IOExceptions; Query's XML ones end in an
     * XMLStreamException) and attempts that timed out.
     */
    private static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .circuitBreakerEnabled(false)
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                .retryOnExceptionOrCauseInstanceOf(IOException.class)
                .retryOnRootCauseInstanceOf(XMLStreamException.class)
                .retryOnExceptionInstanceOf(ApiCallAttemptTimeoutException.class)
                .build();
    }

    /** The rate-limit bucket of a client: from its SDK package and the account it reads. */
    static String bucket(String sdkPackage, String source) {
        String service = sdkPackage.substring(sdkPackage.lastIndexOf('.') + 1);
        String account = source.contains(":") ? source.substring(source.indexOf(':') + 1) : "caller";
        return switch (service) {
            // an instance is throttled on its own: the organization's, and any account instance
            case "ssoadmin", "identitystore" -> "identity-center:" + account;
            case "iam" -> "iam:" + account;
            default -> service;
        };
    }

    /**
     * A client's rate-limit bucket: each attempt (retries included) waits for the bucket's slot;
     * an answer that carries Retry-After (RFC 9110: seconds or an HTTP-date) holds the bucket
     * until then, at most {@code retryAfterCap} ({@link RetryAfterWait#CAP}).
     *
     * <p>{@code modifyHttpResponse} sees every attempt's answer: in the SDK's sync pipeline it runs
     * in the per-attempt stages, inside the retry loop, and the answer it returns is the one the
     * retry stage reads. That stage already sleeps for a Retry-After of whole seconds before the
     * retry (the later of it and the backoff), but uncapped and blind to HTTP-dates: so the header
     * is handed on as the capped wait in whole seconds. The call's own retry then waits in the
     * SDK's sleep, outside the attempt timeout; calls that start while the bucket is held wait
     * before their first attempt ({@code beforeExecution}, also outside it). An attempt of a call
     * that had already started when the hold began waits for it in {@code beforeTransmission},
     * inside its attempt timeout: a hold longer than that timeout (30 s) times the attempt out,
     * and the SDK retries it like any timed-out attempt.
     */
    record Paced(Pacer pacer, String bucket, Duration retryAfterCap) implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
            pacer.awaitHold(bucket);
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
            pacer.acquire(bucket);
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes executionAttributes) {
            SdkHttpResponse answer = context.httpResponse();
            if (answer.isSuccessful() || !(answer instanceof SdkHttpFullResponse full)) {
                return answer;
            }
            Optional<Duration> wait = answer.firstMatchingHeader("Retry-After").flatMap(v -> RetryAfterWait.of(v, Instant.now(), retryAfterCap));
            if (wait.isEmpty()) {
                return answer;
            }
            pacer.holdFor(bucket, wait.get());
            long seconds = (wait.get().toMillis() + 999) / 1000;
            return full.toBuilder().putHeader("Retry-After", String.valueOf(seconds)).build();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
