package io.lockaware;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who holds what: {@link DeadlockAwareMutex#snapshot()}, {@link DeadlockAwareRWLock#snapshot()} and
 * {@link LockAware#locksHeldBy(Thread)}, through re-entry, downgrade, out-of-order release, condition waits,
 * serialization and a thread that ends while holding a lock.
 */
@Timeout(30)
class OwnershipTest {
    /** Holds start from a clock refreshed every 10 ms; snapshots convert to Instants. Generous, but catches nonsense. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    private Recorder rec;

    @BeforeEach
    void setUp() {
        rec = Recorder.install();
    }

    @AfterEach
    void tearDown() {
        rec.close();
    }

    /**
     * Reports of the kinds found at acquisition time, the ones these tests are about. Reports of actual problems
     * (long holds, long waits, leaked locks) come from the watchdog on its own schedule and are not counted here.
     */
    private List<LockReport> potential() {
        return rec.reports.stream().filter(r -> r.kind().isPotential()).toList();
    }

    private static LockSnapshot.Holder only(List<LockSnapshot.Holder> holders) {
        assertEquals(1, holders.size(), holders.toString());
        return holders.get(0);
    }

    private static List<String> describe(List<LockSnapshot.Holder> holders) {
        return holders.stream().map(h -> h.lock() + " " + h.mode() + " x" + h.holdCount() + " by " + h.thread().getName())
                .toList();
    }

    private static boolean mentions(List<StackTraceElement> stack, String method) {
        return stack.stream().anyMatch(
                e -> e.getClassName().startsWith(OwnershipTest.class.getName()) && e.getMethodName().contains(method));
    }

    @Test
    void snapshotOfFreeLocks() {
        DeadlockAwareMutex m = new DeadlockAwareMutex("own.free.m", true);
        LockSnapshot s = m.snapshot();
        assertEquals("own.free.m", s.name());
        assertTrue(s.mutex());
        assertTrue(s.fair());
        assertTrue(s.holders().isEmpty());
        assertTrue(s.waiters().isEmpty());
        assertTrue(s.queued().isEmpty());
        assertTrue(s.writer().isEmpty());
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("own.free.rw");
        LockSnapshot r = rw.snapshot();
        assertEquals("own.free.rw", r.name());
        assertFalse(r.mutex());
        assertFalse(r.fair());
        assertTrue(r.holders().isEmpty());
        assertTrue(r.readers().isEmpty());
    }

    @Test
    void mutexHolderHasCountSinceAndAcquisitionSite() {
        DeadlockAwareMutex m = new DeadlockAwareMutex("own.mutex");
        Instant before = Instant.now();
        m.lock();
        m.lock();
        Instant after = Instant.now();
        try {
            LockSnapshot.Holder h = only(m.snapshot().holders());
            assertEquals("own.mutex", h.lock());
            assertSame(Thread.currentThread(), h.thread());
            assertEquals(LockMode.WRITE, h.mode());
            assertEquals(2, h.holdCount());
            assertFalse(h.since().isBefore(before.minus(CLOCK_SLACK)), h.since() + " vs " + before);
            assertFalse(h.since().isAfter(after.plusMillis(50)), h.since() + " vs " + after);
            assertFalse(h.heldFor().isNegative());
            assertEquals(SiteSource.THIS_ACQUISITION, h.source(), "first time this thread takes the class: captured");
            assertTrue(mentions(h.acquiredAt(), "mutexHolderHasCountSinceAndAcquisitionSite"), h.acquiredAt().toString());
            assertTrue(h.acquiredAt().get(0).getClassName().startsWith(OwnershipTest.class.getName()),
                    "the site starts at the caller, not inside the library: " + h.acquiredAt());
            assertEquals(describe(List.of(h)), describe(List.of(m.snapshot().writer().orElseThrow())));
            m.unlock();
            assertEquals(1, only(m.snapshot().holders()).holdCount());
        } finally {
            while (m.isHeldByCurrentThread()) {
                m.unlock();
            }
        }
        assertTrue(m.snapshot().holders().isEmpty());
        List<StackTraceElement> firstSite = List.of();
        m.lock();
        try {
            LockSnapshot.Holder again = only(m.snapshot().holders());
            assertEquals(SiteSource.FIRST_BY_THREAD, again.source(),
                    "later holds are not captured by default; they point at the thread's first site");
            firstSite = again.acquiredAt();
        } finally {
            m.unlock();
        }
        assertTrue(mentions(firstSite, "mutexHolderHasCountSinceAndAcquisitionSite"), firstSite.toString());
    }

    @Test
    void readersWriterWaitersAndQueue() throws Exception {
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("own.rw", true);
        Hold reader = Hold.start("own-reader", rw.readLock());
        rw.readLock().lock();
        rw.readLock().lock();
        AtomicReference<LockSnapshot> seenByWriter = new AtomicReference<>();
        Threads.Running<Void> writer = Threads.start("own-writer", () -> {
            rw.writeLock().lock();
            try {
                seenByWriter.set(rw.snapshot());
            } finally {
                rw.writeLock().unlock();
            }
        });
        Threads.await("writer queued", () -> rw.hasQueuedThread(writer.thread()));
        Threads.awaitBlocked(writer.thread());
        Threads.Running<Void> lateReader = Threads.start("own-late-reader", () -> {
            rw.readLock().lock();
            rw.readLock().unlock();
        });
        Threads.await("late reader queued", () -> rw.hasQueuedThread(lateReader.thread()));
        Threads.awaitBlocked(lateReader.thread());
        try {
            LockSnapshot s = rw.snapshot();
            assertEquals("own.rw", s.name());
            assertTrue(s.fair());
            assertTrue(s.writer().isEmpty());
            assertEquals(List.of("own.rw READ x1 by own-reader", "own.rw READ x2 by main"),
                    describe(s.readers()).stream().sorted().toList());
            assertEquals(2, s.waiters().size(), s.waiters().toString());
            LockSnapshot.Waiter w = s.waiters().stream().filter(x -> x.thread() == writer.thread()).findFirst().orElseThrow();
            assertEquals(LockMode.WRITE, w.mode());
            assertFalse(w.since().isAfter(Instant.now()));
            LockSnapshot.Waiter r = s.waiters().stream().filter(x -> x.thread() == lateReader.thread()).findFirst().orElseThrow();
            assertEquals(LockMode.READ, r.mode());
            assertEquals(2, s.queued().size());
            assertTrue(s.queued().contains(writer.thread()) && s.queued().contains(lateReader.thread()));
        } finally {
            rw.readLock().unlock();
            rw.readLock().unlock();
            reader.release();
        }
        writer.get();
        lateReader.get();
        LockSnapshot w = seenByWriter.get();
        assertEquals(List.of("own.rw WRITE x1 by own-writer"), describe(w.holders()));
        assertSame(writer.thread(), w.writer().orElseThrow().thread());
        assertTrue(w.readers().isEmpty());
        LockSnapshot end = rw.snapshot();
        assertTrue(end.holders().isEmpty() && end.waiters().isEmpty() && end.queued().isEmpty(), end.toString());
    }

    @Test
    void locksHeldByListsEveryHoldInnermostLast() throws Exception {
        DeadlockAwareMutex a = new DeadlockAwareMutex("own.held.a");
        DeadlockAwareRWLock b = new DeadlockAwareRWLock("own.held.b");
        DeadlockAwareRWLock c = new DeadlockAwareRWLock("own.held.c");
        DeadlockAwareMutex d = new DeadlockAwareMutex("own.held.d");
        Thread me = Thread.currentThread();
        a.lock();
        b.readLock().lock();
        c.writeLock().lock();
        c.writeLock().lock();
        Hold other = Hold.start("own-other-holder", d);
        try {
            assertEquals(List.of("own.held.a WRITE x1 by main", "own.held.b READ x1 by main", "own.held.c WRITE x2 by main"),
                    describe(LockAware.locksHeldBy(me)));
            assertEquals(List.of("own.held.d WRITE x1 by own-other-holder"), describe(LockAware.locksHeldBy(other.thread())));
            Thread never = new Thread(() -> { }, "own-never-locked");
            assertTrue(LockAware.locksHeldBy(never).isEmpty());
            assertThrows(NullPointerException.class, () -> LockAware.locksHeldBy(null));
        } finally {
            other.release();
            c.writeLock().unlock();
            c.writeLock().unlock();
            b.readLock().unlock();
            a.unlock();
        }
        assertTrue(LockAware.locksHeldBy(me).isEmpty(), LockAware.locksHeldBy(me).toString());
        assertTrue(LockAware.locksHeldBy(other.thread()).isEmpty());
    }

    @Test
    void outOfOrderReleaseKeepsTheOtherHoldsAndTheOrderBookkeeping() {
        DeadlockAwareMutex a = new DeadlockAwareMutex("own.ooo.a");
        DeadlockAwareRWLock b = new DeadlockAwareRWLock("own.ooo.b");
        DeadlockAwareMutex c = new DeadlockAwareMutex("own.ooo.c");
        DeadlockAwareMutex d = new DeadlockAwareMutex("own.ooo.d");
        a.lock();
        b.readLock().lock();
        c.lock();
        assertEquals(3, LockAware.orderEdgeCount(), "a->b, a->c, b->c");
        b.readLock().unlock(); // released in the middle
        assertEquals(List.of("own.ooo.a WRITE x1 by main", "own.ooo.c WRITE x1 by main"),
                describe(LockAware.locksHeldBy(Thread.currentThread())));
        assertTrue(b.snapshot().holders().isEmpty());
        d.lock();
        assertEquals(5, LockAware.orderEdgeCount(), "only a->d and c->d: b is no longer held");
        a.unlock(); // the outermost next
        assertEquals(List.of("own.ooo.c WRITE x1 by main", "own.ooo.d WRITE x1 by main"),
                describe(LockAware.locksHeldBy(Thread.currentThread())));
        d.unlock();
        c.unlock();
        assertTrue(LockAware.locksHeldBy(Thread.currentThread()).isEmpty());
        // the held stack is consistent again: an order never seen before is still checked and learned
        c.lock();
        b.writeLock().lock();
        b.writeLock().unlock();
        c.unlock();
        assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size(), "c -> b inverts b -> c: " + rec.reports);
    }

    /**
     * The hashes of a one-lock stack are kept while the outermost holds are of the same lock side; when the outermost
     * hold is released first, the next one becomes the root and the kept hashes must follow it.
     */
    @Test
    void theOutermostHoldReleasedFirstHandsTheRootHashesToTheNext() {
        DeadlockAwareMutex a = new DeadlockAwareMutex("own.root.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("own.root.b");
        DeadlockAwareMutex c = new DeadlockAwareMutex("own.root.c");
        Thread me = Thread.currentThread();
        a.lock();
        b.lock();
        a.unlock(); // out of order: b is the outermost hold now
        b.unlock();
        a.lock();
        a.lock(); // a re-entry, found only through the outermost hold's class filter
        assertEquals(List.of("own.root.a WRITE x2 by main"), describe(LockAware.locksHeldBy(me)));
        c.lock(); // a -> c, checked against a stack that holds a
        c.unlock();
        a.unlock();
        a.unlock();
        c.lock();
        a.lock(); // inverts a -> c
        a.unlock();
        c.unlock();
        assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size(), rec.reports.toString());
    }

    /** An outermost acquisition that fails after staging leaves hashes that the next outermost one must not reuse. */
    @Test
    void aFailedOutermostAcquisitionDoesNotLeaveItsHashesToTheNextLock() throws Exception {
        DeadlockAwareMutex a = new DeadlockAwareMutex("own.root.fail.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("own.root.fail.b");
        Thread me = Thread.currentThread();
        a.lock();
        a.unlock();
        Hold holder = Hold.start("holder", b);
        try {
            assertFalse(b.tryLock(1, TimeUnit.MILLISECONDS)); // staged for b, then given up
        } finally {
            holder.release();
        }
        a.lock();
        a.lock(); // a re-entry, found only through the outermost hold's class filter
        assertEquals(List.of("own.root.fail.a WRITE x2 by main"), describe(LockAware.locksHeldBy(me)));
        a.unlock();
        a.unlock();
    }

    /**
     * A mutex and a read/write lock of one name share a lock class: their exclusive sides have one code, so an
     * outermost write lock after an outermost mutex reuses the mutex's hashes, which must be its own.
     */
    @Test
    void aMutexAndAWriteLockOfOneNameShareTheOutermostHashes() {
        DeadlockAwareMutex m = new DeadlockAwareMutex("own.root.shared");
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("own.root.shared");
        m.lock();
        m.unlock();
        rw.writeLock().lock();
        rw.writeLock().lock(); // a re-entry, found through the class filter the mutex's acquisition left
        assertEquals(List.of("own.root.shared WRITE x2 by main"), describe(LockAware.locksHeldBy(Thread.currentThread())));
        m.lock(); // the same class nested without order keys
        m.unlock();
        rw.writeLock().unlock();
        rw.writeLock().unlock();
        assertEquals(1, rec.of(ReportKind.SAME_CLASS_NESTING).size(), rec.reports.toString());
    }

    @Test
    void reentryCountsInEveryAcquisitionStyle() throws Exception {
        DeadlockAwareMutex m = new DeadlockAwareMutex("own.reentry.m");
        m.lock();
        m.lockInterruptibly();
        assertTrue(m.tryLock());
        assertTrue(m.tryLock(1, SECONDS));
        assertEquals(4, only(m.snapshot().holders()).holdCount());
        assertEquals(m.getHoldCount(), only(LockAware.locksHeldBy(Thread.currentThread())).holdCount());
        m.unlock();
        assertEquals(3, only(m.snapshot().holders()).holdCount());
        m.unlock();
        m.unlock();
        m.unlock();
        assertTrue(m.snapshot().holders().isEmpty());

        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("own.reentry.rw");
        for (Lock v : List.of(rw.readLock(), rw.writeLock())) {
            v.lock();
            v.lockInterruptibly();
            assertTrue(v.tryLock());
            assertTrue(v.tryLock(1, SECONDS));
            LockSnapshot.Holder h = only(rw.snapshot().holders());
            assertEquals(4, h.holdCount());
            assertEquals(v == rw.readLock() ? rw.getReadHoldCount() : rw.getWriteHoldCount(), h.holdCount());
            for (int i = 0; i < 4; i++) {
                v.unlock();
            }
            assertTrue(rw.snapshot().holders().isEmpty());
        }
    }

    @Test
    void downgradeShowsBothHoldsThenOnlyTheRead() {
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("own.downgrade");
        rw.writeLock().lock();
        rw.readLock().lock();
        try {
            LockSnapshot s = rw.snapshot();
            assertEquals(List.of("own.downgrade READ x1 by main", "own.downgrade WRITE x1 by main"),
                    describe(s.holders()).stream().sorted().toList());
            assertSame(Thread.currentThread(), s.writer().orElseThrow().thread());
            assertEquals(1, s.readers().size());
            assertEquals(List.of(LockMode.WRITE, LockMode.READ),
                    LockAware.locksHeldBy(Thread.currentThread()).stream().map(LockSnapshot.Holder::mode).toList());
            rw.writeLock().unlock();
            assertEquals(List.of("own.downgrade READ x1 by main"), describe(rw.snapshot().holders()));
            assertTrue(rw.snapshot().writer().isEmpty());
        } finally {
            if (rw.isWriteLockedByCurrentThread()) {
                rw.writeLock().unlock();
            }
            rw.readLock().unlock();
        }
        assertTrue(rw.snapshot().holders().isEmpty());
        assertTrue(potential().isEmpty(), "a downgrade is not a problem: " + rec.reports);
    }

    /** Incident 3: a code path returns without unlock(); its thread ends; the hold must stay visible with its site. */
    @Test
    void aHoldLeftByAFinishedThreadStaysVisibleWithItsAcquisitionStack() throws Exception {
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("own.leaked");
        Thread gone = leakOnNewThread("own-leaker", rw);
        try {
            assertEquals(1, rw.getReadLockCount(), "the JDK agrees the read lock is still held");
            assertFalse(rw.writeLock().tryLock());
            checkLeakedHold(rw, gone, "own-leaker");
        } finally {
            forget(gone); // this test's leak must not outlive it: other tests (and a watchdog) scan the records
        }
    }

    /**
     * Records of finished threads are swept as new threads register (memory stays bounded with thread-per-task code),
     * but never the record of a finished thread that still holds a lock.
     */
    @Test
    void recordsOfFinishedThreadsAreSweptButNotThoseHoldingALock() throws Exception {
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("own.swept");
        Thread gone = leakOnNewThread("own-sweep-leaker", rw);
        DeadlockAwareMutex churn = new DeadlockAwareMutex("own.swept.churn");
        try {
            // Two rounds: the first sweep of a JVM is easy; the point is that sweeping goes on after it, with
            // records (this thread's, the leaker's) that every sweep must keep.
            for (int round = 0; round < 2; round++) {
                // Each sweep comes at most max(256, records kept by the last sweep) registrations after the previous.
                int bound = 2 * Math.max(256, ThreadRecord.ALL.size()) + 2;
                Thread first = null;
                boolean swept = false;
                for (int i = 0; i < bound && !swept; i++) {
                    Threads.Running<Void> t = Threads.start("own-churn-" + round + "-" + i, () -> {
                        churn.lock();
                        churn.unlock();
                    });
                    t.get();
                    t.join();
                    Thread f = first == null ? t.thread() : first;
                    first = f;
                    swept = i > 0 && ThreadRecord.ALL.stream().noneMatch(r -> r.thread == f);
                }
                assertTrue(swept, "round " + round + ": the record of a finished thread that holds nothing was not "
                        + "swept after " + bound + " new threads; records kept: " + ThreadRecord.ALL.size());
                checkLeakedHold(rw, gone, "own-sweep-leaker");
            }
        } finally {
            forget(gone);
        }
    }

    private static Thread leakOnNewThread(String name, DeadlockAwareRWLock rw) throws Exception {
        Threads.Running<Void> leaker = Threads.start(name, () -> leakReadLock(rw));
        leaker.get();
        leaker.join();
        assertFalse(leaker.thread().isAlive());
        return leaker.thread();
    }

    private static void forget(Thread gone) {
        ThreadRecord.ALL.removeIf(r -> r.thread == gone);
    }

    private static void leakReadLock(DeadlockAwareRWLock rw) {
        rw.readLock().lock(); // and never unlock(): the bug of incident 3
    }

    private static void checkLeakedHold(DeadlockAwareRWLock rw, Thread gone, String name) {
        LockSnapshot.Holder h = only(rw.snapshot().readers());
        assertSame(gone, h.thread());
        assertFalse(h.thread().isAlive());
        assertEquals(LockMode.READ, h.mode());
        assertEquals(1, h.holdCount());
        assertEquals(SiteSource.THIS_ACQUISITION, h.source());
        assertTrue(mentions(h.acquiredAt(), "leakReadLock"), "the acquisition stack is the only evidence: " + h.acquiredAt());
        assertEquals(List.of(rw.getName() + " READ x1 by " + name), describe(LockAware.locksHeldBy(gone)));
    }

    @Test
    void conditionAwaitDropsTheHoldWhileWaitingAndRestoresIt() throws Exception {
        DeadlockAwareMutex outer = new DeadlockAwareMutex("own.cond.outer");
        DeadlockAwareMutex m = new DeadlockAwareMutex("own.cond");
        Condition c = m.newCondition();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<List<String>> heldBefore = new AtomicReference<>();
        AtomicReference<List<String>> heldAfter = new AtomicReference<>();
        AtomicReference<LockSnapshot.Holder> holdBefore = new AtomicReference<>();
        AtomicReference<LockSnapshot.Holder> holdAfter = new AtomicReference<>();
        Threads.Running<Void> waiter = Threads.start("own-waiter", () -> {
            outer.lock();
            m.lock();
            m.lock();
            try {
                heldBefore.set(describe(LockAware.locksHeldBy(Thread.currentThread())));
                holdBefore.set(only(m.snapshot().holders()));
                waiting.countDown();
                if (!c.await(Threads.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("never signalled");
                }
                heldAfter.set(describe(LockAware.locksHeldBy(Thread.currentThread())));
                holdAfter.set(only(m.snapshot().holders()));
            } finally {
                m.unlock();
                m.unlock();
                outer.unlock();
            }
        });
        assertTrue(waiting.await(10, SECONDS));
        Threads.await("waiter waits on the condition", () -> {
            m.lock();
            try {
                return m.hasWaiters(c);
            } finally {
                m.unlock();
            }
        });
        assertTrue(m.snapshot().holders().isEmpty(), "while waiting, the waiter does not hold the lock: " + m.snapshot());
        assertEquals(List.of("own.cond.outer WRITE x1 by own-waiter"), describe(LockAware.locksHeldBy(waiter.thread())));
        m.lock();
        try {
            assertEquals(List.of("own.cond WRITE x1 by main"), describe(m.snapshot().holders()));
            c.signal();
        } finally {
            m.unlock();
        }
        waiter.get();
        assertEquals(List.of("own.cond.outer WRITE x1 by own-waiter", "own.cond WRITE x2 by own-waiter"), heldBefore.get());
        assertEquals(heldBefore.get(), heldAfter.get(), "the hold comes back with its count");
        assertEquals(holdBefore.get().acquiredAt(), holdAfter.get().acquiredAt(), "and with its acquisition site");
        assertEquals(holdBefore.get().source(), holdAfter.get().source());
        assertTrue(m.snapshot().holders().isEmpty());
        assertTrue(potential().isEmpty(), rec.reports.toString());
    }

    @Test
    void writeConditionAwaitDropsTheWriteHoldOnly() throws Exception {
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("own.wcond");
        Condition c = rw.writeLock().newCondition();
        Threads.Running<Integer> waiter = Threads.start("own-wwaiter", () -> {
            rw.writeLock().lock();
            rw.writeLock().lock();
            try {
                c.await(Threads.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return only(rw.snapshot().holders()).holdCount();
            } finally {
                rw.writeLock().unlock();
                rw.writeLock().unlock();
            }
        });
        Threads.await("waiter waits on the condition", () -> {
            rw.writeLock().lock();
            try {
                return rw.hasWaiters(c);
            } finally {
                rw.writeLock().unlock();
            }
        });
        assertTrue(rw.snapshot().holders().isEmpty());
        assertTrue(LockAware.locksHeldBy(waiter.thread()).isEmpty());
        rw.readLock().lock(); // nobody holds the write lock while it waits: a reader gets in
        rw.readLock().unlock();
        rw.writeLock().lock();
        c.signal();
        rw.writeLock().unlock();
        assertEquals(2, waiter.get());
        assertTrue(rw.snapshot().holders().isEmpty());
    }

    @Test
    void aDeserializedLockIsUnlockedAndKeepsItsNameOrderKeyAndLockClass() throws Exception {
        DeadlockAwareMutex a = new DeadlockAwareMutex("own.ser.a").setOrderKey(7);
        DeadlockAwareRWLock b = new DeadlockAwareRWLock("own.ser.b", true).setOrderKey(9);
        a.lock();
        b.writeLock().lock(); // learns own.ser.a -> own.ser.b
        DeadlockAwareMutex a2 = Trace.serialClone(a);
        DeadlockAwareRWLock b2 = Trace.serialClone(b);
        b.writeLock().unlock();
        a.unlock();
        assertEquals("own.ser.a", a2.getName());
        assertEquals(7, a2.getOrderKey());
        assertEquals("own.ser.b", b2.getName());
        assertEquals(9, b2.getOrderKey());
        assertTrue(b2.isFair());
        assertFalse(a2.isLocked());
        assertFalse(b2.isWriteLocked());
        assertTrue(a2.snapshot().holders().isEmpty());
        assertEquals("own.ser.a", a2.snapshot().name());
        b2.writeLock().lock();
        assertEquals(List.of("own.ser.b WRITE x1 by main"), describe(b2.snapshot().holders()));
        assertTrue(b.snapshot().holders().isEmpty(), "the original and the copy are different locks");
        a2.lock(); // own.ser.b -> own.ser.a: the clones are in the same lock classes as the originals
        a2.unlock();
        b2.writeLock().unlock();
        LockReport r = rec.only(ReportKind.LOCK_ORDER_INVERSION);
        assertEquals(List.of("own.ser.b", "own.ser.a"), r.locks());
    }
}
