package io.lockaware;

/**
 * One entry of a thread's held-lock stack: a lock held in one mode, with its re-entry count. Entries are reused by
 * their thread (no allocation per acquisition); other threads (watchdog, snapshots) read them racily and confirm
 * what they saw before acting on it.
 */
final class HeldLock {
    /** The lock side held (lock instance, class and mode), or null for a free entry. */
    Gate gate;
    /**
     * Id of the class this entry was last staged for through the site-policy check ({@link ThreadRecord#stage}),
     * which has therefore had its first site captured by this thread under the default policy; kept when the entry
     * is freed, so that a push of that class into it skips the check. Not stored on every fill, and an int rather
     * than the class: a reference store carries G1's pre- and post-write barriers, a few hundred bytes of machine
     * code in every compiled lock method, which push them past the JIT's inlining limit.
     */
    int lastClassId = -1;
    int count;
    /** {@link Clock#coarseNanos()} when the first hold began. */
    long since;
    /** Where the hold began, when captured at this acquisition (stored out of line by the thread record); else null. */
    StackTraceElement[] site;
    /**
     * System.nanoTime() at acquisition when this hold is timed for the hold-time sample, else 0. Zeroed when a timed
     * hold is reported or its entry freed, so that a fill need not store it.
     */
    long sampleStart;

    /**
     * Fills this free entry (its {@link #site} is null or was just captured, its {@link #sampleStart} 0, see {@link
     * #clear}) for a new hold of {@code g}.
     */
    void set(Gate g) {
        gate = g;
        count = 1;
        since = Clock.coarseNanos();
    }

    /** The class of the lock held; only on an entry that holds one, such as every copy a snapshot returns. */
    LockClass cls() {
        return gate.side.cls;
    }

    /** The mode held; like {@link #cls()}. */
    LockMode mode() {
        return gate.side.mode;
    }

    /** The lock instance held, or null for a free entry; reads {@link #gate} once, so racy readers may call it. */
    Object lock() {
        Gate g = gate;
        return g == null ? null : g.owner;
    }

    void copyFrom(HeldLock o) {
        gate = o.gate;
        lastClassId = o.lastClassId;
        count = o.count;
        since = o.since;
        site = o.site;
        sampleStart = o.sampleStart;
    }

    /**
     * Forgets the hold: {@link #gate} null marks a free entry, and a released lock or stack is never retained; a free
     * entry's {@link #sampleStart} is 0, which {@link #set} relies on.
     */
    void clear() {
        gate = null;
        if (site != null) {
            site = null;
        }
        if (sampleStart != 0) { // a timed hold set aside by Condition.await: its copy carries the sample
            sampleStart = 0;
        }
    }
}
