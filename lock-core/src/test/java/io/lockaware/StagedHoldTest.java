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
 * the stack (no reference keeping the lock reachable, nothing a later push could mistake for a hold), a hold that
 * had to wait starts when the wait ends, not when the entry was filled, and no listener runs while an entry is staged
 * (one that takes a tracked lock would stage over it).
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
            assertNull(freeEntry().site, "the site captured for the failed acquisition must go with it");
        } finally {
            holder.release();
        }
        // The failed attempt was this thread's first of the class, so its site became the class's first site; the next
        // hold captures none and must not show the failed attempt's as its own.
        m.lock();
        try {
            LockSnapshot.Holder h = LockAware.locksHeldBy(Thread.currentThread()).stream()
                    .filter(x -> x.lock().equals("staged.timeout")).findFirst().orElseThrow();
            assertEquals(SiteSource.FIRST_BY_THREAD, h.source());
        } finally {
            m.unlock();
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
            HeldLock free = waiter.get();
            assertNull(free.gate, "an interrupted wait must not leave the lock on the stack");
            assertNull(free.site, "the site captured for the interrupted acquisition must go with it");
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
    @Test
    void aStatsListenerThatTakesATrackedLockAfterAWaitLeavesTheWaitersHoldIntact() throws Exception {
        DeadlockAwareMutex outer = new DeadlockAwareMutex("staged.listener.outer");
        DeadlockAwareMutex inner = new DeadlockAwareMutex("staged.listener.inner");
        LockStatsListener listener = new LockStatsListener() {
            @Override
            public void waited(String name, LockMode mode, long nanos) {
                if (name.equals("staged.listener.outer")) {
                    inner.lock(); // e.g. a listener guarding its own state with a tracked lock
                    inner.unlock();
                }
            }

            @Override
            public void held(String name, LockMode mode, long nanos) {
            }
        };
        LockAware.addStatsListener(listener);
        try {
            Hold holder = Hold.start("holder", outer);
            Threads.Running<String> waiter = Threads.start("waiter", () -> {
                outer.lock(); // waits, then the listener runs on this thread
                try {
                    ThreadRecord t = ThreadRecord.current();
                    return t.depth + " " + (t.depth > 0 ? t.held[0].lock() == outer : "-");
                } finally {
                    outer.unlock();
                }
            });
            Threads.awaitBlocked(waiter.thread());
            holder.release();
            assertEquals("1 true", waiter.get(), "depth and whether the outer lock is the hold on record");
        } finally {
            LockAware.removeStatsListener(listener);
            Observers.disableCountsForTests();
        }
    }
}
