package io.lockaware.jcstress.jdk;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.jcstress.Side;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * Both threads take the same side twice, each with a different pair of methods, while the other does the same.
 * Per thread: the JDK hold count after both acquisitions and after the first release; then (arbiter) whether the
 * lock is free once both are done. Re-entry must never be refused or block on the thread's own hold.
 */
@Description("Re-entry succeeds and the JDK hold counts are exact (mutex, write lock, read lock)")
@Outcome(id = "2, 1, 2, 1, 1", expect = ACCEPTABLE, desc = "exact hold counts, lock free afterwards")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "re-entry refused, a wrong hold count, or a hold left behind")
public abstract class Reentrancy {
    static final String NAME = "jcstress.Reentrancy";

    private final Side side;
    private final Lock lock;

    Reentrancy(Side side) {
        this.side = side;
        this.lock = side.lock();
    }

    /** lock(), then re-entry through tryLock(). */
    final void lockThenTryLock(IIIII_Result r) {
        lock.lock();
        boolean again = lock.tryLock();
        r.r1 = side.jdkHoldCount();
        if (again) {
            lock.unlock();
        }
        r.r2 = side.jdkHoldCount();
        lock.unlock();
    }

    /** lockInterruptibly(), then re-entry through a timed tryLock. Never interrupted here. */
    final void interruptiblyThenTimed(IIIII_Result r) {
        try {
            lock.lockInterruptibly();
            boolean again = lock.tryLock(1, TimeUnit.SECONDS);
            r.r3 = side.jdkHoldCount();
            if (again) {
                lock.unlock();
            }
            r.r4 = side.jdkHoldCount();
            lock.unlock();
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted without anyone interrupting", e);
        }
    }

    final void free(IIIII_Result r) {
        r.r5 = side.jdkFree() ? 1 : 0;
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends Reentrancy {
        public MutexNonfair() {
            super(Side.mutex(NAME, false));
        }

        @Actor
        public void actor1(IIIII_Result r) {
            lockThenTryLock(r);
        }

        @Actor
        public void actor2(IIIII_Result r) {
            interruptiblyThenTimed(r);
        }

        @Arbiter
        public void arbiter(IIIII_Result r) {
            free(r);
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends Reentrancy {
        public MutexFair() {
            super(Side.mutex(NAME, true));
        }

        @Actor
        public void actor1(IIIII_Result r) {
            lockThenTryLock(r);
        }

        @Actor
        public void actor2(IIIII_Result r) {
            interruptiblyThenTimed(r);
        }

        @Arbiter
        public void arbiter(IIIII_Result r) {
            free(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteNonfair extends Reentrancy {
        public WriteNonfair() {
            super(Side.write(NAME, false));
        }

        @Actor
        public void actor1(IIIII_Result r) {
            lockThenTryLock(r);
        }

        @Actor
        public void actor2(IIIII_Result r) {
            interruptiblyThenTimed(r);
        }

        @Arbiter
        public void arbiter(IIIII_Result r) {
            free(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteFair extends Reentrancy {
        public WriteFair() {
            super(Side.write(NAME, true));
        }

        @Actor
        public void actor1(IIIII_Result r) {
            lockThenTryLock(r);
        }

        @Actor
        public void actor2(IIIII_Result r) {
            interruptiblyThenTimed(r);
        }

        @Arbiter
        public void arbiter(IIIII_Result r) {
            free(r);
        }
    }

    @JCStressTest
    @State
    public static class ReadNonfair extends Reentrancy {
        public ReadNonfair() {
            super(Side.read(NAME, false));
        }

        @Actor
        public void actor1(IIIII_Result r) {
            lockThenTryLock(r);
        }

        @Actor
        public void actor2(IIIII_Result r) {
            interruptiblyThenTimed(r);
        }

        @Arbiter
        public void arbiter(IIIII_Result r) {
            free(r);
        }
    }

    @JCStressTest
    @State
    public static class ReadFair extends Reentrancy {
        public ReadFair() {
            super(Side.read(NAME, true));
        }

        @Actor
        public void actor1(IIIII_Result r) {
            lockThenTryLock(r);
        }

        @Actor
        public void actor2(IIIII_Result r) {
            interruptiblyThenTimed(r);
        }

        @Arbiter
        public void arbiter(IIIII_Result r) {
            free(r);
        }
    }
}
