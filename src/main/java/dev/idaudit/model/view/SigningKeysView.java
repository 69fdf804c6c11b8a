package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_SIGNING_KEYS;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.OktaSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code signingKeys}: the SAML signing keys of the amazon_aws_sso apps, with the days left. */
public final class SigningKeysView {
    private SigningKeysView() {}

    public static final View<Views.SigningKey> VIEW = View.of("signingKeys", Views.SigningKey.class,
                    "SAML signing keys of the amazon_aws_sso apps, with daysLeft")
            .reads(OKTA_AWS_APP_SIGNING_KEYS)
            .key(k -> k.appId() + "|" + k.kid())
            .displayName(k -> k.kid() + " in " + k.appLabel())
            .derive(SigningKeysView::derive)
            .build();

    static List<Views.SigningKey> derive(ViewContext c) {
        List<Views.SigningKey> out = new ArrayList<>();
        for (OktaSnapshot.AwsApp a : c.okta().awsApps()) {
            for (OktaSnapshot.SigningKey k : a.signingKeys()) {
                out.add(new Views.SigningKey(a.id(), a.label(), k.kid(), k.expiresAt(),
                        k.expiresAt() == null ? null : Duration.between(c.asOf(), k.expiresAt()).toDays()));
            }
        }
        return out;
    }
}
