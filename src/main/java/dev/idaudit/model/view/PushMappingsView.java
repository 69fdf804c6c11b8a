package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_PUSH_MAPPINGS;
import static dev.idaudit.snapshot.Sections.OKTA_GROUPS;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.OktaSnapshot;
import java.util.ArrayList;
import java.util.List;

/** {@code pushMappings}: the group push mappings of the amazon_aws_sso apps. */
public final class PushMappingsView {
    private PushMappingsView() {}

    public static final View<Views.PushMapping> VIEW = View.of("pushMappings", Views.PushMapping.class,
                    "group push mappings of the amazon_aws_sso apps")
            .reads(OKTA_AWS_APP_PUSH_MAPPINGS)
            .field(List.of(OKTA_GROUPS), "sourceGroupName")
            .key(Views.PushMapping::id)
            .displayName(m -> m.sourceGroupName() != null ? m.sourceGroupName() : m.sourceGroupId())
            .derive(PushMappingsView::derive)
            .build();

    static List<Views.PushMapping> derive(ViewContext c) {
        List<Views.PushMapping> out = new ArrayList<>();
        for (OktaSnapshot.AwsApp a : c.okta().awsApps()) {
            for (OktaSnapshot.PushMapping m : a.pushMappings()) {
                OktaSnapshot.Group g = c.joins().oktaGroupById.get(m.sourceGroupId());
                out.add(new Views.PushMapping(m.id(), a.id(), m.sourceGroupId(), g == null ? null : g.name(),
                        m.targetGroupId(), m.status(), m.errorSummary()));
            }
        }
        return out;
    }
}
