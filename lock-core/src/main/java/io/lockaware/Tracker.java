package io.lockaware;

/**
 * The hot path: every acquisition and release of a tracked lock goes through these few methods.
 *
 * <p>Uncontended and holding nothing, an acquisition costs a thread-local read, the JDK's own fast path and a few
 * stores on the thread's held stack, most of them made before the JDK's CAS so that the critical section stays short
 * under contention. Holding other locks, it adds one probe of the {@link ChainCache}; only a chain never seen before
 * takes the order-graph lock. The clock is read only when the fast path fails (a wait's start is exact, its end is
 * read only for statistics and event listeners; a hold's start is stamped from the {@link Clock coarse clock}).
 * Statistics and event listeners cost one volatile read while none is registered.
 */
final class Tracker {
    static final boolean ENABLED = Config.ENABLED;
    /** Acquisition kinds that can block: a plain or interruptible lock(), and a timed tryLock (bounded). */
    static final int BLOCKING = 0;
    static final int TIMED = 1;

    private Tracker() {
    }

    /**
     * The first step of a blocking acquisition: the checks of {@link Detections#admit}, then, unless this is a
     * re-entry (whose entry is returned), the new hold is staged outside the critical section (see {@link
     * ThreadRecord#stage}).
     */
    static HeldLock enter(ThreadRecord t, Gate g, int kind) {
        HeldLock again = Detections.admit(t, g, kind);
        if (again == null) {
            t.stage(g);
        }
        return again;
    }

    /**
     * lock(), after the caller {@link #enter entered} and, unless it is a re-entry ({@code again} is then its entry),
     * tried the JDK's fast path itself: publishes the staged hold, or re-enters, or waits.
     *
     * <p>The lock methods of the three sides (the mutex, the read and the write view) write out those first steps
     * themselves rather than calling one shared method here, so that the JDK's fast path is called where the exact
     * class is known and is inlined. In a shared method, compiled once for all sides, the JIT compiles that call as a
     * virtual call through {@link Gate} (seen with -XX:+PrintInlining: the shared method was "already compiled into a
     * big method" and not inlined into the side's lock()).
     */
    static void locked(ThreadRecord t, Gate g, HeldLock again, boolean gotFast) {
        if (gotFast) {
            acquired(t, g, -1);
        } else {
            lockSlow(t, g, again);
        }
    }

    private static void lockSlow(ThreadRecord t, Gate g, HeldLock again) {
        if (again != null) {
            g.rawLock();
            reentered(t, g, again);
        } else {
            acquired(t, g, waitLock(t, g));
        }
    }

    /** The slow path of lock(): a timed wait, kept out of line so the fast path stays small. */
    private static long waitLock(ThreadRecord t, Gate g) {
        long start = t.beginWait(g);
        try {
            if (Watchdog.recover) {
                lockRecoverably(t, g);
            } else {
                g.rawLock();
            }
        } catch (RuntimeException | Error e) {
            abandon(t, g, start);
            throw e;
        }
        return t.endWait(start);
    }

    /**
     * A wait that ended without the lock (interrupted, timed out, broken by recovery): the staged entry goes, and the
     * wait still counts for the statistics. Listeners run only once the stack is consistent again: one that takes a
     * tracked lock itself would otherwise stage over this thread's staged entry.
     */
    private static void abandon(ThreadRecord t, Gate g, long start) {
        long waited = t.endWait(start);
        t.unstage();
        if (Observers.on) {
            Observers.waited(g, waited);
        }
    }

    /**
     * lock() when deadlock recovery is on: waits interruptibly so the watchdog can break a deadlock by interrupting
     * this thread. Other interrupts are remembered and re-asserted, as lock() does; the one difference from the JDK
     * (documented) is that such an interrupt sends the thread to the back of the queue.
     */
    private static void lockRecoverably(ThreadRecord t, Gate g) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    g.rawLockInterruptibly();
                    return;
                } catch (InterruptedException e) {
                    LockReport abort = t.abort;
                    if (abort != null) {
                        t.abort = null;
                        throw new DeadlockRecoveryException(abort);
                    }
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void lockInterruptibly(Gate g) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        ThreadRecord t = ThreadRecord.current();
        HeldLock again = enter(t, g, BLOCKING);
        if (again != null) {
            g.rawLockInterruptibly();
            reentered(t, g, again);
            return;
        }
        acquired(t, g, g.tryFast() ? -1 : waitLockInterruptibly(t, g));
    }

    private static long waitLockInterruptibly(ThreadRecord t, Gate g) throws InterruptedException {
        long start = t.beginWait(g);
        try {
            g.rawLockInterruptibly();
        } catch (InterruptedException | RuntimeException | Error e) {
            abandon(t, g, start);
            throw e;
        }
        return t.endWait(start);
    }

    /** Untimed tryLock never blocks, so it adds no order edges; it still counts re-entry. */
    static boolean tryLock(Gate g) {
        ThreadRecord t = ThreadRecord.current();
        int i = t.find(g);
        if (!g.rawTryLock()) {
            if (Observers.on) {
                Observers.failed(t, g);
            }
            return false;
        }
        if (i >= 0) {
            reentered(t, g, t.held[i]);
        } else {
            t.stage(g); // after the JDK's CAS: a failing tryLock, maybe in a loop, stages nothing
            acquired(t, g, -1);
        }
        return true;
    }

    static boolean tryLock(Gate g, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        ThreadRecord t = ThreadRecord.current();
        HeldLock again = enter(t, g, TIMED);
        if (again != null) {
            if (!g.rawTryLock(nanos)) {
                return false;
            }
            reentered(t, g, again);
            return true;
        }
        long waited = -1;
        if (!g.tryFast()) {
            boolean acquired;
            long start = t.beginWait(g);
            try {
                acquired = g.rawTryLock(nanos);
            } catch (InterruptedException | RuntimeException | Error e) {
                abandon(t, g, start);
                throw e;
            }
            if (!acquired) {
                abandon(t, g, start);
                if (Observers.on) {
                    Observers.failed(t, g);
                }
                return false;
            }
            waited = t.endWait(start);
        }
        acquired(t, g, waited);
        return true;
    }

    /**
     * Publishes the staged hold; after a wait ({@code waited >= 0}) its start is the end of the wait. Listeners hear
     * of the wait and the acquisition only now, with the stack consistent (see {@link #abandon}).
     */
    private static void acquired(ThreadRecord t, Gate g, long waited) {
        if (waited >= 0) {
            t.held[t.depth].since = Clock.coarseNanos();
        }
        t.publish();
        if (Observers.on) {
            if (waited >= 0) {
                Observers.waited(g, waited);
            }
            Observers.acquired(t, g, t.held[t.depth - 1], waited);
        }
    }

    private static void reentered(ThreadRecord t, Gate g, HeldLock h) {
        h.count++;
        if (Observers.on) {
            Observers.acquired(t, g, null, -1);
        }
    }

    /**
     * The first half of unlock() while statistics or event listeners are on ({@link Observers#on}), before the caller
     * releases the JDK lock (written out by each side, see {@link #locked}). Bookkeeping leaves before the lock is
     * released, so no listener ever hears of the next owner's acquisition before this release, and a holders gauge
     * built on events never goes negative. Returns the hold time for {@link #released}, or -1. A lock this thread
     * does not hold is left to the JDK, which throws {@link IllegalMonitorStateException} with every structure
     * untouched.
     */
    static long release(ThreadRecord t, Gate g) {
        int i = t.find(g);
        if (i < 0) {
            return -1;
        }
        HeldLock h = t.held[i];
        boolean last = h.count == 1;
        long heldNanos = Observers.released(t, g, h, last);
        if (last) {
            t.remove(i);
        } else {
            h.count--;
        }
        return heldNanos;
    }

    /**
     * The first half of unlock() while nothing observes the locks ({@link Observers#on} false), before the caller
     * releases the JDK lock. A re-entry's count goes down here. A last hold is only hidden: its entry's lock side is
     * cleared, one store, so that a thread that takes the lock next never sees this hold in a snapshot (the hand-over
     * orders this store before its acquisition). Returns the entry's index for {@link #drop}, or -1: the entry
     * leaves the stack after the JDK's release, outside the critical section (measured: more throughput with two
     * threads on one mutex, see the lock-bench README). A lock this thread does not hold is left to the JDK, as in
     * {@link #release}.
     */
    static int hide(ThreadRecord t, Gate g) {
        int i = t.find(g);
        if (i >= 0) {
            HeldLock h = t.held[i];
            if (h.count > 1) {
                h.count--;
                return -1;
            }
            h.gate = null; // readers skip a cleared entry; the stack itself changes in drop, under the seqlock
        }
        return i;
    }

    /**
     * The second half of unlock() after {@link #hide}, once the JDK released the lock, or threw: an Error there
     * (a stack overflow) must not leave a hidden entry below the top, which the owner's next acquisition would read.
     */
    static void drop(ThreadRecord t, int i) {
        if (i >= 0) {
            t.remove(i);
        }
    }

    /** The second half of unlock(), after the JDK released the lock: the hold time goes to the statistics. */
    static void released(Gate g, long heldNanos) {
        if (heldNanos >= 0) {
            Observers.held(g, heldNanos);
        }
    }
}
