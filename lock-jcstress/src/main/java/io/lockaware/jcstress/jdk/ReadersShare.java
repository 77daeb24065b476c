package io.lockaware.jcstress.jdk;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.DeadlockAwareRWLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two readers and no writer: neither may ever be kept out. One reader uses {@code lock()}, the other
 * {@code tryLock()}, which must not fail while only readers hold the lock. Each reports how many read holds the JDK
 * counted while it was inside (2: the two were inside together), or -1 when refused.
 */
@Description("Readers share the lock: with no writer around, a reader is never refused")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "one after the other")
@Outcome(id = {"2, 1", "1, 2", "2, 2"}, expect = ACCEPTABLE_INTERESTING, desc = "both readers inside together")
@Outcome(id = ".*-1.*", expect = FORBIDDEN, desc = "a reader was refused although only readers held the lock")
public abstract class ReadersShare {
    private final DeadlockAwareRWLock lock;

    ReadersShare(boolean fair) {
        lock = new DeadlockAwareRWLock("jcstress.ReadersShare", fair);
    }

    final int readWithLock() {
        lock.readLock().lock();
        try {
            return lock.getReadLockCount();
        } finally {
            lock.readLock().unlock();
        }
    }

    final int readWithTryLock() {
        if (!lock.readLock().tryLock()) {
            return -1;
        }
        try {
            return lock.getReadLockCount();
        } finally {
            lock.readLock().unlock();
        }
    }

    @JCStressTest
    @State
    public static class Nonfair extends ReadersShare {
        public Nonfair() {
            super(false);
        }

        @Actor
        public void actor1(II_Result r) {
            r.r1 = readWithLock();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r2 = readWithTryLock();
        }
    }

    @JCStressTest
    @State
    public static class Fair extends ReadersShare {
        public Fair() {
            super(true);
        }

        @Actor
        public void actor1(II_Result r) {
            r.r1 = readWithLock();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r2 = readWithTryLock();
        }
    }
}
