package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP;
import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_ACCESS_POLICY;
import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_DEFAULT_CONNECTION;
import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_FEATURES;
import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_USERS;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.OktaSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** {@code awsApps}: the amazon_aws_sso apps with their provisioning facts. */
public final class AwsAppsView {
    private AwsAppsView() {}

    public static final View<Views.AwsApp> VIEW = View.of("awsApps", Views.AwsApp.class,
                    "amazon_aws_sso apps with their provisioning facts")
            .reads(OKTA_AWS_APP)
            .field(List.of(OKTA_AWS_APP_USERS), "primary", "userCount")
            // provisioning is read from the app object (OKTA_AWS_APP); /features and the default
            // connection only stand in for a snapshot whose apps carry no features list
            .field(List.of(OKTA_AWS_APP_FEATURES), "featuresKnown")
            .field(List.of(OKTA_AWS_APP_DEFAULT_CONNECTION), "connectionStatus")
            .field(List.of(OKTA_AWS_APP_ACCESS_POLICY), "accessPolicyId")
            .key(Views.AwsApp::id)
            .displayName(Views.AwsApp::label)
            .derive(AwsAppsView::derive)
            .build();

    /**
     * The app features by which Okta provisions users to the app (the Application schema's
     * {@code features} enum: "Creates or links a user account in the app when assigning the app
     * to a user", "Updates a user's profile in the app", "Deactivates a user's account in the app",
     * "Reactivates an existing inactive user", "Updates the user's app password").
     */
    static final List<String> USER_PROVISIONING_FEATURES = List.of(
            "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS", "PUSH_PASSWORD_UPDATES");

    static List<Views.AwsApp> derive(ViewContext c) {
        Joins j = c.joins();
        List<OktaSnapshot.AwsApp> apps = c.okta().awsApps();
        String primary = apps.stream().filter(a -> "ACTIVE".equals(a.status()))
                .sorted(Comparator.comparingInt((OktaSnapshot.AwsApp a) -> -a.users().size())
                        .thenComparing(OktaSnapshot.AwsApp::id))
                .map(OktaSnapshot.AwsApp::id).findFirst().orElse(null);
        List<Views.AwsApp> out = new ArrayList<>();
        for (OktaSnapshot.AwsApp a : apps) {
            if (a.appFeatures() != null) {
                out.add(fromAppFeatures(c, a, primary));
                continue;
            }
            boolean featuresKnown = j.collected(OKTA_AWS_APP_FEATURES, a.id()) && a.featuresRefused() == null;
            String connectionStatus = a.defaultConnection() == null ? null : a.defaultConnection().status();
            // UNKNOWN: "Provisioning isn't supported by the app, or the authentication method is unknown": not known, never disabled
            boolean connectionKnown = j.collected(OKTA_AWS_APP_DEFAULT_CONNECTION, a.id())
                    && ("ENABLED".equals(connectionStatus) || "DISABLED".equals(connectionStatus));
            Optional<OktaSnapshot.Feature> prov = a.features().stream()
                    .filter(f -> "USER_PROVISIONING".equals(f.name())).findFirst();
            String provisioning;
            if (featuresKnown && prov.isPresent() && "ENABLED".equals(prov.get().status())) {
                provisioning = "ENABLED";
            } else if (connectionKnown && "ENABLED".equals(a.defaultConnection().status())) {
                provisioning = "ENABLED";
            } else if (featuresKnown || connectionKnown) {
                provisioning = "DISABLED";
            } else {
                provisioning = "UNKNOWN";
            }
            Function<String, String> capability = name -> {
                if ("DISABLED".equals(provisioning)) {
                    return "DISABLED";
                }
                if (!featuresKnown) {
                    return "UNKNOWN";
                }
                return prov.map(f -> f.capabilities().getOrDefault(name, "DISABLED")).orElse("DISABLED");
            };
            String basis = featuresKnown ? "USER_PROVISIONING feature " + prov.map(OktaSnapshot.Feature::status).orElse("absent")
                    : connectionKnown ? "default connection " + connectionStatus
                    // said in the basis so that the rule's reason needs no connection field (and so no connection section)
                    : "no features list on the app; /features " + (a.featuresRefused() != null ? "refused" : "not read")
                            + "; default connection " + (connectionStatus == null ? "not answered" : connectionStatus);
            out.add(new Views.AwsApp(a.id(), a.label(), a.status(), "ACTIVE".equals(a.status()), a.id().equals(primary),
                    featuresKnown, connectionKnown, provisioning, capability.apply("update.lifecycleDeactivate"),
                    capability.apply("create.lifecycleCreate"), capability.apply("update.profile"),
                    connectionStatus, a.users().size(), a.accessPolicy() == null ? null : a.accessPolicy().id(),
                    List.of(), basis, a.signingKid()));
        }
        return out;
    }

    /** The documented source: the app object's read-only features list ("Enabled app features"). */
    private static Views.AwsApp fromAppFeatures(ViewContext c, OktaSnapshot.AwsApp a, String primary) {
        List<String> features = a.appFeatures();
        boolean provisions = features.stream().anyMatch(USER_PROVISIONING_FEATURES::contains);
        Function<String, String> feature = name -> features.contains(name) ? "ENABLED" : "DISABLED";
        String connectionStatus = a.defaultConnection() == null ? null : a.defaultConnection().status();
        boolean connectionKnown = c.joins().collected(OKTA_AWS_APP_DEFAULT_CONNECTION, a.id())
                && ("ENABLED".equals(connectionStatus) || "DISABLED".equals(connectionStatus));
        boolean featuresKnown = c.joins().collected(OKTA_AWS_APP_FEATURES, a.id()) && a.featuresRefused() == null;
        String basis = "app features " + (features.isEmpty() ? "(none)" : String.join(", ", features));
        return new Views.AwsApp(a.id(), a.label(), a.status(), "ACTIVE".equals(a.status()), a.id().equals(primary),
                featuresKnown, connectionKnown, provisions ? "ENABLED" : "DISABLED", feature.apply("PUSH_USER_DEACTIVATION"),
                feature.apply("PUSH_NEW_USERS"), feature.apply("PUSH_PROFILE_UPDATES"), connectionStatus, a.users().size(),
                a.accessPolicy() == null ? null : a.accessPolicy().id(), features, basis, a.signingKid());
    }
}
