package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_MEMBER_SAML_PROVIDERS;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code samlProviders}: the IAM SAML providers in member accounts. */
public final class SamlProvidersView {
    private SamlProvidersView() {}

    public static final View<Views.SamlProvider> VIEW = View.of("samlProviders", Views.SamlProvider.class,
                    "IAM SAML providers in member accounts")
            .reads(AWS_MEMBER_SAML_PROVIDERS)
            .key(p -> key(p.accountId(), p.arn(), p.name()))
            .displayName(p -> p.name() + " in " + p.accountId())
            .derive(SamlProvidersView::derive)
            .build();

    /**
     * How Identity Center names the SAML provider it creates in every account it provisions:
     * {@code AWSSSO_<id>_DO_NOT_DELETE} (see docs/vendor-behaviour.md). The one declaration: the
     * view's {@code identityCenter} fact and drift's owner of the provider both read it.
     */
    public static final Pattern IDENTITY_CENTER_PROVIDER = Pattern.compile("AWSSSO_[A-Za-z0-9]+_DO_NOT_DELETE");

    /** Whether a SAML provider's name is the one Identity Center gives its own provider. */
    public static boolean identityCenterProvider(String name) {
        return name != null && IDENTITY_CENTER_PROVIDER.matcher(name).matches();
    }

    /** A SAML provider's identity wherever it is named: its ARN, or the account and name without one. */
    public static String key(String accountId, String arn, String name) {
        return arn != null ? arn : accountId + "/" + name;
    }

    static List<Views.SamlProvider> derive(ViewContext c) {
        List<Views.SamlProvider> out = new ArrayList<>();
        for (AwsSnapshot.MemberAccount m : c.aws().memberAccounts()) {
            for (AwsSnapshot.SamlProvider p : m.samlProviders()) {
                String name = p.name() != null ? p.name() : p.arn().substring(p.arn().lastIndexOf('/') + 1);
                out.add(new Views.SamlProvider(key(m.accountId(), p.arn(), name), m.accountId(), name,
                        p.arn(), identityCenterProvider(name)));
            }
        }
        return out;
    }
}
