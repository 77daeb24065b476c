package io.lockaware;

/**
 * One entry of a thread's held-lock stack: a lock held in one mode, with its re-entry count. Entries are reused by
 * their thread (no allocation per acquisition); other threads (watchdog, snapshots) read them racily and confirm
 * what they saw before acting on it.
 */
final class HeldLock {
    Gate gate;
    /** gate.owner(), kept here so the owner thread's stack search needs no interface call. */
    Object owner;
    LockClass cls;
    LockMode mode;
    int count;
    /** {@link Clock#coarseNanos()} when the first hold began. */
    long since;
    /** Where the hold began, when captured at this acquisition; otherwise null. */
    StackTraceElement[] site;
    /** System.nanoTime() at acquisition when this hold is timed for the hold-time sample, else 0. */
    long sampleStart;

    void set(Gate g, StackTraceElement[] where) {
        gate = g;
        owner = g.owner();
        cls = g.lockClass();
        mode = g.mode();
        count = 1;
        since = Clock.coarseNanos();
        site = where;
        sampleStart = 0;
    }

    void copyFrom(HeldLock o) {
        gate = o.gate;
        owner = o.owner;
        cls = o.cls;
        mode = o.mode;
        count = o.count;
        since = o.since;
        site = o.site;
        sampleStart = o.sampleStart;
    }

    void clear() {
        gate = null;
        owner = null;
        cls = null;
        mode = null;
        site = null;
    }
}
