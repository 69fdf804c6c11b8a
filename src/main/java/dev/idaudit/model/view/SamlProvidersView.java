package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_MEMBER_SAML_PROVIDERS;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import java.util.ArrayList;
import java.util.List;

/** {@code samlProviders}: the IAM SAML providers in member accounts. */
public final class SamlProvidersView {
    private SamlProvidersView() {}

    public static final View<Views.SamlProvider> VIEW = View.of("samlProviders", Views.SamlProvider.class,
                    "IAM SAML providers in member accounts")
            .reads(AWS_MEMBER_SAML_PROVIDERS)
            .key(Views.SamlProvider::id)
            .displayName(p -> p.name() + " in " + p.accountId())
            .derive(SamlProvidersView::derive)
            .build();

    static List<Views.SamlProvider> derive(ViewContext c) {
        List<Views.SamlProvider> out = new ArrayList<>();
        for (AwsSnapshot.MemberAccount m : c.aws().memberAccounts()) {
            for (AwsSnapshot.SamlProvider p : m.samlProviders()) {
                String name = p.name() != null ? p.name() : p.arn().substring(p.arn().lastIndexOf('/') + 1);
                out.add(new Views.SamlProvider(p.arn() != null ? p.arn() : m.accountId() + "/" + name, m.accountId(), name,
                        p.arn(), name.matches("AWSSSO_[A-Za-z0-9]+_DO_NOT_DELETE")));
            }
        }
        return out;
    }
}
