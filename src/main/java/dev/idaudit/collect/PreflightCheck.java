package dev.idaudit.collect;

import java.util.Objects;

/**
 * One check of {@code idaudit doctor}: can a collection make this call (or sign in) with the
 * configured credentials?
 *
 * @param where what the check ran against: "okta", "aws" (the caller's credentials) or
 *              "aws:&lt;account id&gt;" (inside a member account)
 * @param check what was tried: an IAM action (sso:ListInstances), an Okta endpoint or scope
 * @param result how it went
 * @param detail what was seen (AWS's or Okta's error code and message; never a credential)
 * @param fix for MISSING: the exact IAM policy statement (JSON) or Okta scope to add; else null
 */
public record PreflightCheck(String where, String check, Result result, String detail, String fix) {

    public enum Result {
        /** The call was allowed (an answer of "no such resource" to a probe also shows that). */
        OK,
        /** Nothing to try it on (e.g. no permission set exists): a collection would not make this call either. */
        SKIPPED,
        /** The permission (IAM action, trust, OAuth scope) is not granted. */
        MISSING,
        /** No answer: connection refused, DNS, TLS, timeout. */
        UNREACHABLE,
        /** Any other failure: rejected credentials, a service error. */
        ERROR;

        /** Whether a collection can go ahead with this result. */
        public boolean passes() {
            return this == OK || this == SKIPPED;
        }
    }

    public PreflightCheck {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(result, "result");
        detail = detail == null ? "" : detail;
    }

    /**
     * Whether a failure means no answer came at all: connection refused or reset, unknown host,
     * TLS handshake, timeout. (Not any IOException: a response that cannot be parsed is one too.)
     */
    public static boolean noAnswer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException || t instanceof java.net.UnknownHostException
                    || t instanceof javax.net.ssl.SSLException || t instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    public static PreflightCheck ok(String where, String check, String detail) {
        return new PreflightCheck(where, check, Result.OK, detail, null);
    }

    public static PreflightCheck skipped(String where, String check, String why) {
        return new PreflightCheck(where, check, Result.SKIPPED, why, null);
    }
}
