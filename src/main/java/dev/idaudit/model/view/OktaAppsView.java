package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.OKTA_APPS;

import dev.idaudit.model.Views;
import java.util.List;

/** {@code oktaApps}: every Okta app (GET /api/v1/apps). */
public final class OktaAppsView {
    private OktaAppsView() {}

    public static final View<Views.OktaApp> VIEW = View.of("oktaApps", Views.OktaApp.class, "every Okta app")
            .reads(OKTA_APPS)
            .key(Views.OktaApp::id)
            .displayName(Views.OktaApp::label)
            .derive(OktaAppsView::derive)
            .build();

    static List<Views.OktaApp> derive(ViewContext c) {
        return c.okta().apps().stream()
                .map(a -> new Views.OktaApp(a.id(), a.name(), a.label(), a.status(), a.signOnMode())).toList();
    }
}
