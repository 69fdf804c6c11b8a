package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUPS;
import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_PUSH_MAPPINGS;
import static dev.idaudit.snapshot.Sections.OKTA_GROUPS;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.OktaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pushMappings}: the group push mappings of the amazon_aws_sso apps, each with the
 * Identity Store group it pushes to. A mapping's {@code targetGroupId} is an Okta group of type
 * APP_GROUP standing for the group in the app (spec: GroupPushMapping, {@code _links.targetGroup}),
 * not an Identity Store GroupId: the Identity Store group is the one whose DisplayName is that
 * APP_GROUP's name, as Okta links pushed groups by name.
 */
public final class PushMappingsView {
    private PushMappingsView() {}

    public static final View<Views.PushMapping> VIEW = View.of("pushMappings", Views.PushMapping.class,
                    "group push mappings of the amazon_aws_sso apps")
            .reads(OKTA_AWS_APP_PUSH_MAPPINGS)
            .field(List.of(OKTA_GROUPS), "sourceGroupName")
            // The collector names the target (from the groups list, else by id) or says it could not.
            .field(List.of(AWS_IDC_GROUPS), "idcGroupId", "matchedBy")
            .key(Views.PushMapping::id)
            .displayName(m -> m.sourceGroupName() != null ? m.sourceGroupName() : m.sourceGroupId())
            .derive(PushMappingsView::derive)
            .build();

    static List<Views.PushMapping> derive(ViewContext c) {
        Map<String, AwsSnapshot.IdentityStoreGroup> byDisplayName = Joins.index(c.idc().groups(), AwsSnapshot.IdentityStoreGroup::displayName);
        List<Views.PushMapping> out = new ArrayList<>();
        for (OktaSnapshot.AwsApp a : c.okta().awsApps()) {
            for (OktaSnapshot.PushMapping m : a.pushMappings()) {
                OktaSnapshot.Group source = c.joins().oktaGroupById.get(m.sourceGroupId());
                String targetName = c.okta().pushTargetName(m);
                AwsSnapshot.IdentityStoreGroup target = targetName == null ? null : byDisplayName.get(targetName);
                out.add(new Views.PushMapping(m.id(), a.id(), m.sourceGroupId(), source == null ? null : source.name(),
                        m.targetGroupId(), m.status(), m.errorSummary(), targetName, target == null ? null : target.groupId(),
                        target == null ? null : "push target " + m.targetGroupId() + " is named " + targetName
                                + ", the Identity Store group's DisplayName"));
            }
        }
        return out;
    }

}
