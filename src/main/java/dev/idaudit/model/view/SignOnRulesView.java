package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_ACCESS_POLICY;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.OktaSnapshot;
import java.util.ArrayList;
import java.util.List;

/** {@code signOnRules}: the rules of the amazon_aws_sso apps' authentication policies. */
public final class SignOnRulesView {
    private SignOnRulesView() {}

    public static final View<Views.SignOnRule> VIEW = View.of("signOnRules", Views.SignOnRule.class,
                    "rules of the apps' authentication policies")
            .reads(OKTA_AWS_APP_ACCESS_POLICY)
            .key(r -> r.appId() + "|" + r.id())
            .displayName(r -> r.name() + " in " + r.appLabel())
            .derive(SignOnRulesView::derive)
            .build();

    static List<Views.SignOnRule> derive(ViewContext c) {
        List<Views.SignOnRule> out = new ArrayList<>();
        for (OktaSnapshot.AwsApp a : c.okta().awsApps()) {
            OktaSnapshot.AccessPolicy p = a.accessPolicy();
            if (p == null) {
                continue;
            }
            for (OktaSnapshot.PolicyRule r : p.rules()) {
                out.add(new Views.SignOnRule(a.id(), a.label(), p.id(), p.name(), r.id(), r.name(), r.status(),
                        r.priority(), r.access(), r.factorMode()));
            }
        }
        return out;
    }
}
