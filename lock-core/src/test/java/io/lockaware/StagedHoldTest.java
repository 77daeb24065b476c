package io.lockaware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A blocking acquisition fills its held-stack entry before the JDK's CAS and publishes it after (see {@link
 * ThreadRecord#stage}). These tests pin down what that must not change: an acquisition that fails leaves nothing on
 * the stack (no reference keeping the lock reachable, nothing a later push could mistake for a hold), and a hold that
 * had to wait starts when the wait ends, not when the entry was filled.
 */
class StagedHoldTest {
    /** The entry just above the calling thread's top of stack: where a staged hold lives until it is published. */
    private static HeldLock freeEntry() {
        ThreadRecord t = ThreadRecord.current();
        return t.held[t.depth];
    }

    @Test
    void aTimedTryLockThatTimesOutLeavesNoStagedEntry() throws Exception {
        DeadlockAwareMutex m = new DeadlockAwareMutex("staged.timeout");
        Hold holder = Hold.start("holder", m);
        try {
            assertFalse(m.tryLock(1, TimeUnit.MILLISECONDS));
            assertEquals(0, ThreadRecord.current().depth);
            assertNull(freeEntry().gate, "a failed acquisition must not leave the lock on the stack");
        } finally {
            holder.release();
        }
    }

    @Test
    void anInterruptedLockInterruptiblyLeavesNoStagedEntry() throws Exception {
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("staged.interrupted");
        Hold holder = Hold.start("holder", rw.writeLock());
        try {
            Threads.Running<HeldLock> waiter = Threads.start("waiter", () -> {
                assertThrows(InterruptedException.class, () -> rw.readLock().lockInterruptibly());
                assertEquals(0, ThreadRecord.current().depth);
                return freeEntry();
            });
            Threads.awaitBlocked(waiter.thread());
            waiter.thread().interrupt();
            assertNull(waiter.get().gate, "an interrupted wait must not leave the lock on the stack");
        } finally {
            holder.release();
        }
    }

    @Test
    void aHoldThatWaitedStartsWhenItsWaitEnds() throws Exception {
        DeadlockAwareMutex m = new DeadlockAwareMutex("staged.since");
        Hold holder = Hold.start("holder", m);
        long[] since = new long[1];
        Threads.Running<Void> waiter = Threads.start("waiter", () -> {
            m.lock();
            try {
                since[0] = ThreadRecord.current().held[0].since;
            } finally {
                m.unlock();
            }
        });
        Threads.awaitBlocked(waiter.thread()); // its entry is staged now, stamped with the clock of this moment
        long blockedAt = Clock.coarseNanos();
        Threads.await("the coarse clock to tick", () -> Clock.coarseNanos() != blockedAt);
        long releasedAt = Clock.coarseNanos();
        holder.release();
        waiter.get();
        assertTrue(since[0] - releasedAt >= 0, "the hold began when the wait ended, not when the entry was staged");
    }
}
