package dev.idaudit.sandbox.okta;

/** Stops handling a request and answers {@link #error()}. */
final class OktaException extends RuntimeException {
    private final transient OktaError error;

    OktaException(OktaError error) {
        super(error.errorSummary(), null, false, false);
        this.error = error;
    }

    OktaError error() {
        return error;
    }
}
