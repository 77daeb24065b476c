package io.lockaware.jcstress.jdk;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.DeadlockAwareRWLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Downgrade: a writer takes the read lock before releasing the write lock, so no other writer can slip in between.
 * A second writer races it. After the downgrade the first thread reports the value it wrote as it reads it now,
 * whether the lock is still write-locked, and its JDK read hold count.
 */
@Description("Downgrading write to read keeps other writers out and leaves exactly one read hold")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "downgraded; no writer in between")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "another writer got in during the downgrade, or wrong holds")
public abstract class Downgrade {
    private final DeadlockAwareRWLock lock;
    private int value;

    Downgrade(boolean fair) {
        lock = new DeadlockAwareRWLock("jcstress.Downgrade", fair);
    }

    final void downgrader(III_Result r) {
        lock.writeLock().lock();
        value = 1;
        lock.readLock().lock();
        lock.writeLock().unlock();
        try {
            r.r1 = value;
            r.r2 = lock.isWriteLocked() ? 1 : 0;
            r.r3 = lock.getReadHoldCount();
        } finally {
            lock.readLock().unlock();
        }
    }

    final void writer() {
        lock.writeLock().lock();
        try {
            value = 2;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @JCStressTest
    @State
    public static class Nonfair extends Downgrade {
        public Nonfair() {
            super(false);
        }

        @Actor
        public void actor1(III_Result r) {
            downgrader(r);
        }

        @Actor
        public void actor2() {
            writer();
        }
    }

    @JCStressTest
    @State
    public static class Fair extends Downgrade {
        public Fair() {
            super(true);
        }

        @Actor
        public void actor1(III_Result r) {
            downgrader(r);
        }

        @Actor
        public void actor2() {
            writer();
        }
    }
}
