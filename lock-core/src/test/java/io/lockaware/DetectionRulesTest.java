package io.lockaware;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Detection rules beyond plain two-lock inversions (see OrderInversionTest): read-held-then-write-requested on one
 * lock, nesting locks of one class with and without declared order keys, Condition.await re-acquisition, policies at
 * each level, and forgetting the learned order. Each rule comes with its negative twin.
 */
@Timeout(30)
class DetectionRulesTest {
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

    private static List<String> held(Thread t) {
        return LockAware.locksHeldBy(t).stream().map(h -> h.lock() + " " + h.mode() + " x" + h.holdCount()).toList();
    }

    /** Records every acquisition and release event, as "+name mode" and "-name mode". */
    static final class Events implements LockEventListener, AutoCloseable {
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final String prefix;

        Events(String prefix) {
            this.prefix = prefix;
            LockAware.addEventListener(this);
        }

        @Override
        public void acquired(Object lock, String name, LockMode mode, Thread thread) {
            if (name.startsWith(prefix)) {
                seen.add("+" + name + " " + mode);
            }
        }

        @Override
        public void released(Object lock, String name, LockMode mode, Thread thread) {
            if (name.startsWith(prefix)) {
                seen.add("-" + name + " " + mode);
            }
        }

        /** Acquisitions minus releases of {@code name} (re-entries count): the holds a gauge built on events shows. */
        long balance(String name) {
            return seen.stream().filter(s -> s.substring(1).startsWith(name + " "))
                    .mapToLong(s -> s.charAt(0) == '+' ? 1 : -1).sum();
        }

        @Override
        public void close() {
            LockAware.removeEventListener(this);
        }
    }

    // ------------------------------------------------------------------------------------ read-write upgrade

    @Test
    void upgradeUnderThrowFailsBeforeBlockingAndTheThreadKeepsItsReadLock() throws Exception {
        LockAware.setPolicy(ReportKind.READ_WRITE_UPGRADE, Policy.THROW);
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("det.up.throw");
        rw.readLock().lock();
        try {
            PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class, () -> rw.writeLock().lock());
            assertInstanceOf(IllegalStateException.class, e);
            LockReport r = e.report();
            assertEquals(ReportKind.READ_WRITE_UPGRADE, r.kind());
            assertFalse(r.bounded());
            assertEquals(List.of("det.up.throw"), r.locks());
            assertEquals(List.of(Thread.currentThread().getName()), r.threads());
            assertTrue(r.text().contains("CERTAIN SELF-DEADLOCK"), r.text());
            assertEquals(1, rw.getReadHoldCount(), "still holds its read lock");
            assertFalse(rw.isWriteLocked());
            assertFalse(rw.hasQueuedThreads(), "it never queued");
            assertEquals(List.of("det.up.throw READ x1"), held(Thread.currentThread()));
            assertThrows(PotentialDeadlockException.class, () -> rw.writeLock().lockInterruptibly());
            assertFalse(rw.writeLock().tryLock(), "an untimed tryLock cannot block: plain false");
            assertFalse(rw.writeLock().tryLock(5, MILLISECONDS), "a timed tryLock is bounded: never refused");
            assertEquals(List.of("det.up.throw READ x1"), held(Thread.currentThread()));
        } finally {
            rw.readLock().unlock();
        }
        assertEquals(1, rec.of(ReportKind.READ_WRITE_UPGRADE).stream().filter(r -> !r.bounded()).count(),
                "the same problem is reported once: " + rec.reports);
        rw.writeLock().lock(); // the lock still works
        rw.writeLock().unlock();
    }

    @Test
    void upgradeUnderLogIsReportedBeforeTheThreadBlocksForEver() throws Exception {
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("det.up.log");
        AtomicReference<String> whenReported = new AtomicReference<>();
        LockReportListener probe = r -> {
            if (r.kind() == ReportKind.READ_WRITE_UPGRADE) {
                Thread me = Thread.currentThread();
                whenReported.set(me.getName() + " queued=" + rw.hasQueuedThread(me) + " readHolds=" + rw.getReadHoldCount());
            }
        };
        LockAware.addListener(probe);
        try {
            AtomicReference<Integer> readHoldsAfter = new AtomicReference<>();
            Threads.Running<Void> upgrader = Threads.start("det-upgrader", () -> {
                rw.readLock().lock();
                try {
                    assertThrows(InterruptedException.class, () -> rw.writeLock().lockInterruptibly());
                    readHoldsAfter.set(rw.getReadHoldCount());
                } finally {
                    rw.readLock().unlock();
                }
            });
            Threads.await("upgrader queued", () -> rw.hasQueuedThread(upgrader.thread()));
            Threads.awaitBlocked(upgrader.thread());
            assertEquals("det-upgrader queued=false readHolds=1", whenReported.get(),
                    "reported on the acquiring thread, before it queued");
            LockReport r = rec.only(ReportKind.READ_WRITE_UPGRADE);
            assertFalse(r.bounded());
            assertEquals(List.of("det-upgrader"), r.threads());
            upgrader.thread().interrupt(); // under LOG it really blocks, as the JDK lock would: only this ends it
            upgrader.get();
            assertEquals(1, readHoldsAfter.get());
        } finally {
            LockAware.removeListener(probe);
        }
    }

    @Test
    void upgradeWithATimedTryLockIsABoundedReportAndReturnsFalse() throws Exception {
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("det.up.timed");
        rw.readLock().lock();
        try {
            assertFalse(rw.writeLock().tryLock(20, MILLISECONDS));
            assertEquals(1, rw.getReadHoldCount());
            assertFalse(rw.isWriteLocked());
        } finally {
            rw.readLock().unlock();
        }
        LockReport r = rec.only(ReportKind.READ_WRITE_UPGRADE);
        assertTrue(r.bounded());
        assertTrue(r.text().contains("time out"), r.text());
        assertTrue(rec.of(ReportKind.LOCK_ORDER_INVERSION).isEmpty());
    }

    @Test
    void noUpgradeReportForDowngradeReentryUntimedTryLockOrAnotherLock() throws Exception {
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("det.noup");
        DeadlockAwareRWLock other = new DeadlockAwareRWLock("det.noup.other");
        rw.writeLock().lock();
        rw.readLock().lock(); // downgrade
        rw.writeLock().unlock();
        rw.readLock().lock(); // re-entry
        assertFalse(rw.writeLock().tryLock(), "untimed tryLock never blocks: no report");
        other.writeLock().lock(); // read of one lock, write of another: an ordinary nesting
        other.writeLock().unlock();
        rw.readLock().unlock();
        rw.readLock().unlock();
        // another thread reads; this one asks for the write lock: an ordinary wait, no self-deadlock
        Hold reader = Hold.start("det-reader", rw.readLock());
        Threads.Running<Void> writer = Threads.start("det-writer", () -> {
            rw.writeLock().lock();
            rw.writeLock().unlock();
        });
        Threads.await("writer queued", () -> rw.hasQueuedThread(writer.thread()));
        reader.release();
        writer.get();
        assertTrue(potential().isEmpty(), rec.reports.toString());
    }

    // ------------------------------------------------------------------------------------ same-class nesting

    @Test
    void nestingTwoLocksOfOneClassWithoutKeysIsReported() {
        DeadlockAwareMutex m1 = new DeadlockAwareMutex("det.same.m");
        DeadlockAwareMutex m2 = new DeadlockAwareMutex("det.same.m");
        nest(m1, m2);
        LockReport r = rec.only(ReportKind.SAME_CLASS_NESTING);
        assertFalse(r.bounded());
        assertEquals(List.of("det.same.m"), r.locks());
        assertTrue(r.text().contains("setOrderKey"), r.text());
        assertTrue(r.text().contains("without a declared order"), r.text());
        DeadlockAwareRWLock r1 = new DeadlockAwareRWLock("det.same.rw");
        DeadlockAwareRWLock r2 = new DeadlockAwareRWLock("det.same.rw");
        nest(r1.readLock(), r2.readLock());
        List<LockReport> same = rec.of(ReportKind.SAME_CLASS_NESTING);
        assertEquals(2, same.size(), same.toString());
        assertEquals(List.of("det.same.rw"), same.get(1).locks());
        assertTrue(rec.of(ReportKind.LOCK_ORDER_INVERSION).isEmpty(), "one class is not a cycle of classes");
    }

    @Test
    void sameInstanceReentryAndDowngradeAreNotSameClassNesting() {
        DeadlockAwareMutex m = new DeadlockAwareMutex("det.same.twin");
        nest(m, m);
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("det.same.twin.rw");
        nest(rw.writeLock(), rw.readLock());
        nest(rw.readLock(), rw.readLock());
        assertTrue(potential().isEmpty(), rec.reports.toString());
    }

    @Test
    void increasingOrderKeysAreAccepted() {
        DeadlockAwareMutex k1 = new DeadlockAwareMutex("det.keys.up").setOrderKey(1);
        DeadlockAwareRWLock k2 = new DeadlockAwareRWLock("det.keys.up").setOrderKey(2);
        DeadlockAwareMutex k3 = new DeadlockAwareMutex("det.keys.up").setOrderKey(3);
        assertEquals(2, k2.getOrderKey());
        k1.lock();
        k2.readLock().lock();
        k3.lock();
        k3.unlock();
        k2.readLock().unlock();
        k1.unlock();
        nest(k1, k3);
        nest(k2.writeLock(), k3);
        assertTrue(potential().isEmpty(), rec.reports.toString());
        assertEquals(LockAware.NO_ORDER_KEY, new DeadlockAwareMutex("det.keys.none").getOrderKey());
    }

    @Test
    void decreasingOrEqualOrderKeysAreReported() {
        DeadlockAwareMutex k1 = new DeadlockAwareMutex("det.keys.down").setOrderKey(1);
        DeadlockAwareMutex k2 = new DeadlockAwareMutex("det.keys.down").setOrderKey(2);
        nest(k2, k1);
        LockReport r = rec.only(ReportKind.SAME_CLASS_NESTING);
        assertTrue(r.text().contains("against their declared order"), r.text());
        assertTrue(r.text().contains("Declared order keys: held 2, requested 1"), r.text());
        DeadlockAwareMutex e1 = new DeadlockAwareMutex("det.keys.equal").setOrderKey(5);
        DeadlockAwareMutex e2 = new DeadlockAwareMutex("det.keys.equal").setOrderKey(5);
        nest(e1, e2);
        assertEquals(2, rec.of(ReportKind.SAME_CLASS_NESTING).size(), "equal keys are no order: " + rec.reports);
    }

    @Test
    void aKeyOnOnlyOneOfTheLocksIsNotADeclaredOrder() {
        DeadlockAwareMutex keyed = new DeadlockAwareMutex("det.keys.half").setOrderKey(1);
        DeadlockAwareMutex plain = new DeadlockAwareMutex("det.keys.half");
        nest(keyed, plain);
        assertTrue(rec.only(ReportKind.SAME_CLASS_NESTING).text().contains("without a declared order"));
    }

    /**
     * The requested lock must come after every held lock of its class, not only the most recent one: here k3 is
     * held, k1 was taken since with an untimed tryLock (never blocks, never checked), and k2 is then requested
     * blocking. Another thread taking k2 then k3 deadlocks with this one.
     */
    @Test
    void theRequestedKeyMustExceedEveryHeldKeyOfItsClass() {
        DeadlockAwareMutex k1 = new DeadlockAwareMutex("det.keys.all").setOrderKey(1);
        DeadlockAwareMutex k2 = new DeadlockAwareMutex("det.keys.all").setOrderKey(2);
        DeadlockAwareMutex k3 = new DeadlockAwareMutex("det.keys.all").setOrderKey(3);
        k3.lock();
        try {
            assertTrue(k1.tryLock());
            try {
                k2.lock();
                k2.unlock();
            } finally {
                k1.unlock();
            }
        } finally {
            k3.unlock();
        }
        LockReport r = rec.only(ReportKind.SAME_CLASS_NESTING);
        assertTrue(r.text().contains("held 3, requested 2"), r.text());
    }

    @Test
    void sameClassNestingUnderThrowHoldsNothingOfTheRequestedLock() {
        LockAware.setPolicy("det.same.throw", ReportKind.SAME_CLASS_NESTING, Policy.THROW);
        DeadlockAwareMutex m1 = new DeadlockAwareMutex("det.same.throw");
        DeadlockAwareMutex m2 = new DeadlockAwareMutex("det.same.throw");
        m1.lock();
        try {
            PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class, m2::lock);
            assertEquals(ReportKind.SAME_CLASS_NESTING, e.report().kind());
            assertFalse(m2.isLocked());
            assertTrue(m2.snapshot().holders().isEmpty());
            assertEquals(List.of("det.same.throw WRITE x1"), held(Thread.currentThread()));
            assertTrue(m2.tryLock(), "an untimed tryLock is never checked");
            m2.unlock();
        } finally {
            m1.unlock();
        }
        m2.lock(); // alone it is fine
        m2.unlock();
    }

    @Test
    void sameClassNestingWithATimedTryLockIsBoundedEvenUnderThrow() throws Exception {
        LockAware.setPolicy(Policy.THROW);
        DeadlockAwareMutex m1 = new DeadlockAwareMutex("det.same.timed");
        DeadlockAwareMutex m2 = new DeadlockAwareMutex("det.same.timed");
        m1.lock();
        try {
            assertTrue(m2.tryLock(1, SECONDS));
            m2.unlock();
        } finally {
            m1.unlock();
        }
        assertTrue(rec.only(ReportKind.SAME_CLASS_NESTING).bounded());
    }

    // ------------------------------------------------------------------------------------ Condition.await

    @Test
    void awaitReacquisitionGoesThroughTheOrderChecks() throws Exception {
        DeadlockAwareMutex a = new DeadlockAwareMutex("det.cond.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("det.cond.b");
        Condition onA = a.newCondition();
        a.lock();
        b.lock(); // learns a -> b
        try {
            assertTrue(potential().isEmpty());
            // waiting on a's condition while holding b: a is given back and re-taken while b is held, b -> a
            assertFalse(onA.await(1, MILLISECONDS));
            assertTrue(a.isHeldByCurrentThread());
            assertTrue(b.isHeldByCurrentThread());
        } finally {
            b.unlock();
            a.unlock();
        }
        LockReport r = rec.only(ReportKind.LOCK_ORDER_INVERSION);
        assertEquals(List.of("det.cond.b", "det.cond.a"), r.locks());
    }

    @Test
    void awaitWithTheConditionsLockInnermostIsNotAnInversion() throws Exception {
        DeadlockAwareMutex a = new DeadlockAwareMutex("det.cond.ok.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("det.cond.ok.b");
        Condition onB = b.newCondition();
        a.lock();
        b.lock();
        try {
            assertFalse(onB.await(1, MILLISECONDS)); // b re-taken while a is held: a -> b, as before
            assertTrue(onB.awaitNanos(0) <= 0);
        } finally {
            b.unlock();
            a.unlock();
        }
        assertTrue(potential().isEmpty(), rec.reports.toString());
    }

    /**
     * Under THROW, await fails before releasing anything: the caller still holds the condition's lock with the same
     * count and the same hold start, is not waiting, and no listener saw a release that never happened.
     */
    @Test
    void awaitUnderThrowFailsBeforeReleasingAnything() throws Exception {
        LockAware.setPolicy(ReportKind.LOCK_ORDER_INVERSION, Policy.THROW);
        DeadlockAwareMutex a = new DeadlockAwareMutex("det.cthrow.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("det.cthrow.b");
        Condition onA = a.newCondition();
        try (Events events = new Events("det.cthrow.")) {
            a.lock();
            a.lock();
            b.lock();
            try {
                Instant since = a.snapshot().holders().get(0).since();
                long start = Clock.coarseNanos();
                // a restarted hold would start at least 300 ms later; a snapshot's conversion to an Instant can be off
                // by a preemption between its two clock reads, hence the 150 ms tolerance below
                Threads.await("the coarse clock moves on", () -> Clock.coarseNanos() - start > 300_000_000L);
                for (Await m : Await.values()) {
                    PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class, () -> m.await(onA), m.name());
                    assertEquals(ReportKind.LOCK_ORDER_INVERSION, e.report().kind());
                    assertEquals(2, a.getHoldCount(), m.name());
                    assertTrue(b.isHeldByCurrentThread());
                    assertFalse(a.hasWaiters(onA), "it never waited");
                    assertEquals(List.of("det.cthrow.a WRITE x2", "det.cthrow.b WRITE x1"),
                            held(Thread.currentThread()).stream().sorted().toList());
                    Instant after = a.snapshot().holders().get(0).since();
                    assertTrue(Duration.between(since, after).abs().toMillis() < 150,
                            m + ": the hold start moved from " + since + " to " + after + ": nothing was released");
                }
                assertEquals(2, events.balance("det.cthrow.a"),
                        "a listener must not see a release that never happened: " + events.seen);
            } finally {
                b.unlock();
                a.unlock();
                a.unlock();
            }
            assertEquals(0, events.balance("det.cthrow.a"), events.seen.toString());
            assertEquals(0, events.balance("det.cthrow.b"), events.seen.toString());
        }
        assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size(), "reported once, refused every time");
        assertFalse(a.isLocked());
    }

    /** A write-lock condition awaited while the same thread also reads: re-taking the write lock can never succeed. */
    @Test
    void awaitOnAWriteConditionWhileAlsoReadingIsAnUpgrade() throws Exception {
        LockAware.setPolicy(ReportKind.READ_WRITE_UPGRADE, Policy.THROW);
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("det.cond.up");
        Condition c = rw.writeLock().newCondition();
        rw.writeLock().lock();
        rw.readLock().lock();
        try {
            PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class, () -> c.await(1, MILLISECONDS));
            assertEquals(ReportKind.READ_WRITE_UPGRADE, e.report().kind());
            assertTrue(rw.isWriteLockedByCurrentThread());
            assertEquals(1, rw.getReadHoldCount());
        } finally {
            rw.readLock().unlock();
            rw.writeLock().unlock();
        }
        // the negative twin: write held only, await is fine
        rw.writeLock().lock();
        try {
            assertFalse(c.await(1, MILLISECONDS));
        } finally {
            rw.writeLock().unlock();
        }
        assertEquals(1, potential().size(), rec.reports.toString());
    }

    // ------------------------------------------------------------------------------------ policies

    @Test
    void globalPolicy() {
        DeadlockAwareMutex a = new DeadlockAwareMutex("det.pol.global.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("det.pol.global.b");
        assertEquals(Policy.LOG, LockAware.policy("det.pol.global.a", ReportKind.LOCK_ORDER_INVERSION));
        LockAware.setPolicy(Policy.IGNORE);
        nest(a, b);
        nest(b, a);
        assertTrue(potential().isEmpty(), "ignored: " + rec.reports);
        LockAware.forgetLearnedOrder();
        LockAware.setPolicy(Policy.THROW);
        assertEquals(Policy.THROW, LockAware.policy("det.pol.global.a", ReportKind.SAME_CLASS_NESTING));
        nest(a, b);
        assertThrows(PotentialDeadlockException.class, () -> nest(b, a));
        assertEquals(1, potential().size());
        assertFalse(a.isLocked() || b.isLocked());
    }

    @Test
    void aPolicyPerKindOverridesTheGlobalOne() {
        LockAware.setPolicy(Policy.THROW);
        LockAware.setPolicy(ReportKind.LOCK_ORDER_INVERSION, Policy.LOG);
        assertEquals(Policy.LOG, LockAware.policy("det.pol.kind.a", ReportKind.LOCK_ORDER_INVERSION));
        assertEquals(Policy.THROW, LockAware.policy("det.pol.kind.a", ReportKind.SAME_CLASS_NESTING));
        DeadlockAwareMutex a = new DeadlockAwareMutex("det.pol.kind.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("det.pol.kind.b");
        nest(a, b);
        nest(b, a); // logged, not thrown
        assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size());
        DeadlockAwareMutex a2 = new DeadlockAwareMutex("det.pol.kind.a");
        assertThrows(PotentialDeadlockException.class, () -> nest(a, a2), "another kind follows the global policy");
        LockAware.setPolicy(ReportKind.LOCK_ORDER_INVERSION, null); // cleared: back to the global policy
        assertEquals(Policy.THROW, LockAware.policy("det.pol.kind.a", ReportKind.LOCK_ORDER_INVERSION));
    }

    @Test
    void aPolicyPerLockClassOverridesThePolicyPerKind() {
        LockAware.setPolicy(ReportKind.LOCK_ORDER_INVERSION, Policy.THROW);
        LockAware.setPolicy("det.pol.class.a", ReportKind.LOCK_ORDER_INVERSION, Policy.LOG);
        assertEquals(Policy.LOG, LockAware.policy("det.pol.class.a", ReportKind.LOCK_ORDER_INVERSION));
        assertEquals(Policy.THROW, LockAware.policy("det.pol.class.b", ReportKind.LOCK_ORDER_INVERSION));
        DeadlockAwareMutex a = new DeadlockAwareMutex("det.pol.class.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("det.pol.class.b");
        nest(a, b);
        nest(b, a); // closes the cycle acquiring det.pol.class.a: its own policy, LOG
        assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size());
        LockAware.forgetLearnedOrder(); // also resets policies
        LockAware.setPolicy(ReportKind.LOCK_ORDER_INVERSION, Policy.THROW);
        LockAware.setPolicy("det.pol.class.a", ReportKind.LOCK_ORDER_INVERSION, Policy.LOG);
        nest(b, a);
        assertThrows(PotentialDeadlockException.class, () -> nest(a, b), "closing on det.pol.class.b: kind policy");
        LockAware.setPolicy("det.pol.class.b", ReportKind.LOCK_ORDER_INVERSION, Policy.IGNORE);
        nest(a, b); // ignored for det.pol.class.b now
        LockAware.setPolicy("det.pol.class.b", ReportKind.LOCK_ORDER_INVERSION, null);
        assertEquals(Policy.THROW, LockAware.policy("det.pol.class.b", ReportKind.LOCK_ORDER_INVERSION));
    }

    @Test
    void policiesApplyToUpgradeAndSameClassKindsToo() throws Exception {
        LockAware.setPolicy(ReportKind.READ_WRITE_UPGRADE, Policy.IGNORE);
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("det.pol.up");
        rw.readLock().lock();
        try {
            assertFalse(rw.writeLock().tryLock(5, MILLISECONDS));
        } finally {
            rw.readLock().unlock();
        }
        assertTrue(potential().isEmpty(), rec.reports.toString());
        LockAware.setPolicy("det.pol.same", ReportKind.SAME_CLASS_NESTING, Policy.IGNORE);
        nest(new DeadlockAwareMutex("det.pol.same"), new DeadlockAwareMutex("det.pol.same"));
        assertTrue(potential().isEmpty(), rec.reports.toString());
    }

    // ------------------------------------------------------------------------------------ forgetting

    @Test
    void forgetLearnedOrderForgetsEdgesValidatedChainsReportsAndPolicies() {
        DeadlockAwareMutex a = new DeadlockAwareMutex("det.forget.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("det.forget.b");
        nest(a, b); // learns a -> b, and validates the chain [a] + b
        assertEquals(1, LockAware.orderEdgeCount());
        LockAware.forgetLearnedOrder();
        assertEquals(0, LockAware.orderEdgeCount());
        nest(b, a); // a -> b is forgotten: no inversion
        assertTrue(potential().isEmpty(), rec.reports.toString());
        nest(a, b); // the chain [a] + b was validated before: it must be checked again now
        assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size());
        LockAware.forgetLearnedOrder();
        nest(b, a);
        nest(a, b);
        assertEquals(2, rec.of(ReportKind.LOCK_ORDER_INVERSION).size(), "what was reported is forgotten too");
        LockAware.setPolicy(Policy.THROW);
        LockAware.setPolicy(ReportKind.SAME_CLASS_NESTING, Policy.IGNORE);
        LockAware.setPolicy("det.forget.a", ReportKind.LOCK_ORDER_INVERSION, Policy.IGNORE);
        LockAware.forgetLearnedOrder();
        assertEquals(Policy.LOG, LockAware.policy("det.forget.a", ReportKind.LOCK_ORDER_INVERSION));
        assertEquals(Policy.LOG, LockAware.policy("det.forget.a", ReportKind.SAME_CLASS_NESTING));
    }
}
