package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_TRAILS;

import dev.idaudit.model.Views;
import java.util.List;

/** {@code trails}: the CloudTrail trails. */
public final class TrailsView {
    private TrailsView() {}

    public static final View<Views.Trail> VIEW = View.of("trails", Views.Trail.class, "CloudTrail trails")
            .reads(AWS_TRAILS)
            .key(t -> t.arn() != null ? t.arn() : t.name())
            .displayName(Views.Trail::name)
            .derive(TrailsView::derive)
            .build();

    static List<Views.Trail> derive(ViewContext c) {
        return c.aws().trails().stream()
                .map(t -> new Views.Trail(t.name(), t.arn(), t.homeRegion(), t.organizationTrail(), t.multiRegion(), t.logging()))
                .toList();
    }
}
