package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP;
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
            .field(List.of(OKTA_AWS_APP), "inUse", "appSigningKid")
            .key(k -> k.appId() + "|" + k.kid())
            .displayName(k -> k.kid() + " in " + k.appLabel())
            .derive(SigningKeysView::derive)
            .build();

    /**
     * Every listed key, marked in use or not by the app's credentials.signing.kid (unknown when the
     * app does not say); a key in use that the list lacks is added unlisted, so it is not lost.
     */
    static List<Views.SigningKey> derive(ViewContext c) {
        List<Views.SigningKey> out = new ArrayList<>();
        for (OktaSnapshot.AwsApp a : c.okta().awsApps()) {
            String inUse = a.signingKid();
            boolean listed = false;
            for (OktaSnapshot.SigningKey k : a.signingKeys()) {
                listed |= k.kid().equals(inUse);
                out.add(new Views.SigningKey(a.id(), a.label(), k.kid(), k.expiresAt(),
                        k.expiresAt() == null ? null : Duration.between(c.asOf(), k.expiresAt()).toDays(),
                        inUse == null ? null : k.kid().equals(inUse), true, inUse));
            }
            if (inUse != null && !listed && c.joins().collected(OKTA_AWS_APP_SIGNING_KEYS, a.id())) {
                out.add(new Views.SigningKey(a.id(), a.label(), inUse, null, null, true, false, inUse));
            }
        }
        return out;
    }
}
