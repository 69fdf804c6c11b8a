package dev.idaudit.collect;

/**
 * Progress of a collection, per source ("okta", "aws", "aws:123456789012"): calls made and
 * items read. Implementations must be thread-safe: collectors call it from several threads.
 */
public interface Progress {
    /** One API call was made (retries count). */
    void call(String source);

    /** {@code count} entities of {@code kind} were read. */
    void items(String source, String kind, int count);

    /** A source has finished. */
    default void done(String source) {}

    Progress SILENT = new Progress() {
        @Override
        public void call(String source) {}

        @Override
        public void items(String source, String kind, int count) {}
    };
}
