package io.lockaware;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * Wraps the JDK's condition object. {@code await} releases the lock and takes it back inside the JDK, so the
 * re-acquisition is checked before the wait begins: with the lock's own hold removed, the locks still held by the
 * thread must be allowed to precede this one, exactly as for {@code lock()}. Under {@link Policy#THROW} a violation
 * throws before the lock is released, leaving the caller as it was.
 */
final class TrackedCondition implements Condition {
    private final Gate gate;
    final Condition delegate;

    TrackedCondition(Gate gate, Condition delegate) {
        this.gate = gate;
        this.delegate = delegate;
    }

    static Condition unwrap(Condition c) {
        return c instanceof TrackedCondition ? ((TrackedCondition) c).delegate : c;
    }

    /**
     * A hold set aside for the wait, and the sampled length of the hold that the wait ends (or -1). That length is
     * reported only once the hold is back on the stack ({@link #resume}): the JDK releases the lock inside await,
     * where nothing can be hooked, and a stats listener run before that would run under a lock missing from this
     * thread's stack (order edges it takes unrecorded, a deadlock through it invisible to the watchdog).
     */
    private record Aside(HeldLock saved, long heldNanos) {
    }

    /** Removes this thread's hold from its held stack for the duration of the wait; null if it has none. */
    private Aside suspend(ThreadRecord t) {
        int i = t.find(gate);
        if (i < 0) {
            return null; // not held: the JDK throws IllegalMonitorStateException
        }
        HeldLock saved = new HeldLock();
        saved.copyFrom(t.held[i]);
        t.remove(i);
        try {
            Detections.admit(t, gate, Tracker.BLOCKING);
        } catch (RuntimeException e) {
            // Refused before anything was released: put the hold back as it was, start time included, and tell no
            // listener about a release that never happened (a holders gauge would go negative at the real unlock).
            t.pushSaved(saved, true);
            throw e;
        }
        long heldNanos = -1;
        if (Observers.on) {
            // await releases every hold at once: one release event per hold, as unlock() would send
            for (int n = saved.count; n > 0; n--) {
                heldNanos = Observers.released(t, gate, saved, n == 1);
            }
        }
        return new Aside(saved, heldNanos);
    }

    private void resume(ThreadRecord t, Aside aside) {
        if (aside != null) {
            HeldLock saved = aside.saved;
            t.pushSaved(saved, false);
            if (Observers.on) {
                for (int n = saved.count; n > 0; n--) {
                    Observers.acquired(t, gate, null, -1);
                }
            }
            Tracker.released(gate, aside.heldNanos);
        }
    }

    /** A wait that may be interrupted, run with this thread's hold set aside. */
    private interface Wait<T> {
        T run() throws InterruptedException;
    }

    private <T> T aside(Wait<T> wait) throws InterruptedException {
        ThreadRecord t = ThreadRecord.current();
        Aside aside = suspend(t);
        try {
            return wait.run();
        } finally {
            resume(t, aside);
        }
    }

    @Override
    public void await() throws InterruptedException {
        aside(() -> {
            delegate.await();
            return null;
        });
    }

    @Override
    public void awaitUninterruptibly() {
        ThreadRecord t = ThreadRecord.current();
        Aside aside = suspend(t);
        try {
            delegate.awaitUninterruptibly();
        } finally {
            resume(t, aside);
        }
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        return aside(() -> delegate.awaitNanos(nanosTimeout));
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return aside(() -> delegate.await(time, unit));
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return aside(() -> delegate.awaitUntil(deadline));
    }

    @Override
    public void signal() {
        delegate.signal();
    }

    @Override
    public void signalAll() {
        delegate.signalAll();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
