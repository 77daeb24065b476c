package io.lockaware;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.function.Executable;

/**
 * What callers get wrong, and what the library must survive: null and blank names, unlocking what is not held,
 * listeners that throw, and a flood of distinct lock names.
 */
@Timeout(30)
class BadInputTest {
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

    private static void nest(Lock outer, Lock inner) {
        outer.lock();
        try {
            inner.lock();
            inner.unlock();
        } finally {
            outer.unlock();
        }
    }

    // ------------------------------------------------------------------------------------ names

    @Test
    void aNullNameIsRejectedWithAHelpfulMessage() {
        List<Executable> constructors = List.of(
                () -> new DeadlockAwareMutex(null), () -> new DeadlockAwareMutex(null, true),
                () -> new DeadlockAwareRWLock(null), () -> new DeadlockAwareRWLock(null, false));
        for (Executable c : constructors) {
            NullPointerException e = assertThrows(NullPointerException.class, c);
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().startsWith("lock name must not be null"), e.getMessage());
            assertTrue(e.getMessage().contains("room.members") && e.getMessage().contains("without a name"),
                    "says what to pass instead: " + e.getMessage());
        }
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> LockAware.setPolicy((String) null, ReportKind.LOCK_ORDER_INVERSION, Policy.LOG));
        assertTrue(e.getMessage().startsWith("lock name must not be null"), e.getMessage());
        assertThrows(NullPointerException.class, () -> LockAware.policy(null, ReportKind.LOCK_ORDER_INVERSION));
    }

    @Test
    void aBlankNameIsRejected() {
        for (String blank : List.of("", " ", "\t\n")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeadlockAwareMutex(blank));
            assertTrue(e.getMessage().contains("must not be blank"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new DeadlockAwareRWLock(blank, true));
            assertThrows(IllegalArgumentException.class, () -> LockAware.setPolicy(blank, ReportKind.LEAKED_LOCK, Policy.LOG));
        }
    }

    @Test
    void nullAndReservedArgumentsElsewhereInTheApi() {
        assertThrows(NullPointerException.class, () -> LockAware.addListener(null));
        assertThrows(NullPointerException.class, () -> LockAware.addEventListener(null));
        assertThrows(NullPointerException.class, () -> LockAware.addStatsListener(null));
        assertThrows(NullPointerException.class, () -> LockAware.setPolicy((Policy) null));
        assertThrows(NullPointerException.class, () -> LockAware.setPolicy((ReportKind) null, Policy.LOG));
        assertThrows(NullPointerException.class, () -> LockAware.setPolicy("bad.null.kind", null, Policy.LOG));
        assertThrows(NullPointerException.class, () -> LockAware.locksHeldBy(null));
        assertFalse(LockAware.removeListener(r -> { }));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeadlockAwareMutex("bad.key").setOrderKey(LockAware.NO_ORDER_KEY));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DeadlockAwareRWLock("bad.key").setOrderKey(Long.MIN_VALUE));
        assertEquals(Long.MIN_VALUE + 1, new DeadlockAwareMutex("bad.key").setOrderKey(Long.MIN_VALUE + 1).getOrderKey());
    }

    // ------------------------------------------------------------------------------------ unlocking what is not held

    /** Everything a snapshot shows about the holds, except the start instant (compared with a tolerance). */
    private static List<String> holds(LockSnapshot s) {
        List<String> out = new ArrayList<>();
        for (LockSnapshot.Holder h : s.holders()) {
            out.add(h.lock() + " " + h.mode() + " x" + h.holdCount() + " by " + h.thread().getName() + " from "
                    + h.source() + " " + h.acquiredAt());
        }
        out.sort(null);
        return out;
    }

    private static void assertSameStarts(LockSnapshot before, LockSnapshot after) {
        assertEquals(before.holders().size(), after.holders().size());
        for (int i = 0; i < before.holders().size(); i++) {
            Duration d = Duration.between(before.holders().get(i).since(), after.holders().get(i).since()).abs();
            assertTrue(d.toMillis() < 150, "hold start moved by " + d); // see the clock wait in the caller
        }
    }

    private static IllegalMonitorStateException imse(Executable e) {
        return assertThrows(IllegalMonitorStateException.class, e);
    }

    @Test
    void unlockingWhatIsNotHeldThrowsExactlyLikeTheJdkAndLeavesTheBookkeepingIntact() throws Exception {
        IllegalMonitorStateException jdkMutex = imse(new ReentrantLock()::unlock);
        IllegalMonitorStateException jdkRead = imse(new ReentrantReadWriteLock().readLock()::unlock);
        IllegalMonitorStateException jdkWrite = imse(new ReentrantReadWriteLock().writeLock()::unlock);

        DeadlockAwareMutex a = new DeadlockAwareMutex("bad.unlock.a");
        DeadlockAwareRWLock b = new DeadlockAwareRWLock("bad.unlock.b");
        DeadlockAwareMutex c = new DeadlockAwareMutex("bad.unlock.c");
        DeadlockAwareRWLock d = new DeadlockAwareRWLock("bad.unlock.d");
        d.writeLock().lock();
        IllegalMonitorStateException readUnlockHoldingWrite = imse(() -> d.readLock().unlock());
        assertTrue(d.isWriteLockedByCurrentThread());
        assertEquals(1, d.snapshot().holders().size());
        d.writeLock().unlock();
        a.lock();
        b.readLock().lock();
        b.readLock().lock();
        try {
            LockSnapshot aBefore = a.snapshot();
            LockSnapshot bBefore = b.snapshot();
            List<LockSnapshot.Holder> heldBefore = LockAware.locksHeldBy(Thread.currentThread());
            long clock = Clock.coarseNanos(); // so that a hold restarted by mistake would start visibly later
            Threads.await("the coarse clock moves on", () -> Clock.coarseNanos() - clock > 300_000_000L);
            int edges = LockAware.orderEdgeCount();

            List<IllegalMonitorStateException> ours = new ArrayList<>();
            ours.add(imse(c::unlock));
            ours.add(imse(() -> d.readLock().unlock()));
            ours.add(imse(() -> d.writeLock().unlock()));
            ours.add(imse(() -> b.writeLock().unlock())); // holds b's read lock only
            ours.add(readUnlockHoldingWrite);
            List<IllegalMonitorStateException> jdk = List.of(jdkMutex, jdkRead, jdkWrite, jdkWrite, jdkRead);
            for (int i = 0; i < jdk.size(); i++) {
                assertSame(jdk.get(i).getClass(), ours.get(i).getClass());
                assertEquals(jdk.get(i).getMessage(), ours.get(i).getMessage(), "case " + i);
            }
            Threads.start("bad-intruder", () -> {
                assertEquals(jdkMutex.getMessage(), imse(a::unlock).getMessage());
                assertEquals(jdkRead.getMessage(), imse(() -> b.readLock().unlock()).getMessage());
                assertTrue(LockAware.locksHeldBy(Thread.currentThread()).isEmpty());
            }).get();

            assertEquals(holds(aBefore), holds(a.snapshot()));
            assertEquals(holds(bBefore), holds(b.snapshot()));
            assertSameStarts(aBefore, a.snapshot());
            assertSameStarts(bBefore, b.snapshot());
            assertEquals(heldBefore.stream().map(h -> h.lock() + h.mode() + h.holdCount()).toList(),
                    LockAware.locksHeldBy(Thread.currentThread()).stream().map(h -> h.lock() + h.mode() + h.holdCount()).toList());
            assertEquals(edges, LockAware.orderEdgeCount());
            assertTrue(a.isHeldByCurrentThread());
            assertEquals(2, b.getReadHoldCount());
            assertTrue(c.snapshot().holders().isEmpty() && d.snapshot().holders().isEmpty());

            c.lock(); // later acquisitions are still tracked and ordered: learns a -> c and b -> c
            assertEquals(List.of("bad.unlock.c WRITE x1 by main"),
                    c.snapshot().holders().stream().map(h -> h.lock() + " " + h.mode() + " x" + h.holdCount() + " by "
                            + h.thread().getName()).toList());
            c.unlock();
            assertEquals(edges + 2, LockAware.orderEdgeCount());
        } finally {
            b.readLock().unlock();
            b.readLock().unlock();
            a.unlock();
        }
        assertTrue(a.snapshot().holders().isEmpty() && b.snapshot().holders().isEmpty());
        assertTrue(potential().isEmpty(), rec.reports.toString());
        nest(c, a); // detection still works: inverts a -> c
        assertEquals(List.of("bad.unlock.c", "bad.unlock.a"), rec.only(ReportKind.LOCK_ORDER_INVERSION).locks(),
                rec.reports.stream().map(LockReport::summary).toList().toString());
        // one unlock too many after a full release
        a.lock();
        a.unlock();
        assertEquals(jdkMutex.getMessage(), imse(a::unlock).getMessage());
        assertTrue(a.snapshot().holders().isEmpty());
        a.lock();
        assertEquals(1, a.snapshot().holders().get(0).holdCount());
        a.unlock();
        assertFalse(a.isLocked());
    }

    // ------------------------------------------------------------------------------------ listeners that throw

    @Test
    void aReportListenerThatThrowsAffectsNeitherTheLockNorOtherListeners() throws Exception {
        List<LockReport> second = new CopyOnWriteArrayList<>();
        LockReportListener throwsException = r -> {
            throw new IllegalStateException("listener bug");
        };
        LockReportListener secondRecorder = second::add;
        LockReportListener throwsError = r -> {
            throw new AssertionError("listener error");
        };
        LockAware.addListener(throwsException);
        LockAware.addListener(secondRecorder);
        LockAware.addListener(throwsError);
        try {
            DeadlockAwareMutex a = new DeadlockAwareMutex("bad.listener.a");
            DeadlockAwareMutex b = new DeadlockAwareMutex("bad.listener.b");
            nest(a, b);
            nest(b, a); // LOG: reported to every listener, and the acquisition goes on
            assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size());
            assertEquals(1, second.size(), "a listener after one that threw still hears of it");
            assertFalse(a.isLocked() || b.isLocked());

            LockAware.setPolicy(ReportKind.SAME_CLASS_NESTING, Policy.THROW);
            DeadlockAwareMutex s1 = new DeadlockAwareMutex("bad.listener.same");
            DeadlockAwareMutex s2 = new DeadlockAwareMutex("bad.listener.same");
            s1.lock();
            try {
                assertThrows(PotentialDeadlockException.class, s2::lock, "the policy's exception, not a listener's");
                assertTrue(s1.isHeldByCurrentThread());
                assertFalse(s2.isLocked());
            } finally {
                s1.unlock();
            }
            DeadlockAwareRWLock rw = new DeadlockAwareRWLock("bad.listener.rw");
            rw.readLock().lock();
            try {
                assertFalse(rw.writeLock().tryLock(5, MILLISECONDS));
            } finally {
                rw.readLock().unlock();
            }
            assertEquals(3, second.size(), second.toString());
            assertEquals(3, potential().size());
            rw.writeLock().lock();
            rw.writeLock().unlock();
        } finally {
            LockAware.removeListener(throwsException);
            LockAware.removeListener(secondRecorder);
            LockAware.removeListener(throwsError);
        }
    }

    @Test
    void aReportListenerMayTakeTrackedLocksItself() {
        DeadlockAwareMutex inner = new DeadlockAwareMutex("bad.listener.inner");
        List<Integer> depthSeen = new CopyOnWriteArrayList<>();
        LockReportListener locking = r -> {
            inner.lock();
            try {
                depthSeen.add(LockAware.locksHeldBy(Thread.currentThread()).size());
            } finally {
                inner.unlock();
            }
        };
        LockAware.addListener(locking);
        try {
            DeadlockAwareMutex a = new DeadlockAwareMutex("bad.listener.la");
            DeadlockAwareMutex b = new DeadlockAwareMutex("bad.listener.lb");
            nest(a, b);
            b.lock();
            a.lock(); // reported on this thread while it holds b; the listener takes inner meanwhile
            assertEquals(List.of("bad.listener.lb", "bad.listener.la"),
                    LockAware.locksHeldBy(Thread.currentThread()).stream().map(LockSnapshot.Holder::lock).toList());
            a.unlock();
            b.unlock();
            assertEquals(List.of(2), depthSeen, "the listener ran holding b and its own lock, not a");
            assertTrue(LockAware.locksHeldBy(Thread.currentThread()).isEmpty());
            assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size());
        } finally {
            LockAware.removeListener(locking);
        }
    }

    @Test
    void anEventListenerThatThrowsAffectsNeitherTheLockNorOtherListeners() throws Exception {
        LockEventListener throwing = new LockEventListener() {
            @Override
            public void acquired(Object lock, String name, LockMode mode, Thread thread) {
                throw new IllegalStateException("event listener bug");
            }

            @Override
            public void released(Object lock, String name, LockMode mode, Thread thread) {
                throw new AssertionError("event listener error");
            }
        };
        List<String> seen = new CopyOnWriteArrayList<>();
        LockEventListener recording = new LockEventListener() {
            @Override
            public void acquired(Object lock, String name, LockMode mode, Thread thread) {
                if (name.startsWith("bad.events.")) {
                    seen.add("+" + name + " " + mode);
                }
            }

            @Override
            public void released(Object lock, String name, LockMode mode, Thread thread) {
                if (name.startsWith("bad.events.")) {
                    seen.add("-" + name + " " + mode);
                }
            }
        };
        LockAware.addEventListener(throwing);
        LockAware.addEventListener(recording);
        try {
            DeadlockAwareMutex m = new DeadlockAwareMutex("bad.events.m");
            DeadlockAwareRWLock rw = new DeadlockAwareRWLock("bad.events.rw");
            m.lock();
            m.lock();
            assertEquals(2, m.getHoldCount());
            m.unlock();
            m.unlock();
            assertFalse(m.isLocked());
            assertTrue(m.tryLock());
            assertTrue(m.tryLock(1, SECONDS));
            m.unlock();
            m.unlock();
            rw.writeLock().lock();
            rw.readLock().lock();
            rw.writeLock().unlock();
            rw.readLock().unlock();
            Condition c = m.newCondition();
            m.lock();
            assertFalse(c.await(1, MILLISECONDS));
            assertTrue(m.isHeldByCurrentThread());
            m.unlock();
            assertFalse(m.isLocked() || rw.isWriteLocked() || rw.getReadLockCount() > 0);
            assertTrue(m.snapshot().holders().isEmpty() && rw.snapshot().holders().isEmpty());
            assertEquals(List.of(
                    "+bad.events.m WRITE", "+bad.events.m WRITE", "-bad.events.m WRITE", "-bad.events.m WRITE",
                    "+bad.events.m WRITE", "+bad.events.m WRITE", "-bad.events.m WRITE", "-bad.events.m WRITE",
                    "+bad.events.rw WRITE", "+bad.events.rw READ", "-bad.events.rw WRITE", "-bad.events.rw READ",
                    "+bad.events.m WRITE", "-bad.events.m WRITE", "+bad.events.m WRITE", "-bad.events.m WRITE"), seen);
        } finally {
            LockAware.removeEventListener(throwing);
            LockAware.removeEventListener(recording);
        }
    }

    // ------------------------------------------------------------------------------------ a flood of names

    /**
     * A million distinct names (say a lock named after each entity id, the mistake the class cap exists for). Runs in
     * a JVM of its own (see pom.xml): it fills the process-wide class table up to the cap for good.
     */
    @Test
    @Tag("isolated-jvm")
    @Tag("class-cap")
    @EnabledIfSystemProperty(named = "lockaware.test.isolatedJvm", matches = "true")
    @Timeout(60)
    void aMillionDistinctLockNamesKeepWorkingWithBoundedClassesAndMemory() throws Exception {
        int cap = Config.MAX_LOCK_CLASSES;
        DeadlockAwareMutex p = new DeadlockAwareMutex("cap.p");
        DeadlockAwareMutex q = new DeadlockAwareMutex("cap.q");
        DeadlockAwareMutex outer = new DeadlockAwareMutex("cap.outer");
        new DeadlockAwareMutex("cap.dropped"); // its class exists before the cap: later locks of it are ordered
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            String name = "cap.name." + i;
            Lock lock;
            if (i % 10 == 0) {
                DeadlockAwareRWLock rw = new DeadlockAwareRWLock(name);
                lock = i % 20 == 0 ? rw.readLock() : rw.writeLock();
            } else {
                lock = new DeadlockAwareMutex(name);
            }
            if (i % 100 == 0) {
                nest(outer, lock);
            } else {
                lock.lock();
                lock.unlock();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, n + " locks took " + took);
        assertEquals(cap, LockAware.lockClassCount(), "the class count stays at the cap");
        assertTrue(LockAware.orderEdgeCount() <= cap, "edges: " + LockAware.orderEdgeCount());
        assertTrue(potential().isEmpty(), rec.reports.toString());
        assertTrue(LockAware.locksHeldBy(Thread.currentThread()).isEmpty());

        // past the cap, a new lock still works and still knows its holders; it is just not ordered
        DeadlockAwareRWLock late = new DeadlockAwareRWLock("cap.late");
        late.writeLock().lock();
        late.readLock().lock();
        assertEquals(2, late.snapshot().holders().size());
        late.writeLock().unlock();
        late.readLock().unlock();
        assertTrue(late.snapshot().holders().isEmpty());
        assertThrows(IllegalMonitorStateException.class, () -> late.readLock().unlock());
        assertEquals(cap, LockAware.lockClassCount());

        // classes known before the cap are still checked
        nest(p, q);
        nest(q, p);
        assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size());

        long grown = usedHeapAfterGc() - heapBefore;
        assertTrue(grown < 64L << 20, "a million discarded locks left " + (grown >> 20) + " MB behind");

        WeakReference<DeadlockAwareMutex> dropped = dropALock(outer);
        assertEquals(2, rec.of(ReportKind.LOCK_ORDER_INVERSION).size());
        Threads.await("a discarded lock is collected", () -> {
            System.gc();
            return dropped.get() == null;
        });
    }

    private static WeakReference<DeadlockAwareMutex> dropALock(DeadlockAwareMutex outer) {
        DeadlockAwareMutex m = new DeadlockAwareMutex("cap.dropped");
        nest(outer, m);
        nest(m, outer); // reported, and the report too must not keep the lock alive
        return new WeakReference<>(m);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
