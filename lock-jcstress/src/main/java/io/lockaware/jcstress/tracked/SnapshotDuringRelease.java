package io.lockaware.jcstress.tracked;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.LockAware;
import io.lockaware.LockSnapshot;
import io.lockaware.LockStatistics;
import io.lockaware.jcstress.Side;
import java.util.List;
import java.util.function.BiFunction;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * One thread takes an outer and an inner lock and releases them out of order (outer first, which moves the inner
 * hold down its held-lock stack); another thread watches the inner lock meanwhile. A snapshot may be stale, but it
 * must show a consistent view of each thread, so one exclusive lock never has two holders, and every hold shown is a
 * single write hold of that lock by another thread. The library's "current holders" figure for the inner lock's
 * class must stay between 0 and the one thread that can hold it. r1: holders in the snapshot; r2: all of them
 * consistent (1) or not (0); r3: current holders from {@link LockAware#statistics()}.
 */
@Description("A snapshot taken while the owner releases out of order never shows a torn or doubled hold")
@Outcome(id = {"0, 1, 0", "0, 1, 1", "1, 1, 0", "1, 1, 1"}, expect = ACCEPTABLE, desc = "a consistent view")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "a doubled or torn hold, or a holders figure out of range")
public abstract class SnapshotDuringRelease {
    static final String NAME = "jcstress.SnapshotDuringRelease";

    private final Side outer;
    private final Side inner;

    SnapshotDuringRelease(BiFunction<String, Boolean, Side> kind, boolean fair) {
        this.outer = kind.apply(NAME + ".outer", fair);
        this.inner = kind.apply(NAME + ".inner", fair);
    }

    final void owner() {
        outer.lock().lock();
        inner.lock().lock();
        outer.lock().unlock();
        inner.lock().unlock();
    }

    final void observer(III_Result r) {
        List<LockSnapshot.Holder> holders = inner.snapshot().holders();
        r.r1 = holders.size();
        r.r2 = 1;
        for (LockSnapshot.Holder h : holders) {
            boolean consistent = h.lock().equals(inner.name()) && h.mode() == inner.mode() && h.holdCount() == 1
                    && h.thread() != Thread.currentThread();
            if (!consistent) {
                r.r2 = 0;
            }
        }
        for (LockStatistics s : LockAware.statistics()) {
            if (s.name().equals(inner.name()) && s.mode() == inner.mode()) {
                r.r3 = s.holders();
            }
        }
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends SnapshotDuringRelease {
        public MutexNonfair() {
            super(Side::mutex, false);
        }

        @Actor
        public void actor1() {
            owner();
        }

        @Actor
        public void actor2(III_Result r) {
            observer(r);
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends SnapshotDuringRelease {
        public MutexFair() {
            super(Side::mutex, true);
        }

        @Actor
        public void actor1() {
            owner();
        }

        @Actor
        public void actor2(III_Result r) {
            observer(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteNonfair extends SnapshotDuringRelease {
        public WriteNonfair() {
            super(Side::write, false);
        }

        @Actor
        public void actor1() {
            owner();
        }

        @Actor
        public void actor2(III_Result r) {
            observer(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteFair extends SnapshotDuringRelease {
        public WriteFair() {
            super(Side::write, true);
        }

        @Actor
        public void actor1() {
            owner();
        }

        @Actor
        public void actor2(III_Result r) {
            observer(r);
        }
    }
}
