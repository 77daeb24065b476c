package io.lockaware.jcstress.tracked;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.LockAware;
import io.lockaware.LockSnapshot;
import io.lockaware.jcstress.Side;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads race through every acquisition method on one side of a lock (including refused tryLocks). Once both
 * are done, the library must record nothing: no holder (owner or reader) and no waiter in the lock's snapshot, and
 * no hold left in either thread's own held-lock stack.
 */
@Description("After every hold is released, the snapshot shows no owner, no reader and no waiter")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "nothing left behind")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "holders, waiters or held-stack entries left after release")
public abstract class HoldersClearedAfterRelease {
    static final String NAME = "jcstress.HoldersClearedAfterRelease";

    private final Side side;
    private final Lock lock;
    private Thread first;
    private Thread second;

    HoldersClearedAfterRelease(Side side) {
        this.side = side;
        this.lock = side.lock();
    }

    final void blocking() {
        first = Thread.currentThread();
        lock.lock();
        lock.unlock();
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted without anyone interrupting", e);
        }
        lock.unlock();
    }

    final void trying() {
        second = Thread.currentThread();
        if (lock.tryLock()) {
            lock.unlock();
        }
        try {
            if (lock.tryLock(1, TimeUnit.MILLISECONDS)) {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted without anyone interrupting", e);
        }
    }

    final void verdict(III_Result r) {
        LockSnapshot s = side.snapshot();
        r.r1 = s.holders().size();
        r.r2 = s.waiters().size();
        r.r3 = LockAware.locksHeldBy(first).size() + LockAware.locksHeldBy(second).size();
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends HoldersClearedAfterRelease {
        public MutexNonfair() {
            super(Side.mutex(NAME, false));
        }

        @Actor
        public void actor1() {
            blocking();
        }

        @Actor
        public void actor2() {
            trying();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends HoldersClearedAfterRelease {
        public MutexFair() {
            super(Side.mutex(NAME, true));
        }

        @Actor
        public void actor1() {
            blocking();
        }

        @Actor
        public void actor2() {
            trying();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteNonfair extends HoldersClearedAfterRelease {
        public WriteNonfair() {
            super(Side.write(NAME, false));
        }

        @Actor
        public void actor1() {
            blocking();
        }

        @Actor
        public void actor2() {
            trying();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteFair extends HoldersClearedAfterRelease {
        public WriteFair() {
            super(Side.write(NAME, true));
        }

        @Actor
        public void actor1() {
            blocking();
        }

        @Actor
        public void actor2() {
            trying();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class ReadNonfair extends HoldersClearedAfterRelease {
        public ReadNonfair() {
            super(Side.read(NAME, false));
        }

        @Actor
        public void actor1() {
            blocking();
        }

        @Actor
        public void actor2() {
            trying();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class ReadFair extends HoldersClearedAfterRelease {
        public ReadFair() {
            super(Side.read(NAME, true));
        }

        @Actor
        public void actor1() {
            blocking();
        }

        @Actor
        public void actor2() {
            trying();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            verdict(r);
        }
    }
}
