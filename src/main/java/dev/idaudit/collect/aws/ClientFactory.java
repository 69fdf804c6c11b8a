package dev.idaudit.collect.aws;

import dev.idaudit.collect.Progress;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds the SDK clients of one collection: one region, one optional endpoint for every service,
 * one shared HTTP connection pool, and a {@link CallCounter} per source ("aws", "aws:&lt;account&gt;").
 */
final class ClientFactory implements AutoCloseable {
    private final SdkHttpClient http = ApacheHttpClient.builder().build();
    private final Region region;
    private final URI endpoint;
    private final Progress progress;

    ClientFactory(Region region, URI endpoint, Progress progress) {
        this.region = region;
        this.endpoint = endpoint;
        this.progress = progress;
    }

    <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(
            B builder, AwsCredentialsProvider credentials, String source) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new CallCounter(progress, source)));
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
