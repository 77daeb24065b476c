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

/**
 * A timed {@code tryLock} with a timeout of an hour, on a lock held by another thread, returns with
 * {@link InterruptedException} when the waiting thread is interrupted.
 */
@Description("tryLock(timeout) on a held lock returns when interrupted")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "interrupted out of the wait")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "still waiting after the interrupt")
@Outcome(id = "ERROR", expect = FORBIDDEN, desc = "acquired a lock another thread held, or timed out")
public abstract class TimedTryLockInterrupted extends Blocked {
    static final String NAME = "jcstress.TimedTryLockInterrupted";

    TimedTryLockInterrupted(Side side) {
        super(side);
    }

    final void attempt() {
        try {
            if (lock.tryLock(1, TimeUnit.HOURS)) {
                acquiredWhileHeld();
            }
            throw new IllegalStateException("an hour passed, or tryLock returned false early");
        } catch (InterruptedException expected) {
            // the only way out
        } finally {
            done();
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class MutexNonfair extends TimedTryLockInterrupted {
        public MutexNonfair() {
            super(Side.mutex(NAME, false));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal(Thread actor) {
            actor.interrupt();
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class MutexFair extends TimedTryLockInterrupted {
        public MutexFair() {
            super(Side.mutex(NAME, true));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal(Thread actor) {
            actor.interrupt();
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class WriteNonfair extends TimedTryLockInterrupted {
        public WriteNonfair() {
            super(Side.write(NAME, false));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal(Thread actor) {
            actor.interrupt();
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class WriteFair extends TimedTryLockInterrupted {
        public WriteFair() {
            super(Side.write(NAME, true));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal(Thread actor) {
            actor.interrupt();
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class ReadNonfair extends TimedTryLockInterrupted {
        public ReadNonfair() {
            super(Side.read(NAME, false));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal(Thread actor) {
            actor.interrupt();
        }
    }

    @JCStressTest(Mode.Termination)
    @State
    public static class ReadFair extends TimedTryLockInterrupted {
        public ReadFair() {
            super(Side.read(NAME, true));
        }

        @Actor
        public void actor() {
            attempt();
        }

        @Signal
        public void signal(Thread actor) {
            actor.interrupt();
        }
    }
}
