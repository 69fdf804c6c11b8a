package dev.idaudit.drift;

/**
 * A resource of a desired-state source that was not compared, and why (a type idaudit does not
 * read, a data source, an app that does not reach AWS...). Listed in every drift report so that
 * nothing passes silently.
 *
 * @param address e.g. {@code module.sso.aws_s3_bucket.logs["eu"]}
 */
public record IgnoredResource(String source, String address, String reason) {}
