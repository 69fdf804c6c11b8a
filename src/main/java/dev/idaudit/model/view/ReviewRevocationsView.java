package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_IDC_ASSIGNMENTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUP_MEMBERSHIPS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_USERS;

import dev.idaudit.model.Views;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code reviewRevocations}: each Revoke decision of the access review given with {@code run
 * --review}, and whether its access path is still in this snapshot's access matrix. It reads what
 * the access matrix reads, so a path that could not be seen is not evaluated, never "removed".
 * Empty without a review.
 */
public final class ReviewRevocationsView {
    private ReviewRevocationsView() {}

    public static final View<Views.ReviewRevocation> VIEW = View.of("reviewRevocations", Views.ReviewRevocation.class,
                    "the Revoke decisions of the access review given with run --review, each checked against the access matrix")
            .reads(AWS_IDC_ASSIGNMENTS, AWS_IDC_USERS, AWS_IDC_GROUP_MEMBERSHIPS)
            .key(Views.ReviewRevocation::id)
            .displayName(r -> r.userName() + " → " + r.permissionSetName() + " in " + r.accountId())
            .derive(ReviewRevocationsView::derive)
            .build();

    /** The access matrix's entity key of a path (the same as {@link AccessMatrixView}'s). */
    static String pathKey(String idcUserId, String accountId, String permissionSetName, String viaGroupId) {
        return idcUserId + "|" + accountId + "|" + permissionSetName + "|" + viaGroupId;
    }

    static List<Views.ReviewRevocation> derive(ViewContext c) {
        if (c.reviewDecisions().isEmpty()) {
            return List.of();
        }
        Set<String> present = new HashSet<>();
        c.view(AccessMatrixView.VIEW).forEach(p -> present.add(pathKey(p.idcUserId(), p.accountId(), p.permissionSetName(), p.viaGroupId())));
        return c.reviewDecisions().stream().map(d -> new Views.ReviewRevocation(
                d.campaignId() + "/" + d.itemId(), d.campaignId(), d.itemId(), d.reviewer(),
                d.decidedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString(), d.userName(), d.accountId(), d.permissionSetName(),
                d.viaGroupId() == null ? "direct assignment" : "group " + (d.viaGroupName() != null ? d.viaGroupName() : d.viaGroupId()),
                present.contains(pathKey(d.idcUserId(), d.accountId(), d.permissionSetName(), d.viaGroupId())),
                Math.max(0, Duration.between(d.closedAt(), c.asOf()).toDays()))).toList();
    }
}
