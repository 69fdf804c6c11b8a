package dev.idaudit.sandbox;

import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.sandbox.okta.OktaEmulator;

/**
 * The built-in sandbox: an emulated Okta org and an emulated AWS Organization on 127.0.0.1,
 * serving one scenario. The real Okta and AWS SDK clients are pointed at it with the configs
 * it hands out, so a sandbox run exercises the same code as a real one.
 */
public final class Sandbox implements AutoCloseable {
    /** The sandbox does not check AWS signatures' secrets; these keys only identify the caller. */
    public static final String AWS_ACCESS_KEY_ID = "AKIAIDAUDITSANDBOX01";
    public static final String AWS_SECRET_ACCESS_KEY = "sandbox-secret-not-a-secret";

    private final Scenario scenario;
    private final OktaEmulator okta;
    private final AwsEmulator aws;

    private Sandbox(Scenario scenario, OktaEmulator okta, AwsEmulator aws) {
        this.scenario = scenario;
        this.okta = okta;
        this.aws = aws;
    }

    public static Sandbox start(Scenario scenario) {
        OktaEmulator okta = OktaEmulator.start(scenario);
        try {
            return new Sandbox(scenario, okta, AwsEmulator.start(scenario));
        } catch (RuntimeException e) {
            okta.close();
            throw e;
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    /** A config that reads the emulated Okta org with its API token. */
    public OktaConfig oktaConfig() {
        return new OktaConfig(okta.baseUrl(), Secret.of(OktaEmulator.API_TOKEN), null, null, null, null, null);
    }

    /** A config that reads the emulated AWS Organization (credentials: {@link #AWS_ACCESS_KEY_ID}). */
    public AwsConfig awsConfig() {
        return new AwsConfig(null, aws.region(), aws.endpoint(), null, null, null, null);
    }

    public OktaEmulator okta() {
        return okta;
    }

    public AwsEmulator aws() {
        return aws;
    }

    @Override
    public void close() {
        try {
            okta.close();
        } finally {
            aws.close();
        }
    }
}
