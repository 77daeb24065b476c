package io.lockaware.jcstress.tracked;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.jcstress.Side;
import java.util.concurrent.locks.Lock;
import java.util.function.BiFunction;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two threads take one exclusive lock in turn, and each takes a snapshot of it while it holds it. Whichever went
 * second took the lock after the other released it, so its snapshot must show one holder, itself: the last owner's
 * hold is hidden before the JDK hands the lock over. (With nothing observing the locks, unlock() takes the hold off
 * the stack after the JDK's release, outside the critical section, but hides it before. jcstress runs each test in a
 * JVM of its own, and this one registers no listener and no statistics, so that is the path tested.)
 * r1, r2: the holders each thread's snapshot showed.
 */
@Description("The next owner of a lock never sees the last owner's hold in a snapshot")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "each saw only itself")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "a snapshot still showed the other thread's released hold")
public abstract class HandOverSnapshot {
    static final String NAME = "jcstress.HandOverSnapshot";

    private final Side side;

    HandOverSnapshot(BiFunction<String, Boolean, Side> kind, boolean fair) {
        this.side = kind.apply(NAME, fair);
    }

    final int turn() {
        Lock l = side.lock();
        l.lock();
        try {
            return side.snapshot().holders().size();
        } finally {
            l.unlock();
        }
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends HandOverSnapshot {
        public MutexNonfair() {
            super(Side::mutex, false);
        }

        @Actor
        public void actor1(II_Result r) {
            r.r1 = turn();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r2 = turn();
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends HandOverSnapshot {
        public MutexFair() {
            super(Side::mutex, true);
        }

        @Actor
        public void actor1(II_Result r) {
            r.r1 = turn();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r2 = turn();
        }
    }

    @JCStressTest
    @State
    public static class WriteNonfair extends HandOverSnapshot {
        public WriteNonfair() {
            super(Side::write, false);
        }

        @Actor
        public void actor1(II_Result r) {
            r.r1 = turn();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r2 = turn();
        }
    }

    @JCStressTest
    @State
    public static class WriteFair extends HandOverSnapshot {
        public WriteFair() {
            super(Side::write, true);
        }

        @Actor
        public void actor1(II_Result r) {
            r.r1 = turn();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r2 = turn();
        }
    }
}
