package io.lockaware.jcstress.tracked;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@link EventOrder} through {@code Condition.await}: the waiter holds the lock twice when it awaits, so the wait
 * releases both holds and takes both back; the signaller gets the lock in between. The events must say the same:
 * two releases before the signaller's acquisition, two acquisitions after it. Arbiter: overlaps, orphan releases,
 * negative counts, holds still open.
 */
@Description("A listener sees every hold released by Condition.await before the signaller's acquisition")
@Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "events in lock order, count back to zero")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "events out of order, or a count that went negative or stayed open")
public abstract class EventOrderAcrossAwait {
    static final String NAME = "jcstress.EventOrderAcrossAwait";

    private final Ledger ledger;
    private final Lock lock;
    private final Condition ready;
    private boolean signalled;

    EventOrderAcrossAwait(Ledger.Ledgered ledgered, Lock lock) {
        this.ledger = ledgered.ledger();
        this.lock = lock;
        this.ready = lock.newCondition();
    }

    /** The wait is bounded so that a broken lock fails the sample rather than hanging the run. */
    final void waiter() {
        lock.lock();
        lock.lock();
        try {
            long left = TimeUnit.SECONDS.toNanos(5);
            while (!signalled && left > 0) {
                left = ready.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted without anyone interrupting", e);
        } finally {
            lock.unlock();
            lock.unlock();
        }
    }

    final void signaller() {
        lock.lock();
        try {
            signalled = true;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    final void verdict(IIII_Result r) {
        r.r1 = ledger.overlaps();
        r.r2 = ledger.orphanReleases();
        r.r3 = ledger.negatives();
        r.r4 = ledger.open();
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends EventOrderAcrossAwait {
        public MutexNonfair() {
            this(new LedgeredLocks.Mutex(NAME, false));
        }

        private MutexNonfair(LedgeredLocks.Mutex lock) {
            super(lock, lock);
        }

        @Actor
        public void actor1() {
            waiter();
        }

        @Actor
        public void actor2() {
            signaller();
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends EventOrderAcrossAwait {
        public MutexFair() {
            this(new LedgeredLocks.Mutex(NAME, true));
        }

        private MutexFair(LedgeredLocks.Mutex lock) {
            super(lock, lock);
        }

        @Actor
        public void actor1() {
            waiter();
        }

        @Actor
        public void actor2() {
            signaller();
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteNonfair extends EventOrderAcrossAwait {
        public WriteNonfair() {
            this(new LedgeredLocks.ReadWrite(NAME, false));
        }

        private WriteNonfair(LedgeredLocks.ReadWrite lock) {
            super(lock, lock.writeLock());
        }

        @Actor
        public void actor1() {
            waiter();
        }

        @Actor
        public void actor2() {
            signaller();
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteFair extends EventOrderAcrossAwait {
        public WriteFair() {
            this(new LedgeredLocks.ReadWrite(NAME, true));
        }

        private WriteFair(LedgeredLocks.ReadWrite lock) {
            super(lock, lock.writeLock());
        }

        @Actor
        public void actor1() {
            waiter();
        }

        @Actor
        public void actor2() {
            signaller();
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            verdict(r);
        }
    }
}
