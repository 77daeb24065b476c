package io.lockaware.jcstress.jdk;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.jcstress.Side;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/** A timed {@code tryLock} on a lock held by another thread returns false when its time is up. */
@Description("tryLock(timeout) on a held lock returns false after the timeout")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "timed out")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "still waiting long after the timeout")
@Outcome(id = "ERROR", expect = FORBIDDEN, desc = "acquired a lock another thread held, or interrupted")
public abstract class TimedTryLockTimesOut extends Blocked {
    static final String NAME = "jcstress.TimedTryLockTimesOut";

    TimedTryLockTimesOut(Side side) {
        super(side);
    }

    final void attempt() {
        try {
            if (lock.tryLock(1, TimeUnit.MILLISECONDS)) {
                acquiredWhileHeld();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted without anyone interrupting", e);
        } finally {
            done();
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class MutexNonfair extends TimedTryLockTimesOut {
        public MutexNonfair() {
            super(Side.mutex(NAME, false));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal() {
            // nothing: the timeout alone must end the wait
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class MutexFair extends TimedTryLockTimesOut {
        public MutexFair() {
            super(Side.mutex(NAME, true));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal() {
            // nothing: the timeout alone must end the wait
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class WriteNonfair extends TimedTryLockTimesOut {
        public WriteNonfair() {
            super(Side.write(NAME, false));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal() {
            // nothing: the timeout alone must end the wait
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class WriteFair extends TimedTryLockTimesOut {
        public WriteFair() {
            super(Side.write(NAME, true));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal() {
            // nothing: the timeout alone must end the wait
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class ReadNonfair extends TimedTryLockTimesOut {
        public ReadNonfair() {
            super(Side.read(NAME, false));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal() {
            // nothing: the timeout alone must end the wait
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class ReadFair extends TimedTryLockTimesOut {
        public ReadFair() {
            super(Side.read(NAME, true));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal() {
            // nothing: the timeout alone must end the wait
        }
    }
}
