package dev.idaudit.collect.aws;

/**
 * AWS could not be read at all (the caller's identity could not be established), so there is no
 * point in trying each call and filing the same failure for every section. Its message names the
 * call and AWS's error, never a credential.
 */
public class AwsCollectionException extends RuntimeException {
    public AwsCollectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
