package io.lockaware.jcstress.jdk;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.DeadlockAwareRWLock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A reader re-enters its read lock while a writer may be queued behind it. A new reader waits behind a queued
 * writer, but a re-entering one must not: it would wait for a writer that waits for it. The reader gives the writer a
 * moment to queue, then re-enters with a timed tryLock (a broken lock fails the outcome instead of hanging the run).
 * r1: the re-entry succeeded; r2: a writer was queued at that moment.
 */
@Description("A thread re-entering a read lock it holds is never held up by a queued writer")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "re-entered; the writer was not queued yet")
@Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "re-entered past a queued writer")
@Outcome(id = {"0, 0", "0, 1"}, expect = FORBIDDEN, desc = "re-entry refused: reader and writer would deadlock")
public abstract class ReadReentryPastQueuedWriter {
    private static final int SPINS = 200;
    private final DeadlockAwareRWLock lock;

    ReadReentryPastQueuedWriter(boolean fair) {
        lock = new DeadlockAwareRWLock("jcstress.ReadReentryPastQueuedWriter", fair);
    }

    final void reader(II_Result r) {
        lock.readLock().lock();
        try {
            for (int i = 0; i < SPINS && !lock.hasQueuedThreads(); i++) {
                Thread.onSpinWait();
            }
            r.r2 = lock.hasQueuedThreads() ? 1 : 0;
            if (lock.readLock().tryLock(1, TimeUnit.SECONDS)) {
                r.r1 = 1;
                lock.readLock().unlock();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted without anyone interrupting", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    final void writer() {
        lock.writeLock().lock();
        lock.writeLock().unlock();
    }

    @JCStressTest
    @State
    public static class Nonfair extends ReadReentryPastQueuedWriter {
        public Nonfair() {
            super(false);
        }

        @Actor
        public void actor1(II_Result r) {
            reader(r);
        }

        @Actor
        public void actor2() {
            writer();
        }
    }

    @JCStressTest
    @State
    public static class Fair extends ReadReentryPastQueuedWriter {
        public Fair() {
            super(true);
        }

        @Actor
        public void actor1(II_Result r) {
            reader(r);
        }

        @Actor
        public void actor2() {
            writer();
        }
    }
}
