package dev.idaudit.sandbox.aws;

/**
 * Who signed a request: the scenario's caller in the management account, or a session made by
 * AssumeRole in some account. Every service answers for {@link #accountId()}.
 */
record Identity(String accountId, String arn, String userId) {}
