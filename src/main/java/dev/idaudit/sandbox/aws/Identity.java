package dev.idaudit.sandbox.aws;

/**
 * Who signed a request: the scenario's caller in the management account, or a session made by
 * AssumeRole in some account. Every service answers for {@link #accountId()}.
 *
 * @param roleName the assumed role, or null for the scenario's own caller (recorded per call, so
 *     tests can tell which calls a member role must allow)
 */
record Identity(String accountId, String arn, String userId, String roleName) {}
