package io.lockaware;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The direct-mapped cache of thread records by thread id (in front of the ThreadLocal): two live threads whose ids
 * share a slot each still get their own record and their own holds, and a dead thread's record leaves the cache
 * when it is swept, so the cache keeps no finished thread alive.
 */
@Timeout(30)
class RecordCacheTest {

    @Test
    void threadsSharingASlotKeepTheirOwnRecordsAndHolds() throws Exception {
        DeadlockAwareMutex a = new DeadlockAwareMutex("cache.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("cache.b");
        CountDownLatch aHolds = new CountDownLatch(1);
        CountDownLatch bHolds = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<ThreadRecord> recordA = new AtomicReference<>();
        AtomicReference<ThreadRecord> recordB = new AtomicReference<>();
        Thread first = new Thread(() -> holdUntil(a, recordA, aHolds, release), "cache-first");
        // thread ids are handed out in sequence: create (never start) threads until one lands in first's slot
        List<Thread> filler = new ArrayList<>();
        Thread second;
        while (true) {
            Thread t = new Thread(() -> holdUntil(b, recordB, bHolds, release), "cache-second");
            if ((t.getId() - first.getId()) % ThreadRecord.cacheSlots() == 0) {
                second = t;
                break;
            }
            filler.add(t);
        }
        assertTrue(filler.size() < ThreadRecord.cacheSlots());
        first.start();
        assertTrue(aHolds.await(10, SECONDS));
        second.start(); // takes the slot from first while first still holds a
        assertTrue(bHolds.await(10, SECONDS));

        assertTrue(recordA.get() != recordB.get(), "each thread has its own record");
        assertSame(first, a.snapshot().writer().orElseThrow().thread());
        assertSame(second, b.snapshot().writer().orElseThrow().thread());
        release.countDown();
        first.join(10_000);
        second.join(10_000);
        // first released a while second held the slot: both releases found their own holds
        assertFalse(a.isLocked());
        assertFalse(b.isLocked());
        assertTrue(a.snapshot().holders().isEmpty());
        assertTrue(b.snapshot().holders().isEmpty());
    }

    @Test
    void aSweptDeadThreadLeavesTheCache() throws Exception {
        DeadlockAwareMutex m = new DeadlockAwareMutex("cache.swept");
        Thread t = new Thread(() -> {
            m.lock();
            m.unlock();
        }, "cache-short-lived");
        t.start();
        t.join(10_000);
        assertEquals(Thread.State.TERMINATED, t.getState());
        assertTrue(ThreadRecord.cached(t), "its record was cached while it ran");
        ThreadRecord.forgetTerminated();
        assertFalse(ThreadRecord.cached(t));
    }

    private static void holdUntil(DeadlockAwareMutex lock, AtomicReference<ThreadRecord> record, CountDownLatch holds,
            CountDownLatch release) {
        lock.lock();
        try {
            record.set(ThreadRecord.current());
            holds.countDown();
            if (!release.await(10, SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }
}
