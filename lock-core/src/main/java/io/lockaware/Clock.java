package io.lockaware;

/**
 * A coarse monotonic clock: {@link System#nanoTime()} costs about five uncontended locks, so the start of every hold
 * is stamped from a value the library's daemon thread refreshes every {@value #TICK_MILLIS} ms. Hold start times in
 * snapshots and reports are therefore accurate to about {@value #TICK_MILLIS} ms; waits are timed exactly (they only
 * happen on the slow path).
 */
final class Clock {
    static final long TICK_MILLIS = 10;
    private static volatile long now = System.nanoTime();
    /** Wall-clock instant of nanoTime 0, fixed once, so a hold's start converts to the same Instant every time. */
    private static final java.time.Instant ANCHOR = java.time.Instant.now().minusNanos(System.nanoTime());

    private Clock() {
    }

    static long coarseNanos() {
        return now;
    }

    static java.time.Instant toInstant(long nanoTime) {
        return ANCHOR.plusNanos(nanoTime);
    }

    static void tick() {
        now = System.nanoTime();
    }
}
