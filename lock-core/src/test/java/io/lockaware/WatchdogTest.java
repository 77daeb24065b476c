package io.lockaware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The incidents of DESIGN.md that the watchdog must catch, driven by latches and one scan at a time. */
@Timeout(30)
class WatchdogTest {
    private static final Duration THRESHOLD = Duration.ofMillis(50);
    private Recorder rec;

    @BeforeEach
    void setUp() {
        LockAware.stopWatchdog(); // scans are driven by checkNow() here, one at a time
        rec = Recorder.install();
        LockAware.setWaitWarn(THRESHOLD);
        LockAware.setHoldWarn(THRESHOLD);
        LockAware.setDumpAfter(Duration.ofMinutes(10));
    }

    @AfterEach
    void tearDown() {
        rec.close();
        LockAware.setWaitWarn(Duration.ofSeconds(2));
        LockAware.setHoldWarn(Duration.ofSeconds(5));
        LockAware.setDumpAfter(Duration.ofSeconds(30));
        LockAware.setDeadlockRecovery(false);
        LockAware.startWatchdog();
    }

    private static boolean olderThan(LockSnapshot s, Duration d) {
        return s.waiters().stream().allMatch(w -> Duration.between(w.since(), java.time.Instant.now()).compareTo(d) > 0);
    }

    private static String frames(List<StackTraceElement> stack) {
        return stack.stream().map(StackTraceElement::getMethodName).collect(Collectors.joining(","));
    }

    /** Stands in for a slow socket write: parks until released. */
    private static void slowSocketWrite(CountDownLatch release) throws InterruptedException {
        assertTrue(release.await(20, TimeUnit.SECONDS));
    }

    private static void broadcast(Lock read, CountDownLatch holding, CountDownLatch release) throws InterruptedException {
        read.lock();
        try {
            holding.countDown();
            slowSocketWrite(release);
        } finally {
            read.unlock();
        }
    }

    /** Incident 1: a slow reader, a queued writer, and readers stuck behind the writer. */
    @Test
    void roomAddWaitsBehindSlowBroadcastAndTheReportNamesTheReader() throws Exception {
        LockAware.setHoldWarn(Duration.ofMinutes(1)); // this test is about the waits
        DeadlockAwareRWLock room = new DeadlockAwareRWLock("room.members");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Threads.Running<Void> broadcaster = Threads.start("broadcaster", () -> broadcast(room.readLock(), holding, release));
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        Threads.Running<Void> adder = Threads.start("room-add", () -> {
            room.writeLock().lock();
            room.writeLock().unlock();
        });
        Threads.awaitBlocked(adder.thread());
        Threads.await("the writer is queued", () -> room.hasQueuedThread(adder.thread()));
        Threads.Running<Void> reader = Threads.start("late-reader", () -> {
            room.readLock().lock();
            room.readLock().unlock();
        });
        Threads.await("the late reader is queued behind the writer", () -> room.getQueueLength() == 2);
        Threads.await("both waits pass the threshold", () -> olderThan(room.snapshot(), THRESHOLD));

        List<LockReport> found = LockAware.checkNow();
        LockReport add = found.stream().filter(r -> r.threads().get(0).equals("room-add")).findFirst().orElseThrow();
        assertEquals(ReportKind.LONG_WAIT, add.kind());
        assertEquals(LockReport.Stage.NEW, add.stage());
        LockReport.Participant holder = add.participants().stream().filter(p -> p.role().equals("holder")).findFirst().orElseThrow();
        assertEquals("broadcaster", holder.thread());
        assertEquals(LockMode.READ, holder.mode());
        assertEquals(SiteSource.THIS_ACQUISITION, holder.acquiredAtSource());
        assertTrue(frames(holder.acquiredAt()).contains("broadcast"), frames(holder.acquiredAt()));
        assertTrue(frames(holder.currentStack()).contains("slowSocketWrite"), "the holder's current stack: " + frames(holder.currentStack()));

        LockReport late = found.stream().filter(r -> r.threads().get(0).equals("late-reader")).findFirst().orElseThrow();
        assertTrue(late.text().contains("waits behind queued writer \"room-add\""), late.text());
        assertTrue(late.text().contains("which waits for reader \"broadcaster\""), late.text());
        assertTrue(late.participants().stream().anyMatch(p -> p.role().equals("queued-writer") && p.thread().equals("room-add")));

        assertTrue(LockAware.checkNow().stream().noneMatch(r -> r.stage() == LockReport.Stage.NEW),
                "each wait is reported as new once (a reminder may be due already on a slow machine)");
        release.countDown();
        broadcaster.get();
        adder.get();
        reader.get();
        List<LockReport> closing = LockAware.checkNow();
        assertEquals(2, closing.size(), closing.toString());
        assertTrue(closing.stream().allMatch(r -> r.stage() == LockReport.Stage.RESOLVED && r.text().contains("lockaware: resolved: wait of thread") && r.text().contains(" ended after ")));
    }

    /** Incident 2, hanging for real: found as an actual deadlock, which the JDK's own detector misses. */
    @Test
    void watcherStoreDeadlockIsFoundThroughTheReadLock() throws Exception {
        DeadlockAwareRWLock manager = new DeadlockAwareRWLock("dl.manager");
        DeadlockAwareRWLock store = new DeadlockAwareRWLock("dl.store");
        CyclicBarrier bothHold = new CyclicBarrier(2);
        Threads.Running<Void> watcher = Threads.start("watcher", () -> cross(manager.writeLock(), store.writeLock(), bothHold));
        Threads.Running<Void> query = Threads.start("parent-query", () -> cross(store.readLock(), manager.readLock(), bothHold));
        Threads.await("both threads wait", () -> manager.hasQueuedThreads() && store.hasQueuedThreads());
        Threads.awaitBlocked(watcher.thread());
        Threads.awaitBlocked(query.thread());

        long[] jdk = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        assertTrue(jdk == null || Arrays.stream(jdk).noneMatch(id -> id == watcher.thread().getId()),
                "the JDK's detector cannot see a cycle through a read hold");

        assertTrue(LockAware.checkNow().stream().noneMatch(r -> r.kind() == ReportKind.ACTUAL_DEADLOCK),
                "a cycle is confirmed on a second scan");
        LockReport r = LockAware.checkNow().stream().filter(x -> x.kind() == ReportKind.ACTUAL_DEADLOCK)
                .findFirst().orElseThrow();
        assertEquals(List.of("parent-query", "watcher"), r.threads().stream().sorted().toList());
        assertEquals(List.of("dl.manager", "dl.store"), r.locks().stream().sorted().toList());
        assertTrue(r.participants().stream().anyMatch(p -> p.role().equals("waiter") && p.thread().equals("watcher")
                && p.lock().equals("dl.store") && p.mode() == LockMode.WRITE));
        assertTrue(r.participants().stream().anyMatch(p -> p.role().equals("waiter") && p.thread().equals("parent-query")
                && p.lock().equals("dl.manager") && p.mode() == LockMode.READ));
        assertTrue(r.text().contains("findDeadlockedThreads"), r.text());
        assertTrue(LockAware.checkNow().stream().noneMatch(x -> x.kind() == ReportKind.ACTUAL_DEADLOCK), "reported once");

        watcher.thread().interrupt(); // breaking one side frees dl.manager, so the query completes
        assertInterrupted(watcher);
        query.get();
    }

    private static void assertInterrupted(Threads.Running<Void> t) {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, t::get);
        assertTrue(e instanceof InterruptedException, e.toString());
    }

    private static void cross(Lock first, Lock second, CyclicBarrier barrier) throws Exception {
        first.lockInterruptibly();
        try {
            barrier.await(10, TimeUnit.SECONDS);
            second.lockInterruptibly();
            second.unlock();
        } finally {
            first.unlock();
        }
    }

    @Test
    void recoveryFailsTheMostRecentWaiterSoTheOtherProceeds() throws Exception {
        LockAware.setDeadlockRecovery(true);
        DeadlockAwareMutex a = new DeadlockAwareMutex("rec.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("rec.b");
        CountDownLatch bothHold = new CountDownLatch(2);
        CountDownLatch firstWaits = new CountDownLatch(1);
        AtomicInteger recovered = new AtomicInteger();
        Threads.Running<String> first = Threads.start("first", () -> plainCross(a, b, bothHold, null, recovered));
        Threads.Running<String> second = Threads.start("second", () -> plainCross(b, a, bothHold, firstWaits, recovered));
        Threads.awaitBlocked(first.thread());
        Threads.await("first waits for rec.b", () -> b.hasQueuedThread(first.thread()));
        firstWaits.countDown();
        Threads.await("second waits for rec.a", () -> a.hasQueuedThread(second.thread()));
        LockAware.checkNow();
        LockReport r = LockAware.checkNow().stream().filter(x -> x.kind() == ReportKind.ACTUAL_DEADLOCK).findFirst().orElseThrow();
        assertTrue(r.text().contains("Recovery is on: the acquisition of \"second\""), r.text());
        assertEquals("acquired", first.get());
        assertEquals("recovered", second.get());
        assertEquals(1, recovered.get());
        assertFalse(a.isLocked());
        assertFalse(b.isLocked());
    }

    private static String plainCross(Lock first, Lock second, CountDownLatch bothHold, CountDownLatch go,
                                     AtomicInteger recovered) throws Exception {
        first.lock();
        try {
            bothHold.countDown();
            assertTrue(bothHold.await(10, TimeUnit.SECONDS));
            if (go != null) {
                assertTrue(go.await(10, TimeUnit.SECONDS));
            }
            second.lock(); // plain, uninterruptible lock(): only recovery can end this wait
            second.unlock();
            return "acquired";
        } catch (DeadlockRecoveryException e) {
            assertEquals(ReportKind.ACTUAL_DEADLOCK, e.report().kind());
            recovered.incrementAndGet();
            return "recovered";
        } finally {
            first.unlock();
        }
    }

    /** Incident 3: a read lock left held by a thread that has finished. */
    @Test
    void readLockLeakedByAFinishedThreadIsReportedWithWhereItWasTaken() throws Exception {
        DeadlockAwareRWLock cache = new DeadlockAwareRWLock("leak.cache");
        Threads.Running<Void> leaky = Threads.start("leaky-request", () -> leakyLookup(cache));
        leaky.get();
        leaky.join(); // a leak is a hold by a TERMINATED thread
        LockReport r = LockAware.checkNow().stream().filter(x -> x.kind() == ReportKind.LEAKED_LOCK).findFirst().orElseThrow();
        LockReport.Participant p = r.participants().get(0);
        assertEquals("leaky-request", p.thread());
        assertEquals(LockMode.READ, p.mode());
        assertEquals(Thread.State.TERMINATED, p.state());
        assertTrue(frames(p.acquiredAt()).contains("leakyLookup"), frames(p.acquiredAt()));
        assertTrue(r.text().contains("finally"), r.text());
        assertFalse(cache.writeLock().tryLock(), "every writer is locked out");
        assertEquals(1, LockAware.locksHeldByTerminatedThreads().stream().filter(h -> h.lock().equals("leak.cache")).count());
        assertTrue(LockAware.checkNow().stream().noneMatch(x -> x.kind() == ReportKind.LEAKED_LOCK), "reported once");
    }

    private static void leakyLookup(DeadlockAwareRWLock cache) {
        cache.readLock().lock();
        if (cache.getReadLockCount() > 0) {
            return; // the bug: an early return without unlock()
        }
        cache.readLock().unlock();
    }

    /** Incident 4: a write lock held across slow I/O; a report while still held, then a thread dump. */
    @Test
    void writeLockHeldAcrossSlowIoIsReportedWhileHeldThenWithAThreadDump() throws Exception {
        LockAware.setDumpAfter(THRESHOLD.multipliedBy(2));
        DeadlockAwareRWLock doc = new DeadlockAwareRWLock("io.document");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Threads.Running<Void> saver = Threads.start("saver", () -> {
            doc.writeLock().lock();
            try {
                holding.countDown();
                marshalAndWriteFile(release);
            } finally {
                doc.writeLock().unlock();
            }
        });
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        Threads.await("the hold passes the threshold", () -> doc.snapshot().writer().orElseThrow().heldFor().compareTo(THRESHOLD.plusMillis(15)) > 0);
        LockReport r = LockAware.checkNow().stream().filter(x -> x.kind() == ReportKind.LONG_HOLD).findFirst().orElseThrow();
        LockReport.Participant p = r.participants().get(0);
        assertEquals("saver", p.thread());
        assertEquals(LockMode.WRITE, p.mode());
        assertTrue(frames(p.currentStack()).contains("marshalAndWriteFile"), frames(p.currentStack()));
        assertFalse(r.text().contains("Full thread dump"));

        Threads.await("the hold passes the dump threshold", () -> doc.snapshot().writer().orElseThrow().heldFor().compareTo(THRESHOLD.multipliedBy(2).plusMillis(15)) > 0);
        LockReport reminder = LockAware.checkNow().stream().filter(x -> x.kind() == ReportKind.LONG_HOLD).findFirst().orElseThrow();
        assertEquals(LockReport.Stage.REMINDER, reminder.stage());
        assertTrue(reminder.text().contains("Full thread dump"), reminder.text());
        release.countDown();
        saver.get();
        LockReport closing = LockAware.checkNow().get(0);
        assertEquals(LockReport.Stage.RESOLVED, closing.stage());
        assertTrue(closing.text().startsWith("lockaware: resolved: hold of io.document (write) by thread \"saver\" ended after "), closing.text());
    }

    private static void marshalAndWriteFile(CountDownLatch release) throws InterruptedException {
        assertTrue(release.await(20, TimeUnit.SECONDS));
    }

    @Test
    void shortHoldsAndWaitsThatResolveInTimeProduceNothing() throws Exception {
        LockAware.setWaitWarn(Duration.ofSeconds(5));
        LockAware.setHoldWarn(Duration.ofSeconds(5));
        DeadlockAwareMutex m = new DeadlockAwareMutex("quiet.m");
        m.lock();
        Threads.Running<Void> waiter = Threads.start("brief-waiter", () -> {
            m.lock();
            m.unlock();
        });
        Threads.awaitBlocked(waiter.thread());
        assertTrue(LockAware.checkNow().isEmpty(), "under both thresholds");
        m.unlock();
        waiter.get();
        assertTrue(LockAware.checkNow().isEmpty());
        assertTrue(rec.reports.isEmpty(), rec.reports.toString());
    }

    @Test
    void theDaemonScansOnItsOwnAndCanBeStoppedAndRestarted() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        LockReportListener l = r -> {
            if (r.kind() == ReportKind.LONG_WAIT && r.stage() == LockReport.Stage.NEW) {
                reported.countDown();
            }
        };
        LockAware.addListener(l);
        DeadlockAwareMutex m = new DeadlockAwareMutex("daemon.m");
        m.lock();
        Threads.Running<Void> waiter = Threads.start("daemon-waiter", () -> {
            m.lock();
            m.unlock();
        });
        try {
            Threads.awaitBlocked(waiter.thread());
            assertFalse(LockAware.isWatchdogRunning());
            LockAware.startWatchdog();
            assertTrue(reported.await(10, TimeUnit.SECONDS), "the daemon reports on its own");
        } finally {
            LockAware.removeListener(l);
            m.unlock();
        }
        waiter.get();
        LockAware.stopWatchdog();
        assertFalse(LockAware.isWatchdogRunning());
        assertNotNull(LockAware.watchdogSettings());
    }
}
