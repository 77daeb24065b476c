package io.lockaware;

/**
 * Where a stack shown in a report came from. Capturing a stack costs microseconds, so the library does not take one
 * on every acquisition; every stack in a report says which of these it is.
 */
public enum SiteSource {
    /** Captured at this very acquisition (the first time this thread took this lock class, a sample, or {@code lockaware.sites=always}). */
    THIS_ACQUISITION("captured at this acquisition"),
    /** Where this thread first took a lock of this class; this hold may have been taken on another path. */
    FIRST_BY_THREAD("where this thread first took this lock class; this hold may come from another call path"),
    /** Captured when this lock order was first seen (once per edge of the order graph). */
    FIRST_SEEN_ORDER("captured when this order was first seen"),
    /** The thread's stack right now, taken while writing the report. */
    CURRENT("current stack, taken now"),
    /** No stack is available (capturing was off). */
    NONE("not captured (lockaware.sites=none)");

    private final String description;

    SiteSource(String description) {
        this.description = description;
    }

    /** One line for reports, e.g. "captured at this acquisition". */
    public String description() {
        return description;
    }
}
