package dev.idaudit.drift;

import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.collect.aws.AwsCollector;
import dev.idaudit.collect.okta.OktaCollector;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.Metadata;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Snapshot;
import java.time.Instant;

/**
 * A snapshot of a sandbox scenario, collected the real way: both emulators on loopback, read by
 * the Okta and AWS collectors through their SDKs.
 */
final class SandboxSnapshots {
    private SandboxSnapshots() {}

    static Snapshot collect(String scenarioName) {
        Scenario scenario = Scenario.load(scenarioName);
        Issues issues = new Issues();
        Instant started = Instant.now();
        try (OktaEmulator oktaEmulator = OktaEmulator.start(scenario); AwsEmulator awsEmulator = AwsEmulator.start(scenario)) {
            OktaSnapshot okta = new OktaCollector(
                    new OktaConfig(oktaEmulator.baseUrl(), Secret.of(OktaEmulator.API_TOKEN), null, null, null, null, null),
                    Progress.SILENT, issues).collect();
            AwsCollector awsCollector = AwsCollector.withStaticKeys(
                    new AwsConfig(null, awsEmulator.region(), awsEmulator.endpoint(), null, null, null, null),
                    "AKIASANDBOXAUDITOR01", Secret.of("sandbox-secret-not-a-secret"), Progress.SILENT, issues);
            AwsSnapshot aws = awsCollector.collect();
            Metadata metadata = new Metadata("test", started, Instant.now(), "sandbox:" + scenarioName,
                    oktaEmulator.baseUrl().toString(), awsCollector.callerArn(), awsCollector.managementAccountId(), awsCollector.region());
            return new Snapshot(Snapshot.CURRENT_SCHEMA_VERSION, metadata, okta, aws, issues.list());
        }
    }
}
