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
            // provisioning falls back from the features to the default connection: either is enough
            .fieldAnyOf(List.of(OKTA_AWS_APP_FEATURES, OKTA_AWS_APP_DEFAULT_CONNECTION),
                    "provisioning", "deactivation", "createUsers", "pushProfile")
            .field(List.of(OKTA_AWS_APP_DEFAULT_CONNECTION), "connectionStatus")
            .field(List.of(OKTA_AWS_APP_ACCESS_POLICY), "accessPolicyId")
            .key(Views.AwsApp::id)
            .displayName(Views.AwsApp::label)
            .derive(AwsAppsView::derive)
            .build();

    static List<Views.AwsApp> derive(ViewContext c) {
        Joins j = c.joins();
        List<OktaSnapshot.AwsApp> apps = c.okta().awsApps();
        String primary = apps.stream().filter(a -> "ACTIVE".equals(a.status()))
                .sorted(Comparator.comparingInt((OktaSnapshot.AwsApp a) -> -a.users().size())
                        .thenComparing(OktaSnapshot.AwsApp::id))
                .map(OktaSnapshot.AwsApp::id).findFirst().orElse(null);
        List<Views.AwsApp> out = new ArrayList<>();
        for (OktaSnapshot.AwsApp a : apps) {
            boolean featuresKnown = j.collected(OKTA_AWS_APP_FEATURES, a.id());
            boolean connectionKnown = j.collected(OKTA_AWS_APP_DEFAULT_CONNECTION, a.id()) && a.defaultConnection() != null;
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
            out.add(new Views.AwsApp(a.id(), a.label(), a.status(), "ACTIVE".equals(a.status()), a.id().equals(primary),
                    featuresKnown, connectionKnown, provisioning, capability.apply("update.lifecycleDeactivate"),
                    capability.apply("create.lifecycleCreate"), capability.apply("update.profile"),
                    a.defaultConnection() == null ? null : a.defaultConnection().status(), a.users().size(),
                    a.accessPolicy() == null ? null : a.accessPolicy().id()));
        }
        return out;
    }
}
