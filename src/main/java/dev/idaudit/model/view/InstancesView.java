package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_IDC_INSTANCES;
import static dev.idaudit.snapshot.Sections.AWS_ORGANIZATION;

import dev.idaudit.model.Views;
import java.util.List;

/** {@code instances}: the Identity Center instances, and whether each is the organization's. */
public final class InstancesView {
    private InstancesView() {}

    public static final View<Views.Instance> VIEW = View.of("instances", Views.Instance.class, "Identity Center instances")
            .reads(AWS_IDC_INSTANCES)
            .field(List.of(AWS_ORGANIZATION), "organizationInstance")
            .key(Views.Instance::instanceArn)
            .displayName(i -> i.name() != null ? i.name() : i.instanceArn())
            .derive(InstancesView::derive)
            .build();

    static List<Views.Instance> derive(ViewContext c) {
        String mgmt = c.joins().managementAccountId();
        return c.idc().instances().stream().map(i -> new Views.Instance(i.instanceArn(), i.identityStoreId(), i.ownerAccountId(),
                i.name(), i.status(), mgmt != null && mgmt.equals(i.ownerAccountId()))).toList();
    }
}
