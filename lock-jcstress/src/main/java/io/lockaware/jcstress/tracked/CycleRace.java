package io.lockaware.jcstress.tracked;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.LockAware;
import io.lockaware.PotentialDeadlockException;
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
 * The concurrent cycle race (Guava #2048): at the same moment one thread nests A then B and the other B then A,
 * each adding one half of an A/B inversion to the order graph. Inversions throw ({@code Policy.THROW}), so the
 * outcome is exactly who was told. Checking for a cycle and inserting the edge must be one atomic step: then whoever
 * comes second finds the first one's edge, and exactly one thread is refused. If the two steps could interleave,
 * both threads could find the graph acyclic, insert both halves, and neither would be told.
 *
 * <p>Each thread uses its own lock instances (the graph's nodes are lock classes, shared by name), so nothing ever
 * blocks and the race cannot deadlock whatever the library does. Every state gets lock classes no thread has nested
 * before (see {@link FreshClasses}). r1, r2: the thread was refused with {@link PotentialDeadlockException}.
 */
@Description("Two threads adding the two halves of a lock-order cycle at once: exactly one is told")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "exactly one half was refused")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "neither reported: both halves entered the graph")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "both refused: a cycle reported that was never in the graph")
public abstract class CycleRace {
    static {
        // Reports are the outcome here; logging thousands of them would only slow the race down.
        LockAware.removeListener(LockAware.loggingListener());
    }

    private final Lock a1;
    private final Lock b1;
    private final Lock a2;
    private final Lock b2;

    CycleRace(BiFunction<String, Boolean, Side> kind, boolean fair) {
        String[] names = FreshClasses.pair("jcstress.CycleRace");
        a1 = kind.apply(names[0], fair).lock();
        b1 = kind.apply(names[1], fair).lock();
        a2 = kind.apply(names[0], fair).lock();
        b2 = kind.apply(names[1], fair).lock();
    }

    /** 1 if taking {@code inner} under {@code outer} was refused as a potential deadlock, else 0. */
    private static int nest(Lock outer, Lock inner) {
        outer.lock();
        try {
            inner.lock();
            inner.unlock();
            return 0;
        } catch (PotentialDeadlockException refused) {
            return 1;
        } finally {
            outer.unlock();
        }
    }

    final void aThenB(II_Result r) {
        r.r1 = nest(a1, b1);
    }

    final void bThenA(II_Result r) {
        r.r2 = nest(b2, a2);
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends CycleRace {
        public MutexNonfair() {
            super(Side::mutex, false);
        }

        @Actor
        public void actor1(II_Result r) {
            aThenB(r);
        }

        @Actor
        public void actor2(II_Result r) {
            bThenA(r);
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends CycleRace {
        public MutexFair() {
            super(Side::mutex, true);
        }

        @Actor
        public void actor1(II_Result r) {
            aThenB(r);
        }

        @Actor
        public void actor2(II_Result r) {
            bThenA(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteNonfair extends CycleRace {
        public WriteNonfair() {
            super(Side::write, false);
        }

        @Actor
        public void actor1(II_Result r) {
            aThenB(r);
        }

        @Actor
        public void actor2(II_Result r) {
            bThenA(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteFair extends CycleRace {
        public WriteFair() {
            super(Side::write, true);
        }

        @Actor
        public void actor1(II_Result r) {
            aThenB(r);
        }

        @Actor
        public void actor2(II_Result r) {
            bThenA(r);
        }
    }

    @JCStressTest
    @State
    public static class ReadNonfair extends CycleRace {
        public ReadNonfair() {
            super(Side::read, false);
        }

        @Actor
        public void actor1(II_Result r) {
            aThenB(r);
        }

        @Actor
        public void actor2(II_Result r) {
            bThenA(r);
        }
    }

    @JCStressTest
    @State
    public static class ReadFair extends CycleRace {
        public ReadFair() {
            super(Side::read, true);
        }

        @Actor
        public void actor1(II_Result r) {
            aThenB(r);
        }

        @Actor
        public void actor2(II_Result r) {
            bThenA(r);
        }
    }
}
