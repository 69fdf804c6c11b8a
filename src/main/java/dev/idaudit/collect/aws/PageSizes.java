package dev.idaudit.collect.aws;

/**
 * The page size each service is asked for: the largest its API allows (fewest calls), unless a
 * test lowers the limit to make every list span several pages.
 */
record PageSizes(int limit) {
    static final PageSizes LARGEST = new PageSizes(Integer.MAX_VALUE);

    PageSizes {
        if (limit < 1) {
            throw new IllegalArgumentException("page size limit must be at least 1, was " + limit);
        }
    }

    /** Organizations list calls: MaxResults 1..20. */
    int organizations() {
        return Math.min(20, limit);
    }

    /** sso-admin and identitystore list calls: MaxResults 1..100. */
    int identityCenter() {
        return Math.min(100, limit);
    }

    /** IAM list calls: MaxItems 1..1000. */
    int iam() {
        return Math.min(1000, limit);
    }
}
