package io.lockaware.jcstress.tracked;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.jcstress.Side;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two threads each take one side of a lock three times, by three different methods, while the other does the same
 * (two readers share the lock in the Read variants). Each reports the hold count the library's snapshot gives it at
 * depth three and again after two releases: exactly what the JDK counts, 3 and 1.
 */
@Description("The library's hold counts are exact under contention (mutex, write lock, read lock)")
@Outcome(id = "3, 1, 3, 1", expect = ACCEPTABLE, desc = "exact counts")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "a tracked hold count differs from the real one")
public abstract class HoldCountsExact {
    static final String NAME = "jcstress.HoldCountsExact";

    private final Side side;
    private final Lock lock;

    HoldCountsExact(Side side) {
        this.side = side;
        this.lock = side.lock();
    }

    /** lock(), then tryLock() and lockInterruptibly() as re-entries. */
    final void first(IIII_Result r) {
        lock.lock();
        boolean again = lock.tryLock();
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted without anyone interrupting", e);
        }
        r.r1 = side.trackedHoldCount();
        lock.unlock();
        if (again) {
            lock.unlock();
        }
        r.r2 = side.trackedHoldCount();
        lock.unlock();
    }

    /** lockInterruptibly(), then a timed tryLock and lock() as re-entries. */
    final void second(IIII_Result r) {
        boolean again;
        try {
            lock.lockInterruptibly();
            again = lock.tryLock(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted without anyone interrupting", e);
        }
        lock.lock();
        r.r3 = side.trackedHoldCount();
        lock.unlock();
        if (again) {
            lock.unlock();
        }
        r.r4 = side.trackedHoldCount();
        lock.unlock();
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends HoldCountsExact {
        public MutexNonfair() {
            super(Side.mutex(NAME, false));
        }

        @Actor
        public void actor1(IIII_Result r) {
            first(r);
        }

        @Actor
        public void actor2(IIII_Result r) {
            second(r);
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends HoldCountsExact {
        public MutexFair() {
            super(Side.mutex(NAME, true));
        }

        @Actor
        public void actor1(IIII_Result r) {
            first(r);
        }

        @Actor
        public void actor2(IIII_Result r) {
            second(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteNonfair extends HoldCountsExact {
        public WriteNonfair() {
            super(Side.write(NAME, false));
        }

        @Actor
        public void actor1(IIII_Result r) {
            first(r);
        }

        @Actor
        public void actor2(IIII_Result r) {
            second(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteFair extends HoldCountsExact {
        public WriteFair() {
            super(Side.write(NAME, true));
        }

        @Actor
        public void actor1(IIII_Result r) {
            first(r);
        }

        @Actor
        public void actor2(IIII_Result r) {
            second(r);
        }
    }

    @JCStressTest
    @State
    public static class ReadNonfair extends HoldCountsExact {
        public ReadNonfair() {
            super(Side.read(NAME, false));
        }

        @Actor
        public void actor1(IIII_Result r) {
            first(r);
        }

        @Actor
        public void actor2(IIII_Result r) {
            second(r);
        }
    }

    @JCStressTest
    @State
    public static class ReadFair extends HoldCountsExact {
        public ReadFair() {
            super(Side.read(NAME, true));
        }

        @Actor
        public void actor1(IIII_Result r) {
            first(r);
        }

        @Actor
        public void actor2(IIII_Result r) {
            second(r);
        }
    }
}
