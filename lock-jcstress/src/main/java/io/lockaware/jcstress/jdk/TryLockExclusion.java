package io.lockaware.jcstress.jdk;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.jcstress.Side;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Mutual exclusion through {@code tryLock()}: a refusal is only allowed while the other thread is inside, so two
 * refusals in one round would mean a {@code tryLock()} failed on a free lock.
 */
@Description("tryLock() admits one thread at a time and refuses only while the lock is held (mutex and write lock)")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "both got in, one after the other")
@Outcome(id = {"0, -1", "-1, 0"}, expect = ACCEPTABLE, desc = "one refused while the other was inside")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "both inside at once")
@Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "both refused: tryLock() failed on a lock nobody held")
public abstract class TryLockExclusion extends Guarded {
    static final String NAME = "jcstress.TryLockExclusion";

    TryLockExclusion(Side side) {
        super(side);
    }

    /** The counter value seen inside, or -1 when refused. */
    final int enter() {
        if (!lock.tryLock()) {
            return -1;
        }
        try {
            return increment();
        } finally {
            lock.unlock();
        }
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends TryLockExclusion {
        public MutexNonfair() {
            super(Side.mutex(NAME, false));
        }

        @Actor
        public void actor1(II_Result r) {
            r.r1 = enter();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r2 = enter();
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends TryLockExclusion {
        public MutexFair() {
            super(Side.mutex(NAME, true));
        }

        @Actor
        public void actor1(II_Result r) {
            r.r1 = enter();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r2 = enter();
        }
    }

    @JCStressTest
    @State
    public static class WriteNonfair extends TryLockExclusion {
        public WriteNonfair() {
            super(Side.write(NAME, false));
        }

        @Actor
        public void actor1(II_Result r) {
            r.r1 = enter();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r2 = enter();
        }
    }

    @JCStressTest
    @State
    public static class WriteFair extends TryLockExclusion {
        public WriteFair() {
            super(Side.write(NAME, true));
        }

        @Actor
        public void actor1(II_Result r) {
            r.r1 = enter();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r2 = enter();
        }
    }
}
