package io.lockaware;

import java.util.Collection;

/**
 * One acquirable side of a tracked lock: the mutex itself, or the read or write side of a read/write lock. The
 * tracker drives every acquisition through this class so that the hot path is written once; the raw methods call
 * straight into the inherited JDK synchronizer. Subclasses are private inner classes of the locks, so none of this
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
    final LockClass cls;
    final LockMode mode;
    /** True for a {@link DeadlockAwareMutex}: reports say "lock" rather than "write". */
    final boolean mutex;
    /** This class and mode as an element of a chain hash ({@link ChainCache#element}), for a blocking acquisition. */
    final long element;
    /** The same for a timed tryLock, whose edges are bounded and so validated separately. */
    final long timedElement;
    /** The chain hash of a stack holding only this side, precomputed: a thread holding nothing pays no hashing. */
    final long rootChain;

    Gate(Object owner, LockClass cls, LockMode mode, boolean mutex) {
        this.owner = owner;
        this.cls = cls;
        this.mode = mode;
        this.mutex = mutex;
        long code = ((long) cls.id << 1) | (mode == LockMode.READ ? 1 : 0);
        this.element = ChainCache.element(code);
        this.timedElement = ChainCache.element(code | 1L << 40);
        this.rootChain = cls.tracked ? ChainCache.mix(0, element) : 0;
    }

    final Object owner() {
        return owner;
    }

    final LockClass lockClass() {
        return cls;
    }

    final LockMode mode() {
        return mode;
    }

    final boolean mutex() {
        return mutex;
    }

    /** Declared order among locks of one class, or {@link LockAware#NO_ORDER_KEY}. */
    abstract long orderKey();

    /** Threads queued on the whole lock (both modes), for reports and snapshots. */
    abstract Collection<Thread> queuedThreads();

    /** Threads queued for the write lock (empty for a mutex: every waiter is a writer, see {@link #queuedThreads}). */
    abstract Collection<Thread> queuedWriters();

    /**
     * Acquires only if that cannot block and would not overtake a queued thread, so fairness and the JDK's
     * writer preference are kept: a reader never barges past a queued writer here.
     */
    abstract boolean tryFast();

    abstract void rawLock();

    abstract void rawLockInterruptibly() throws InterruptedException;

    abstract boolean rawTryLock();

    abstract boolean rawTryLock(long nanos) throws InterruptedException;

    abstract void rawUnlock();

    /** "room.members (write)" or "account (lock)". */
    final String describe() {
        return cls.name + " (" + modeLabel(mode, mutex) + ")";
    }

    static String modeLabel(LockMode mode, boolean mutex) {
        return mutex ? "lock" : mode.label();
    }
}
