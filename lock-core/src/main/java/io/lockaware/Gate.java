package io.lockaware;

import java.util.Collection;

/**
 * One acquirable side of a tracked lock: the mutex itself, or the read or write side of a read/write lock. The
 * tracker's methods take a gate, so that the bookkeeping is written once; the raw methods call straight into the
 * inherited JDK synchronizer (lock() and unlock() of each side call the JDK's fast path themselves, see {@link
 * Tracker#locked}). Subclasses are private inner classes of the locks, so none of this
 * is public API.
 *
 * <p>An abstract class with final fields rather than an interface: what the hot path asks of every acquisition (the
 * lock class, the mode, the lock instance) is then a field load wherever the JIT did not inline down to the concrete
 * side. An application takes mutexes, read and write locks at the same call sites of the tracker, so interface calls
 * there would be megamorphic: several nanoseconds each, more than the JDK lock itself costs.
 */
abstract class Gate {
    /** The lock instance (the {@link DeadlockAwareMutex} or the {@link DeadlockAwareRWLock}); identity of a hold. */
    final Object owner;
    /** The class and mode, shared by every lock of the class. */
    final Side side;

    Gate(Object owner, Side side) {
        this.owner = owner;
        this.side = side;
    }

    final Object owner() {
        return owner;
    }

    final LockClass lockClass() {
        return side.cls;
    }

    final LockMode mode() {
        return side.mode;
    }

    final boolean mutex() {
        return side.mutex;
    }

    /** Declared order among locks of one class, or {@link LockAware#NO_ORDER_KEY}. */
    abstract long orderKey();

    /** Threads queued on the whole lock (both modes), for reports and snapshots. */
    abstract Collection<Thread> queuedThreads();

    /** Threads queued for the write lock (empty for a mutex: every waiter is a writer, see {@link #queuedThreads}). */
    abstract Collection<Thread> queuedWriters();

    /**
     * Acquires only if that cannot block and would not overtake a queued thread, so fairness and the JDK's
     * writer preference are kept: a reader never barges past a queued writer here. Called with the acquisition's
     * entry staged ({@link ThreadRecord#stage}): an implementation that can throw must unstage it first.
     */
    abstract boolean tryFast();

    abstract void rawLock();

    abstract void rawLockInterruptibly() throws InterruptedException;

    abstract boolean rawTryLock();

    abstract boolean rawTryLock(long nanos) throws InterruptedException;

    /** "room.members (write)" or "account (lock)". */
    final String describe() {
        return ReportWriter.label(side.cls, side.mode, side.mutex);
    }

    static String modeLabel(LockMode mode, boolean mutex) {
        return mutex ? "lock" : mode.label();
    }
}
