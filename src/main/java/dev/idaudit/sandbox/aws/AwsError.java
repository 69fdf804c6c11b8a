package dev.idaudit.sandbox.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered in the vendor's shape: the error code the SDK maps to an exception class
 * (e.g. AccessDeniedException for the JSON services, AccessDenied for IAM and STS), the HTTP
 * status, and for JSON the members the model gives the error structure beyond Message.
 */
final class AwsError extends RuntimeException {
    final String code;
    final int httpStatus;
    final boolean senderFault;
    final Map<String, String> extraMembers;

    AwsError(String code, int httpStatus, String message) {
        this(code, httpStatus, message, Map.of());
    }

    AwsError(String code, int httpStatus, String message, Map<String, String> extraMembers) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.senderFault = httpStatus < 500;
        this.extraMembers = new LinkedHashMap<>(extraMembers);
    }
}
