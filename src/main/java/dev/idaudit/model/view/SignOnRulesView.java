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
                String[] requirement = requirement(r);
                out.add(new Views.SignOnRule(a.id(), a.label(), p.id(), p.name(), r.id(), r.name(), r.status(),
                        r.priority(), r.access(), r.factorMode(), r.verificationMethod(), requirement[0], requirement[1]));
            }
        }
        return out;
    }

    /**
     * What a rule asks to let a user in, and how that was read: 2FA, 1FA or UNKNOWN. An ASSURANCE
     * method says it in factorMode. A method chain lets the user in through any one of its chains,
     * each taken step by step: two or more steps are two factors; a chain of one step is one
     * factor, unless that step's authenticators all require user verification (a possession
     * factor with a biometric or PIN), which the step count cannot judge. What cannot be read is
     * UNKNOWN, never "no factor requirement". A rule of a verification method type written before
     * schemaVersion 2 (null, with a factorMode) reads as ASSURANCE.
     */
    static String[] requirement(OktaSnapshot.PolicyRule r) {
        String type = r.verificationMethod() == null && r.factorMode() != null ? "ASSURANCE" : r.verificationMethod();
        if (type == null) {
            return new String[] {"UNKNOWN", "the rule has no verification method"};
        }
        switch (type) {
            case "ASSURANCE" -> {
                if ("2FA".equals(r.factorMode()) || "1FA".equals(r.factorMode())) {
                    return new String[] {r.factorMode(), "factorMode " + r.factorMode()};
                }
                return new String[] {"UNKNOWN", "an ASSURANCE method with factorMode " + (r.factorMode() == null ? "not set" : r.factorMode())};
            }
            case "AUTH_METHOD_CHAIN" -> {
                return chains(r.chains());
            }
            case "ID_PROOFING" -> {
                return new String[] {"UNKNOWN", "an ID_PROOFING method (identity verification by a proofing provider), not a count of factors"};
            }
            default -> {
                return new String[] {"UNKNOWN", "a verification method of type " + type + " that idaudit does not know"};
            }
        }
    }

    private static String[] chains(List<OktaSnapshot.MethodChain> chains) {
        if (chains.isEmpty()) {
            return new String[] {"UNKNOWN", "a method chain with no chains"};
        }
        String unknown = null;
        for (int i = 0; i < chains.size(); i++) {
            List<OktaSnapshot.ChainStep> steps = chains.get(i).steps();
            String which = chains.size() == 1 ? "its chain" : "chain " + (i + 1) + " of " + chains.size();
            if (steps.isEmpty() || steps.stream().anyMatch(s -> s.methods().isEmpty())) {
                unknown = unknown != null ? unknown : which + " has a step without authentication methods";
            } else if (steps.size() == 1) {
                List<OktaSnapshot.AuthMethod> methods = steps.get(0).methods();
                String names = String.join(" or ", methods.stream().map(m -> m.key() + " " + m.method()).toList());
                if (methods.stream().allMatch(m -> "REQUIRED".equals(m.userVerification()))) {
                    unknown = unknown != null ? unknown : which + " is one step (" + names
                            + ") with user verification required: whether that is two factors is not read from the chain";
                } else {
                    return new String[] {"1FA", "a method chain: " + which + " is one step (" + names + ")"};
                }
            }
        }
        if (unknown != null) {
            return new String[] {"UNKNOWN", "a method chain: " + unknown};
        }
        return new String[] {"2FA", "a method chain: every chain takes two or more steps"};
    }
}
