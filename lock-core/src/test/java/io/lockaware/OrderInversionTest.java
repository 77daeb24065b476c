package io.lockaware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OrderInversionTest {
    private Recorder rec;

    @BeforeEach
    void setUp() {
        rec = Recorder.install();
    }

    @AfterEach
    void tearDown() {
        rec.close();
    }

    private static void nest(Lock outer, Lock inner) {
        outer.lock();
        try {
            inner.lock();
            inner.unlock();
        } finally {
            outer.unlock();
        }
    }

    @Test
    void twoMutexesTakenInBothOrdersAreReportedOnce() {
        DeadlockAwareMutex a = new DeadlockAwareMutex("inv.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("inv.b");
        nest(a, b);
        assertTrue(rec.reports.isEmpty(), "one order alone is fine");
        nest(b, a);
        LockReport r = rec.only(ReportKind.LOCK_ORDER_INVERSION);
        assertFalse(r.bounded());
        assertEquals(List.of("inv.b", "inv.a"), r.locks(), "the held lock first, as the report tells it");
        assertEquals(2, r.edges().size());
        LockReport.Edge old = r.edges().get(0);
        LockReport.Edge added = r.edges().get(1);
        assertEquals("inv.a", old.from());
        assertEquals("inv.b", old.to());
        assertEquals("inv.b", added.from());
        assertEquals("inv.a", added.to());
        assertFalse(old.stack().isEmpty(), "the first-seen edge keeps its stack");
        assertEquals(OrderInversionTest.class.getName(), added.stack().get(1).getClassName(),
                "the stack starts at user code, not inside the library: " + added.stack());
        nest(b, a);
        nest(a, b);
        assertEquals(1, rec.reports.size(), "the same cycle is reported once");
    }

    @Test
    void consistentOrderIsNeverReported() {
        DeadlockAwareMutex a = new DeadlockAwareMutex("ok.a");
        DeadlockAwareRWLock b = new DeadlockAwareRWLock("ok.b");
        for (int i = 0; i < 3; i++) {
            nest(a, b.writeLock());
            nest(a, b.readLock());
        }
        assertTrue(rec.reports.isEmpty(), rec.reports.toString());
    }

    /** Incident 2, timing never lining up: each order once, on two threads, one after the other. */
    @Test
    void watcherStoreCycleIsReportedWithoutEverHanging() throws Exception {
        DeadlockAwareRWLock manager = new DeadlockAwareRWLock("watch.manager");
        DeadlockAwareRWLock store = new DeadlockAwareRWLock("watch.store");
        Threads.start("watcher", () -> nest(manager.writeLock(), store.writeLock())).get();
        assertTrue(rec.reports.isEmpty());
        Threads.start("parent-query", () -> nest(store.readLock(), manager.readLock())).get();

        LockReport r = rec.only(ReportKind.LOCK_ORDER_INVERSION);
        assertEquals(List.of("watcher", "parent-query"), List.of(r.edges().get(0).thread(), r.edges().get(1).thread()));
        LockReport.Edge first = r.edges().get(0);
        assertEquals(LockMode.WRITE, first.heldMode());
        assertEquals(LockMode.WRITE, first.requestedMode());
        LockReport.Edge second = r.edges().get(1);
        assertEquals(LockMode.READ, second.heldMode());
        assertEquals(LockMode.READ, second.requestedMode());
        String text = r.text();
        assertTrue(text.contains("watch.manager (read)"), text);
        assertTrue(text.contains("watch.store (write)"), text);
        assertTrue(text.contains("Possible scenario"), text);
        assertTrue(text.contains("*** DEADLOCK ***"), text);
        assertTrue(text.contains("How to fix"), text);
        assertFalse(text.contains("needs one more thread"), "W/W and r/r hops on different locks need no writer: " + text);
    }

    /** Incident 2, timing lining up: under THROW exactly one side fails before blocking and both finish. */
    @Test
    void watcherStoreRaceUnderThrowPolicyFailsOneSideAndNeverHangs() throws Exception {
        LockAware.setPolicy(ReportKind.LOCK_ORDER_INVERSION, Policy.THROW);
        DeadlockAwareRWLock manager = new DeadlockAwareRWLock("race.manager");
        DeadlockAwareRWLock store = new DeadlockAwareRWLock("race.store");
        CyclicBarrier bothHoldFirst = new CyclicBarrier(2);
        Threads.Running<Boolean> watcher = Threads.start("watcher", () -> grab(manager.writeLock(), store.writeLock(), bothHoldFirst));
        Threads.Running<Boolean> query = Threads.start("parent-query", () -> grab(store.readLock(), manager.readLock(), bothHoldFirst));
        boolean watcherFailed = watcher.get();
        boolean queryFailed = query.get();
        assertTrue(watcherFailed ^ queryFailed, "exactly one side is refused: watcher=" + watcherFailed + " query=" + queryFailed);
        assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size());
        assertFalse(manager.isWriteLocked());
        assertEquals(0, store.getReadLockCount());
    }

    /** Takes outer, meets the other thread, takes inner; true if refused with PotentialDeadlockException. */
    private static boolean grab(Lock outer, Lock inner, CyclicBarrier barrier) throws Exception {
        outer.lock();
        try {
            barrier.await(10, TimeUnit.SECONDS);
            inner.lock();
            inner.unlock();
            return false;
        } catch (PotentialDeadlockException e) {
            assertNotNull(e.report());
            return true;
        } finally {
            outer.unlock();
        }
    }

    private static boolean refused(Lock outer, Lock inner) {
        try {
            nest(outer, inner);
            return false;
        } catch (PotentialDeadlockException expected) {
            return true;
        }
    }

    @Test
    void threeLockCycleIsFoundWithEveryEdge() {
        DeadlockAwareMutex a = new DeadlockAwareMutex("tri.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("tri.b");
        DeadlockAwareMutex c = new DeadlockAwareMutex("tri.c");
        nest(a, b);
        nest(b, c);
        assertTrue(rec.reports.isEmpty());
        nest(c, a);
        LockReport r = rec.only(ReportKind.LOCK_ORDER_INVERSION);
        assertEquals(3, r.edges().size());
        assertTrue(r.text().contains("Thread 3"), r.text());
    }

    @Test
    void longCycleIsFoundWithoutRecursion() {
        int n = 5_000;
        DeadlockAwareMutex[] locks = new DeadlockAwareMutex[n];
        for (int i = 0; i < n; i++) {
            locks[i] = new DeadlockAwareMutex("chain." + i);
        }
        for (int i = 0; i + 1 < n; i++) {
            nest(locks[i], locks[i + 1]);
        }
        assertTrue(rec.reports.isEmpty());
        nest(locks[n - 1], locks[0]);
        assertEquals(n, rec.only(ReportKind.LOCK_ORDER_INVERSION).edges().size());
    }

    @Test
    void readReadCycleIsReportedAndSaysItNeedsQueuedWriters() {
        DeadlockAwareRWLock a = new DeadlockAwareRWLock("rr.a");
        DeadlockAwareRWLock b = new DeadlockAwareRWLock("rr.b");
        nest(a.readLock(), b.readLock());
        nest(b.readLock(), a.readLock());
        LockReport r = rec.only(ReportKind.LOCK_ORDER_INVERSION);
        assertTrue(r.text().contains("queued writer"), r.text());
        assertTrue(r.text().contains("write lock of rr.a"), r.text());
        assertTrue(r.text().contains("write lock of rr.b"), r.text());
    }

    @Test
    void sameLockClassAcrossInstancesIsOneNode() {
        DeadlockAwareRWLock room1 = new DeadlockAwareRWLock("room.members");
        DeadlockAwareRWLock room2 = new DeadlockAwareRWLock("room.members");
        DeadlockAwareMutex registry1 = new DeadlockAwareMutex("room.registry");
        DeadlockAwareMutex registry2 = new DeadlockAwareMutex("room.registry");
        nest(room1.writeLock(), registry1);
        nest(registry2, room2.readLock());
        assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size(), "no pair of instances inverted, the classes did");
    }

    @Test
    void untimedTryLockReentryAndDowngradeAddNoEdges() {
        DeadlockAwareRWLock a = new DeadlockAwareRWLock("noedge.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("noedge.b");
        a.writeLock().lock();
        assertTrue(b.tryLock());
        b.unlock();
        a.readLock().lock(); // downgrade
        a.writeLock().lock(); // re-entry
        a.writeLock().unlock();
        a.readLock().unlock();
        a.writeLock().unlock();
        b.lock();
        assertTrue(a.writeLock().tryLock());
        a.writeLock().unlock();
        b.unlock();
        assertEquals(0, LockAware.orderEdgeCount());
        assertTrue(rec.reports.isEmpty(), rec.reports.toString());
    }

    @Test
    void lockHeldViaTryLockStillOrdersWhatComesAfterIt() {
        DeadlockAwareMutex a = new DeadlockAwareMutex("try.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("try.b");
        assertTrue(a.tryLock());
        b.lock(); // blocking while holding a: a -> b is a real dependency
        b.unlock();
        a.unlock();
        nest(b, a);
        assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size());
    }

    @Test
    void timedTryLockInversionIsABoundedWarningNeverAnException() throws Exception {
        LockAware.setPolicy(Policy.THROW);
        DeadlockAwareMutex a = new DeadlockAwareMutex("timed.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("timed.b");
        nest(a, b);
        b.lock();
        try {
            assertTrue(a.tryLock(1, TimeUnit.SECONDS), "a timed tryLock is never refused");
            a.unlock();
        } finally {
            b.unlock();
        }
        LockReport r = rec.only(ReportKind.LOCK_ORDER_INVERSION);
        assertTrue(r.bounded());
        assertTrue(r.text().contains("timed tryLock"), r.text());
    }

    @Test
    void throwPolicyFailsBeforeBlockingAndHoldsNothingOfTheRequestedLock() {
        LockAware.setPolicy("thr.a", ReportKind.LOCK_ORDER_INVERSION, Policy.THROW);
        DeadlockAwareMutex a = new DeadlockAwareMutex("thr.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("thr.b");
        nest(a, b);
        b.lock();
        try {
            PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class, a::lock);
            assertEquals(ReportKind.LOCK_ORDER_INVERSION, e.report().kind());
            assertFalse(a.isLocked());
            assertTrue(b.isHeldByCurrentThread());
            assertEquals(List.of("thr.b"), LockAware.locksHeldBy(Thread.currentThread()).stream().map(LockSnapshot.Holder::lock).toList());
            assertThrows(PotentialDeadlockException.class, a::lock, "refused every time, not only the first");
        } finally {
            b.unlock();
        }
        assertEquals(1, rec.reports.size(), "listeners hear of the problem once");
        nest(a, b);
    }

    @Test
    void policyIgnoreSilencesTheKindForThatLock() {
        LockAware.setPolicy("ign.b", ReportKind.LOCK_ORDER_INVERSION, Policy.IGNORE);
        DeadlockAwareMutex a = new DeadlockAwareMutex("ign.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("ign.b");
        nest(a, b);
        nest(b, a); // closes the cycle acquiring ign.a: not ignored
        assertEquals(1, rec.reports.size());
        LockAware.forgetLearnedOrder();
        LockAware.setPolicy("ign.b", ReportKind.LOCK_ORDER_INVERSION, Policy.IGNORE);
        nest(b, a);
        nest(a, b); // closes the cycle acquiring ign.b: ignored
        assertEquals(1, rec.reports.size());
    }

    /**
     * Two threads add the two halves of one cycle at the same moment. Under THROW the check-and-insert must refuse
     * one of them; if both passed, they would also both block and this test would time out.
     */
    @Test
    void concurrentHalvesOfOneCycleAreNeverBothMissed() throws Exception {
        LockAware.setPolicy(ReportKind.LOCK_ORDER_INVERSION, Policy.THROW);
        for (int round = 0; round < 200; round++) {
            DeadlockAwareMutex a = new DeadlockAwareMutex("half.a." + round);
            DeadlockAwareMutex b = new DeadlockAwareMutex("half.b." + round);
            CyclicBarrier start = new CyclicBarrier(2);
            Threads.Running<Boolean> t1 = Threads.start("h1", () -> {
                start.await(10, TimeUnit.SECONDS);
                return refused(a, b);
            });
            Threads.Running<Boolean> t2 = Threads.start("h2", () -> {
                start.await(10, TimeUnit.SECONDS);
                return refused(b, a);
            });
            assertTrue(t1.get() ^ t2.get(), "exactly one half refused in round " + round);
            assertEquals(round + 1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size(), "round " + round);
        }
    }
}
