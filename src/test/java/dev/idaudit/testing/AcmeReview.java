package dev.idaudit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.model.Views;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** acme's last access review (scenarios/acme/review.yaml), its days resolved against a snapshot's time. */
public final class AcmeReview {
    private AcmeReview() {}

    public static List<Views.ReviewDecision> decisions(Instant snapshotTime) {
        JsonNode root;
        try (InputStream in = AcmeReview.class.getClassLoader().getResourceAsStream("idaudit/scenarios/acme/review.yaml")) {
            root = Json.yaml().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Views.ReviewDecision> out = new ArrayList<>();
        for (JsonNode d : root.get("decisions")) {
            out.add(new Views.ReviewDecision(d.get("campaignId").asText(), d.get("itemId").asText(), d.get("reviewer").asText(),
                    snapshotTime.minus(Duration.ofDays(d.get("decidedDaysAgo").asLong())),
                    snapshotTime.minus(Duration.ofDays(d.get("closedDaysAgo").asLong())), d.get("idcUserId").asText(),
                    d.get("userName").asText(), d.get("accountId").asText(), d.get("permissionSetName").asText(),
                    d.path("viaGroupId").asText(null), d.path("viaGroupName").asText(null)));
        }
        return out;
    }
}
