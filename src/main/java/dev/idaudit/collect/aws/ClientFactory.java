package dev.idaudit.collect.aws;

import dev.idaudit.collect.Progress;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds the SDK clients of one collection: one region, one optional endpoint for every service,
 * one shared HTTP connection pool with the JDK's certificate checks (never a trust-all manager),
 * a {@link PlainHttpGuard}, and a {@link CallCounter} per source ("aws", "aws:&lt;account&gt;").
 */
final class ClientFactory implements AutoCloseable {
    private final SdkHttpClient http;
    private final Region region;
    private final URI endpoint;
    private final Progress progress;

    /**
     * @throws dev.idaudit.util.BadInputException when the endpoint, or one the environment sets,
     *         is plain http to a host that is not loopback
     */
    ClientFactory(Region region, URI endpoint, Progress progress) {
        this(region, endpoint, progress, System.getenv(), System.getProperties());
    }

    ClientFactory(Region region, URI endpoint, Progress progress, Map<String, String> env, Properties systemProperties) {
        PlainHttpGuard.checkSettings(endpoint, env, systemProperties);
        this.http = ApacheHttpClient.builder().build();
        this.region = region;
        this.endpoint = endpoint;
        this.progress = progress;
    }

    <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(
            B builder, AwsCredentialsProvider credentials, String source) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new PlainHttpGuard())
                        .addExecutionInterceptor(new CallCounter(progress, source)));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    @Override
    public void close() {
        http.close();
    }
}
