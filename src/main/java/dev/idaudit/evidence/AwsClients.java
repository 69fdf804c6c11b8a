package dev.idaudit.evidence;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/** The evidence store's and the KMS signer's clients: the config's region, profile and endpoint over the SDK's defaults. */
final class AwsClients {
    private AwsClients() {}

    /** {@code builder} with what is set of region, profile (else the default credential chain) and endpoint (e.g. moto). */
    static <B extends AwsClientBuilder<B, ?>> B configured(B builder, String region, String profile, URI endpoint) {
        if (region != null) {
            builder.region(Region.of(region));
        }
        if (profile != null) {
            builder.credentialsProvider(ProfileCredentialsProvider.create(profile));
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
