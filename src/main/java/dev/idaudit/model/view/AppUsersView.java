package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_USERS;
import static dev.idaudit.snapshot.Sections.OKTA_USERS;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.OktaSnapshot;
import java.util.ArrayList;
import java.util.List;

/** {@code appUsers}: app users of the amazon_aws_sso apps joined with their Okta user. */
public final class AppUsersView {
    private AppUsersView() {}

    public static final View<Views.AppUser> VIEW = View.of("appUsers", Views.AppUser.class,
                    "app users of the amazon_aws_sso apps joined with their Okta user")
            .reads(OKTA_AWS_APP_USERS)
            .field(List.of(OKTA_USERS), "login", "oktaStatus")
            .key(u -> u.appId() + "|" + u.userId())
            .displayName(u -> u.login() + " in " + u.appLabel())
            .derive(AppUsersView::derive)
            .build();

    static List<Views.AppUser> derive(ViewContext c) {
        List<Views.AppUser> out = new ArrayList<>();
        for (OktaSnapshot.AwsApp a : c.okta().awsApps()) {
            for (OktaSnapshot.AppUser u : a.users()) {
                OktaSnapshot.User o = c.joins().oktaUserById.get(u.userId());
                out.add(new Views.AppUser(a.id(), a.label(), "ACTIVE".equals(a.status()), u.userId(),
                        o == null ? u.userName() : o.login(), o == null ? null : o.status(), u.externalId(),
                        u.userName(), u.scope(), u.status(), u.syncState()));
            }
        }
        return out;
    }
}
