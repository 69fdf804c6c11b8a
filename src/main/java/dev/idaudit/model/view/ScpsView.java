package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_SERVICE_CONTROL_POLICIES;

import dev.idaudit.model.PolicyDocument;
import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import java.util.List;

/** {@code scps}: service control policies with what they deny and the regions they lock to. */
public final class ScpsView {
    private ScpsView() {}

    public static final View<Views.Scp> VIEW = View.of("scps", Views.Scp.class, "service control policies")
            .reads(AWS_SERVICE_CONTROL_POLICIES)
            .key(Views.Scp::id)
            .displayName(p -> p.name() != null ? p.name() : p.id())
            .derive(ScpsView::derive)
            .build();

    static List<Views.Scp> derive(ViewContext c) {
        return c.aws().serviceControlPolicies().stream().map(p -> {
            PolicyDocument doc = PolicyDocument.parse(p.content());
            return new Views.Scp(p.id(), p.name(), p.awsManaged(),
                    p.targets().stream().map(AwsSnapshot.Target::targetId).toList(), doc.deniedActions(), doc.regionAllowList());
        }).toList();
    }
}
