package io.lockaware.jcstress.jdk;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.jcstress.Side;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Mutual exclusion through a timed {@code tryLock}. The timeout is far longer than the other thread's stay inside, so
 * a refusal only happens if the machine stalls for a whole second.
 */
@Description("tryLock(timeout) admits one thread at a time and waits for the holder (mutex and write lock)")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "one after the other")
@Outcome(id = {"0, -1", "-1, 0"}, expect = ACCEPTABLE_INTERESTING, desc = "timed out: the machine stalled for a second")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "both inside at once")
@Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "both timed out although neither held the lock")
public abstract class TimedTryLockExclusion extends Guarded {
    static final String NAME = "jcstress.TimedTryLockExclusion";

    TimedTryLockExclusion(Side side) {
        super(side);
    }

    /** The counter value seen inside, or -1 when timed out. Never interrupted here. */
    final int enter() {
        try {
            if (!lock.tryLock(1, TimeUnit.SECONDS)) {
                return -1;
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted without anyone interrupting", e);
        }
        try {
            return increment();
        } finally {
            lock.unlock();
        }
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends TimedTryLockExclusion {
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
    public static class MutexFair extends TimedTryLockExclusion {
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
    public static class WriteNonfair extends TimedTryLockExclusion {
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
    public static class WriteFair extends TimedTryLockExclusion {
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
