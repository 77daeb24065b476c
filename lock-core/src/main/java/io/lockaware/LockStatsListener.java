package io.lockaware;

/**
 * Receives timings: every contended wait (exact) and a sample of hold times (one in {@code
 * lockaware.stats.holdSampleEvery} per thread on average, default 256, at random gaps). Called on the
 * lock's thread, off the uncontended fast path; a listener should be cheap (Micrometer's {@code Timer.record} is
 * fine). Counts are not delivered here: they are kept exactly per thread and read with {@link
 * LockAware#statistics()}.
 */
public interface LockStatsListener {
    /** A thread waited {@code nanos} for {@code name} in {@code mode}, successfully or not. */
    void waited(String name, LockMode mode, long nanos);

    /**
     * A sampled hold of {@code name} in {@code mode} lasted {@code nanos}. Called after the release; for a hold that
     * {@code Condition.await} ended (measured up to the await), when the await returns.
     */
    void held(String name, LockMode mode, long nanos);
}
