package dev.idaudit.review;

import dev.idaudit.model.AuditModel;
import dev.idaudit.model.Views;
import dev.idaudit.model.view.AccessMatrixView;
import dev.idaudit.util.BadInputException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A closed campaign as the input of a later run ({@code run --review DIR}): its Revoke decisions
 * for the rule access_review_revocations_applied, and the access granted since it, for information.
 */
public final class ReviewInput {
    private ReviewInput() {}

    /** The campaign and its Revoke decisions as the model reads them. */
    public record Loaded(Campaign campaign, List<Views.ReviewDecision> decisions) {
        public Loaded {
            decisions = List.copyOf(decisions);
        }
    }

    public static Loaded load(Path dir) {
        Campaign c = Campaign.read(dir);
        if (c.closed() == null) {
            throw new BadInputException(dir + ": the campaign " + c.id() + " is not closed; its revocations can be checked once "
                    + "idaudit review close has recorded them");
        }
        List<Views.ReviewDecision> out = c.current().values().stream().filter(d -> d.decision().decision().equals("Revoke"))
                .map(d -> new Views.ReviewDecision(c.id(), d.item().id(), d.from().reviewer(), d.from().importedAt(), c.closed().closedAt(),
                        d.item().idcUserId(), d.item().person(), d.item().accountId(), d.item().permissionSetName(), d.item().viaGroupId(),
                        d.item().viaGroupName()))
                .toList();
        return new Loaded(c, out);
    }

    /** Access paths of the model that the campaign did not review: granted after the run it reviewed. */
    public static List<Views.AccessPath> grantedAfter(Campaign c, AuditModel model) {
        Set<String> reviewed = new HashSet<>();
        c.items().forEach(i -> reviewed.add(i.pathKey()));
        return model.accessMatrix().stream()
                .filter(p -> !reviewed.contains(AccessMatrixView.VIEW.key(p)))
                .toList();
    }
}
