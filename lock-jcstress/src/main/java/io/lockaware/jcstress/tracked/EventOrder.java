package io.lockaware.jcstress.tracked;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Incident 5 (add/done ordering) for the library's own event stream: two threads take and release one lock, with
 * re-entry and a downgrade, while a listener keeps a holders count from the events alone. {@code released} must be
 * delivered before the real release and {@code acquired} after the real acquisition, so the listener never sees the
 * next holder arrive while the previous hold is still open, never sees a release without its acquisition, and its
 * count never goes negative. Arbiter: overlaps, orphan releases, negative counts, holds still open.
 */
@Description("A listener never sees a release after the next acquisition, and its holders count never goes negative")
@Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "events in lock order, count back to zero")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "events out of order, or a count that went negative or stayed open")
public abstract class EventOrder {
    static final String NAME = "jcstress.EventOrder";

    private final Ledger ledger;

    EventOrder(Ledger.Ledgered lock) {
        this.ledger = lock.ledger();
    }

    static void reenter(Lock lock) {
        lock.lock();
        lock.lock();
        lock.unlock();
        lock.unlock();
    }

    static void downgrade(ReadWriteLock lock) {
        lock.writeLock().lock();
        lock.readLock().lock();
        lock.writeLock().unlock();
        lock.readLock().unlock();
    }

    final void verdict(IIII_Result r) {
        r.r1 = ledger.overlaps();
        r.r2 = ledger.orphanReleases();
        r.r3 = ledger.negatives();
        r.r4 = ledger.open();
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends EventOrder {
        private final LedgeredLocks.Mutex lock;

        public MutexNonfair() {
            this(new LedgeredLocks.Mutex(NAME, false));
        }

        private MutexNonfair(LedgeredLocks.Mutex lock) {
            super(lock);
            this.lock = lock;
        }

        @Actor
        public void actor1() {
            reenter(lock);
        }

        @Actor
        public void actor2() {
            reenter(lock);
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends EventOrder {
        private final LedgeredLocks.Mutex lock;

        public MutexFair() {
            this(new LedgeredLocks.Mutex(NAME, true));
        }

        private MutexFair(LedgeredLocks.Mutex lock) {
            super(lock);
            this.lock = lock;
        }

        @Actor
        public void actor1() {
            reenter(lock);
        }

        @Actor
        public void actor2() {
            reenter(lock);
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            verdict(r);
        }
    }

    /** Writer against writer. */
    @JCStressTest
    @State
    public static class WriteNonfair extends EventOrder {
        private final LedgeredLocks.ReadWrite lock;

        public WriteNonfair() {
            this(new LedgeredLocks.ReadWrite(NAME, false));
        }

        private WriteNonfair(LedgeredLocks.ReadWrite lock) {
            super(lock);
            this.lock = lock;
        }

        @Actor
        public void actor1() {
            reenter(lock.writeLock());
        }

        @Actor
        public void actor2() {
            reenter(lock.writeLock());
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteFair extends EventOrder {
        private final LedgeredLocks.ReadWrite lock;

        public WriteFair() {
            this(new LedgeredLocks.ReadWrite(NAME, true));
        }

        private WriteFair(LedgeredLocks.ReadWrite lock) {
            super(lock);
            this.lock = lock;
        }

        @Actor
        public void actor1() {
            reenter(lock.writeLock());
        }

        @Actor
        public void actor2() {
            reenter(lock.writeLock());
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            verdict(r);
        }
    }

    /** A downgrading writer against a re-entering reader. */
    @JCStressTest
    @State
    public static class ReadWriteNonfair extends EventOrder {
        private final LedgeredLocks.ReadWrite lock;

        public ReadWriteNonfair() {
            this(new LedgeredLocks.ReadWrite(NAME, false));
        }

        private ReadWriteNonfair(LedgeredLocks.ReadWrite lock) {
            super(lock);
            this.lock = lock;
        }

        @Actor
        public void actor1() {
            downgrade(lock);
        }

        @Actor
        public void actor2() {
            reenter(lock.readLock());
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class ReadWriteFair extends EventOrder {
        private final LedgeredLocks.ReadWrite lock;

        public ReadWriteFair() {
            this(new LedgeredLocks.ReadWrite(NAME, true));
        }

        private ReadWriteFair(LedgeredLocks.ReadWrite lock) {
            super(lock);
            this.lock = lock;
        }

        @Actor
        public void actor1() {
            downgrade(lock);
        }

        @Actor
        public void actor2() {
            reenter(lock.readLock());
        }

        @Arbiter
        public void arbiter(IIII_Result r) {
            verdict(r);
        }
    }
}
