package dev.idaudit.sandbox.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered in the vendor's shape: the error code the SDK maps to an exception class
 * (e.g. AccessDeniedException for the JSON services, AccessDenied for IAM and STS), the HTTP
 * status, and for JSON the members the model gives the error structure beyond Message. An error
 * may ask the client to wait: {@code Retry-After} is then a header of the answer, beside the
 * vendor-shaped body.
 */
final class AwsError extends RuntimeException {
    final String code;
    final int httpStatus;
    final boolean senderFault;
    final Map<String, String> extraMembers;
    /** Seconds for a {@code Retry-After} header; 0: none. */
    final int retryAfterSeconds;

    AwsError(String code, int httpStatus, String message) {
        this(code, httpStatus, message, Map.of());
    }

    AwsError(String code, int httpStatus, String message, Map<String, String> extraMembers) {
        this(code, httpStatus, message, extraMembers, 0);
    }

    private AwsError(String code, int httpStatus, String message, Map<String, String> extraMembers, int retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.senderFault = httpStatus < 500;
        this.extraMembers = new LinkedHashMap<>(extraMembers);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same error, answered with {@code Retry-After: seconds} (0: without the header). */
    AwsError withRetryAfter(int seconds) {
        return new AwsError(code, httpStatus, getMessage(), extraMembers, seconds);
    }
}
