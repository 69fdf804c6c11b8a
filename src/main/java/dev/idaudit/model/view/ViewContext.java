package dev.idaudit.model.view;

import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Snapshot;
import java.time.Instant;
import java.util.List;

/**
 * What a view's derivation reads: the snapshot (its parts never null, empty when absent), the
 * time the model is "as of", the shared {@link Joins}, and other views (each derived once).
 */
public interface ViewContext {
    Snapshot snapshot();

    /** "Now" for ages: the time the snapshot was finished, so a stored snapshot always gives the same model. */
    Instant asOf();

    OktaSnapshot okta();

    AwsSnapshot aws();

    AwsSnapshot.IdentityCenter idc();

    Joins joins();

    /** The Revoke decisions of an access review given beside the snapshot ({@code run --review}); empty when none. */
    List<dev.idaudit.model.Views.ReviewDecision> reviewDecisions();

    /** Another view of the same model, derived on first use. */
    <T> List<T> view(View<T> view);
}
