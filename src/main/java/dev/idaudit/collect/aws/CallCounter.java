package dev.idaudit.collect.aws;

import dev.idaudit.collect.Progress;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Reports every HTTP attempt of a client to {@link Progress}. It hooks the point just before
 * transmission, which the SDK runs once per attempt, so retries count as calls too.
 */
final class CallCounter implements ExecutionInterceptor {
    private final Progress progress;
    private final String source;

    CallCounter(Progress progress, String source) {
        this.progress = progress;
        this.source = source;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        progress.call(source);
    }
}
