package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_ORGANIZATION;
import static dev.idaudit.snapshot.Sections.AWS_ORGANIZATION_ENABLED_FEATURES;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import java.util.List;

/** {@code organizations}: the AWS Organization, one element, or none when it was not collected. */
public final class OrganizationsView {
    private OrganizationsView() {}

    public static final View<Views.Organization> VIEW = View.of("organizations", Views.Organization.class,
                    "the organization: one element, or none when not collected")
            .reads(AWS_ORGANIZATION)
            .field(List.of(AWS_ORGANIZATION_ENABLED_FEATURES), "enabledFeatures")
            .key(Views.Organization::id)
            .displayName(Views.Organization::id)
            .derive(OrganizationsView::derive)
            .build();

    static List<Views.Organization> derive(ViewContext c) {
        AwsSnapshot.Organization o = c.aws().organization();
        return o == null ? List.of() : List.of(new Views.Organization(o.id(), o.featureSet(), o.managementAccountId(), o.enabledFeatures()));
    }
}
