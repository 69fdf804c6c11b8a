package dev.idaudit.sandbox.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/** An error the emulator answers with, in Okta's shape (errorCode, errorSummary, errorLink, errorId, errorCauses). */
record OktaError(int status, String errorCode, String errorSummary, List<String> causes) {

    OktaError {
        causes = List.copyOf(causes);
    }

    static OktaError of(int status, String errorCode, String errorSummary) {
        return new OktaError(status, errorCode, errorSummary, List.of());
    }

    static OktaError invalidToken() {
        return of(401, "E0000011", "Invalid token provided");
    }

    /** Okta's answer to a call beyond a rate limit (HTTP 429). */
    static OktaError rateLimited() {
        return of(429, "E0000047", "API call exceeded rate limit due to too many requests.");
    }

    static OktaError notFound(String what) {
        return of(404, "E0000007", "Not found: Resource not found: " + what);
    }

    static OktaError forbidden() {
        return of(403, "E0000006", "You do not have permission to perform the requested action");
    }

    static OktaError methodNotAllowed() {
        return of(405, "E0000022", "The endpoint does not support the provided HTTP method");
    }

    static OktaError invalidSearch(String detail) {
        return new OktaError(400, "E0000031", "Invalid search criteria.", List.of(detail));
    }

    /** /features for an app the Features API does not serve: the spec's ErrorAppFeatureAPIValidationFailed. */
    static OktaError featuresNotServed() {
        return new OktaError(400, "E0000001", "Api validation failed: feature", List.of("Provisioning is not enabled for the app instance."));
    }

    static OktaError validation(String field, String detail) {
        return new OktaError(400, "E0000001", "Api validation failed: " + field, List.of(detail));
    }

    /** A scenario's planted error: {status, errorCode, errorSummary, errorCauses: [{errorSummary}]}. */
    static OktaError fromScenario(JsonNode node) {
        List<String> causes = new java.util.ArrayList<>();
        node.path("errorCauses").forEach(c -> causes.add(c.path("errorSummary").asText()));
        return new OktaError(node.path("status").asInt(400), node.path("errorCode").asText("E0000001"),
                node.path("errorSummary").asText("Api validation failed"), causes);
    }

    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("errorCode", errorCode);
        body.put("errorSummary", errorSummary);
        body.put("errorLink", errorCode);
        body.put("errorId", "oae" + UUID.randomUUID().toString().replace("-", "").substring(0, 19));
        ArrayNode array = body.putArray("errorCauses");
        causes.forEach(c -> array.addObject().put("errorSummary", c));
        return body;
    }
}
