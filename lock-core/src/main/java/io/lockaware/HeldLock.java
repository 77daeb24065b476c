package io.lockaware;

/**
 * One entry of a thread's held-lock stack: a lock held in one mode, with its re-entry count. Entries are reused by
 * their thread (no allocation per acquisition); other threads (watchdog, snapshots) read them racily and confirm
 * what they saw before acting on it.
 */
final class HeldLock {
    Gate gate;
    LockClass cls;
    LockMode mode;
    int count;
    /** {@link Clock#coarseNanos()} when the first hold began. */
    long since;
    /** Where the hold began, when captured at this acquisition; otherwise null. */
    StackTraceElement[] site;
    /** System.nanoTime() at acquisition when this hold is timed for the hold-time sample, else 0. */
    long sampleStart;

    /**
     * Fills this entry for a new hold. Reference stores are the expensive part (each carries the G1 write barrier,
     * which costs a fence when the entry lives in the old generation), so fields that usually hold the right value
     * already are written only when they differ: {@link #cls} and {@link #mode} are kept when an entry is cleared
     * (a lock class is never unloaded and a mode is an enum, so keeping them retains nothing), and {@link #site} is
     * almost always null.
     */
    void set(Gate g, StackTraceElement[] where) {
        LockClass c = g.side.cls;
        LockMode m = g.side.mode;
        if (cls != c) {
            cls = c;
        }
        if (mode != m) {
            mode = m;
        }
        gate = g;
        count = 1;
        since = Clock.coarseNanos();
        if (site != where) {
            site = where;
        }
        sampleStart = 0;
    }

    /** The lock instance held, or null for a free entry; reads {@link #gate} once, so racy readers may call it. */
    Object lock() {
        Gate g = gate;
        return g == null ? null : g.owner;
    }

    void copyFrom(HeldLock o) {
        gate = o.gate;
        cls = o.cls;
        mode = o.mode;
        count = o.count;
        since = o.since;
        site = o.site;
        sampleStart = o.sampleStart;
    }

    /**
     * Forgets the hold: {@link #gate} null marks a free entry. Only references to the lock and the stack are dropped,
     * so that a released lock is never retained; see {@link #set} for why the class and mode stay.
     */
    void clear() {
        gate = null;
        if (site != null) {
            site = null;
        }
    }
}
