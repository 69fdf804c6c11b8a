package dev.idaudit.sandbox.aws;

/**
 * Who signed a request: the scenario's caller in the management account, or a session made by
 * AssumeRole in some account. Every service answers for {@link #accountId()}.
 *
 * @param roleName the assumed role, or null for the scenario's own caller (recorded per call, so
 *     tests can tell which calls a member role must allow)
 * @param region the Region of the request's SigV4 credential scope; regional services (CloudTrail)
 *     answer for it
 */
record Identity(String accountId, String arn, String userId, String roleName, String region) {
    Identity(String accountId, String arn, String userId, String roleName) {
        this(accountId, arn, userId, roleName, null);
    }

    /** The same caller, signing for {@code region} (the credential scope's region: the Region the call is answered for). */
    Identity inRegion(String signedRegion) {
        return new Identity(accountId, arn, userId, roleName, signedRegion);
    }
}
