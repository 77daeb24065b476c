package io.lockaware;

import java.util.Collection;

/**
 * One acquirable side of a tracked lock: the mutex itself, or the read or write view of a read/write lock. The
 * tracker drives every acquisition through this interface so that the hot path is written once; the raw methods
 * call straight into the inherited JDK synchronizer. Implementations are private classes, so none of this is
 * public API.
 */
interface Gate {
    /** The lock instance (the {@link DeadlockAwareMutex} or the {@link DeadlockAwareRWLock}); identity of a hold. */
    Object owner();

    LockClass lockClass();

    LockMode mode();

    /** Declared order among locks of one class, or {@link LockAware#NO_ORDER_KEY}. */
    long orderKey();

    /** True for a {@link DeadlockAwareMutex}: reports say "lock" rather than "write". */
    boolean mutex();

    /** Threads queued on the whole lock (both modes), for reports and snapshots. */
    Collection<Thread> queuedThreads();

    /** Threads queued for the write lock (empty for a mutex: every waiter is a writer, see {@link #queuedThreads}). */
    Collection<Thread> queuedWriters();

    /**
     * Acquires only if that cannot block and would not overtake a queued thread, so fairness and the JDK's
     * writer preference are kept: a reader never barges past a queued writer here.
     */
    boolean tryFast();

    void rawLock();

    void rawLockInterruptibly() throws InterruptedException;

    boolean rawTryLock();

    boolean rawTryLock(long nanos) throws InterruptedException;

    void rawUnlock();

    /** "room.members (write)" or "account (lock)". */
    default String describe() {
        return lockClass().name + " (" + modeLabel(mode(), mutex()) + ")";
    }

    static String modeLabel(LockMode mode, boolean mutex) {
        return mutex ? "lock" : mode.label();
    }
}
