package dev.idaudit.collect.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.okta.sdk.resource.client.ApiException;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.util.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an okta-sdk-java failure into a short message built only from the response status and
 * Okta's error body (errorCode, errorSummary, errorCauses, or OAuth's error/error_description):
 * never the SDK's own message, which may quote a request, and never a secret.
 */
final class OktaFailure {
    private OktaFailure() {}

    /** The HTTP status of the failure ("401"), or the exception's kind when no response came. */
    static String code(Throwable e) {
        ApiException api = apiException(e);
        return api != null && api.getCode() > 0 ? String.valueOf(api.getCode()) : rootCause(e).getClass().getSimpleName();
    }

    static int status(Throwable e) {
        ApiException api = apiException(e);
        return api == null ? 0 : api.getCode();
    }

    /** OAuth's {@code error} of the token endpoint's answer (e.g. invalid_scope, invalid_client), or null. */
    static String oauthError(Throwable e) {
        String body = responseBody(e);
        if (body == null) {
            return null;
        }
        try {
            JsonNode error = Json.json().readTree(body).path("error");
            return error.isTextual() ? error.asText() : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    /**
     * The body of Okta's answer: an ApiException carries it; a refused token request is reported
     * by the SDK as an exception (DPoPHandshakeException) whose message quotes it.
     */
    private static String responseBody(Throwable e) {
        ApiException api = apiException(e);
        if (api != null && api.getResponseBody() != null) {
            return api.getResponseBody();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            int quoted = message == null ? -1 : message.indexOf(RESPONSE_BODY);
            if (quoted >= 0) {
                return message.substring(quoted + RESPONSE_BODY.length()).trim();
            }
        }
        return null;
    }

    private static final String RESPONSE_BODY = "Error response body:";

    /** Okta's {@code errorCode} of the answer (e.g. E0000001), or null when it gave none. */
    static String errorCode(Throwable e) {
        String body = responseBody(e);
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode code = Json.json().readTree(body).get("errorCode");
            return code == null || code.isNull() ? null : code.asText();
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    static String describe(Throwable e, OktaConfig config) {
        ApiException api = apiException(e);
        String text;
        if (api != null && api.getCode() > 0) {
            text = "HTTP " + api.getCode() + errorBody(api.getResponseBody());
        } else if (oauthError(e) != null) {
            text = "the token request was refused:" + errorBody(responseBody(e));
        } else {
            Throwable root = rootCause(e);
            text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
        return scrub(text, config);
    }

    private static String errorBody(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = Json.json().readTree(body);
            List<String> parts = new ArrayList<>();
            if (json.hasNonNull("errorCode")) {
                parts.add(json.get("errorCode").asText());
            }
            if (json.hasNonNull("errorSummary")) {
                parts.add(json.get("errorSummary").asText());
            }
            if (json.hasNonNull("error")) {
                parts.add(json.get("error").asText());
            }
            if (json.hasNonNull("error_description")) {
                parts.add(json.get("error_description").asText());
            }
            for (JsonNode cause : json.path("errorCauses")) {
                parts.add("(" + cause.path("errorSummary").asText() + ")");
            }
            return parts.isEmpty() ? "" : " " + String.join(" ", parts);
        } catch (java.io.IOException notJson) {
            return "";
        }
    }

    /** Belt and braces: a secret that somehow reached a message is masked. */
    private static String scrub(String text, OktaConfig config) {
        String result = text;
        if (config.apiToken() != null && !config.apiToken().reveal().isEmpty()) {
            result = result.replace(config.apiToken().reveal(), "****");
        }
        if (config.privateKey() != null && !config.privateKey().reveal().isEmpty()) {
            result = result.replace(config.privateKey().reveal(), "****");
        }
        return result;
    }

    static ApiException apiException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                if (api.getCode() > 0 || t.getCause() == null) {
                    return api;
                }
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
