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

/** Mutual exclusion through {@code lock()}: each thread reports the counter value it saw inside. */
@Description("lock() admits one thread at a time (mutex and write lock)")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "one after the other")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "both inside at once")
public abstract class LockExclusion extends Guarded {
    static final String NAME = "jcstress.LockExclusion";

    LockExclusion(Side side) {
        super(side);
    }

    final int enter() {
        lock.lock();
        try {
            return increment();
        } finally {
            lock.unlock();
        }
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends LockExclusion {
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
    public static class MutexFair extends LockExclusion {
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
    public static class WriteNonfair extends LockExclusion {
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
    public static class WriteFair extends LockExclusion {
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
