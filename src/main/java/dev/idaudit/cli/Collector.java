package dev.idaudit.cli;

import dev.idaudit.collect.Collection;
import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.collect.aws.AwsCollector;
import dev.idaudit.collect.okta.OktaCollector;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.IdAuditConfig;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.util.BadInputException;
import java.nio.file.Path;
import java.time.Clock;

/** Where a collection reads from: a config file (a real org) or a built-in sandbox scenario. */
final class Collector {
    private Collector() {}

    /** Collects from the org the config names. Both sections are required. */
    static Snapshot fromConfig(IdAuditConfig config, Path configFile, Progress progress) {
        requireBothSides(config, configFile);
        Issues issues = new Issues();
        AwsCollector aws = new AwsCollector(config.aws(), progress, issues);
        return collect("live", config.okta(), new OktaCollector(config.okta(), progress, issues), aws, issues);
    }

    /** Starts the sandbox for {@code scenario}, collects it through the real SDK clients, stops it. */
    static Snapshot fromSandbox(String scenario, Progress progress) {
        try (Sandbox sandbox = Sandbox.start(Scenario.load(scenario))) {
            return fromSandbox(sandbox, progress);
        }
    }

    static Snapshot fromSandbox(Sandbox sandbox, Progress progress) {
        return collectSandbox(sandbox, progress).snapshot();
    }

    /** A sandbox collection with the collectors that made it (their call counts per rate-limit bucket). */
    record SandboxCollection(Snapshot snapshot, OktaCollector okta, AwsCollector aws) {}

    /** Collects the sandbox; the AWS side is paced at the sandbox's time scale, as its buckets run that much faster. */
    static SandboxCollection collectSandbox(Sandbox sandbox, Progress progress) {
        Issues issues = new Issues();
        OktaConfig okta = sandbox.oktaConfig();
        AwsConfig awsConfig = sandbox.awsConfig();
        AwsCollector aws = AwsCollector.withStaticKeys(awsConfig, Sandbox.AWS_ACCESS_KEY_ID,
                Secret.of(Sandbox.AWS_SECRET_ACCESS_KEY), progress, issues)
                .rateScale(sandbox.scenario().settings().traffic().timeScale());
        OktaCollector oktaCollector = new OktaCollector(okta, progress, issues);
        Snapshot snapshot = collect("sandbox:" + sandbox.scenario().name(), okta, oktaCollector, aws, issues);
        return new SandboxCollection(snapshot, oktaCollector, aws);
    }

    static void requireBothSides(IdAuditConfig config, Path configFile) {
        if (config.okta() == null || config.aws() == null) {
            throw new BadInputException(configFile + ": a collection needs both an okta: and an aws: section");
        }
    }


    private static Snapshot collect(String source, OktaConfig oktaConfig, OktaCollector okta, AwsCollector aws, Issues issues) {
        return Collection.run(Version.current(), source, oktaConfig.orgUrl().toString(), okta::collect, aws::collect,
                new Collection.AwsFacts() {
                    @Override
                    public String callerArn() {
                        return aws.callerArn();
                    }

                    @Override
                    public String managementAccountId() {
                        return aws.managementAccountId();
                    }

                    @Override
                    public String region() {
                        return aws.region();
                    }
                },
                issues, Clock.systemUTC());
    }
}
