package dev.idaudit.sandbox.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** The real AWS SDK v2 clients, pointed at an emulator with fixed credentials. */
final class SdkClients implements AutoCloseable {
    /** The scenario caller's own long-term key (any key that is not a temporary ASIA... key). */
    static final AwsCredentials CALLER = AwsBasicCredentials.create("AKIAIDAUDITTEST00001", "caller-secret-not-checked");

    final OrganizationsClient organizations;
    final SsoAdminClient ssoAdmin;
    final IdentitystoreClient identityStore;
    final IamClient iam;
    final StsClient sts;
    final CloudTrailClient cloudTrail;

    SdkClients(AwsEmulator emulator, AwsCredentials credentials) {
        organizations = configure(OrganizationsClient.builder(), emulator, credentials).build();
        ssoAdmin = configure(SsoAdminClient.builder(), emulator, credentials).build();
        identityStore = configure(IdentitystoreClient.builder(), emulator, credentials).build();
        iam = configure(IamClient.builder(), emulator, credentials).build();
        sts = configure(StsClient.builder(), emulator, credentials).build();
        cloudTrail = configure(CloudTrailClient.builder(), emulator, credentials).build();
    }

    SdkClients(AwsEmulator emulator) {
        this(emulator, CALLER);
    }

    /** A CloudTrail client signed for another Region than the scenario's (CloudTrail answers per Region). */
    static CloudTrailClient cloudTrailIn(AwsEmulator emulator, AwsCredentials credentials, String region) {
        return CloudTrailClient.builder().endpointOverride(emulator.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    /** Clients signed with temporary credentials from AssumeRole. */
    static SdkClients assumed(AwsEmulator emulator, Credentials c) {
        return new SdkClients(emulator, AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsEmulator emulator, AwsCredentials credentials) {
        return builder.endpointOverride(emulator.endpoint()).region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials));
    }

    @Override
    public void close() {
        organizations.close();
        ssoAdmin.close();
        identityStore.close();
        iam.close();
        sts.close();
        cloudTrail.close();
    }
}
