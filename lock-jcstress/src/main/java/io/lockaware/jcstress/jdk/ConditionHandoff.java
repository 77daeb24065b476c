package io.lockaware.jcstress.jdk;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.jcstress.Side;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A waiter holding the lock twice awaits a condition; a signaller takes the lock, publishes a value and signals.
 * {@code await} must release both holds (or the signaller could never get in) and restore both on return. The wait
 * is bounded by a generous deadline so that a broken lock fails the outcome rather than hanging the run.
 * r1: the value the waiter saw (-1 if the deadline passed); r2: its JDK hold count after waking.
 */
@Description("Condition await releases every hold, sees what the signaller wrote, and restores the hold count")
@Outcome(id = "42, 2", expect = ACCEPTABLE, desc = "woken with the value and both holds back")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "value missing, deadline passed, or hold count not restored")
public abstract class ConditionHandoff {
    static final String NAME = "jcstress.ConditionHandoff";

    private final Side side;
    private final Lock lock;
    private final Condition ready;
    private int value = -1;

    ConditionHandoff(Side side) {
        this.side = side;
        this.lock = side.lock();
        this.ready = lock.newCondition();
    }

    final void waiter(II_Result r) {
        lock.lock();
        lock.lock();
        try {
            long left = TimeUnit.SECONDS.toNanos(5);
            while (value < 0 && left > 0) {
                left = ready.awaitNanos(left);
            }
            r.r1 = value;
            r.r2 = side.jdkHoldCount();
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted without anyone interrupting", e);
        } finally {
            lock.unlock();
            lock.unlock();
        }
    }

    final void signaller() {
        lock.lock();
        try {
            value = 42;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends ConditionHandoff {
        public MutexNonfair() {
            super(Side.mutex(NAME, false));
        }

        @Actor
        public void actor1(II_Result r) {
            waiter(r);
        }

        @Actor
        public void actor2() {
            signaller();
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends ConditionHandoff {
        public MutexFair() {
            super(Side.mutex(NAME, true));
        }

        @Actor
        public void actor1(II_Result r) {
            waiter(r);
        }

        @Actor
        public void actor2() {
            signaller();
        }
    }

    @JCStressTest
    @State
    public static class WriteNonfair extends ConditionHandoff {
        public WriteNonfair() {
            super(Side.write(NAME, false));
        }

        @Actor
        public void actor1(II_Result r) {
            waiter(r);
        }

        @Actor
        public void actor2() {
            signaller();
        }
    }

    @JCStressTest
    @State
    public static class WriteFair extends ConditionHandoff {
        public WriteFair() {
            super(Side.write(NAME, true));
        }

        @Actor
        public void actor1(II_Result r) {
            waiter(r);
        }

        @Actor
        public void actor2() {
            signaller();
        }
    }
}
