package io.lockaware;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
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

/**
 * {@code -Dlockaware.enabled=false}: the locks are the plain JDK locks, nothing is tracked or reported. The flag is
 * read once at class initialisation, so this runs in a JVM of its own (the "disabled-mode" execution in pom.xml,
 * together with the parity tests, which must pass there too).
 */
@Tag("isolated-jvm")
@Tag("disabled-mode")
@EnabledIfSystemProperty(named = "lockaware.enabled", matches = "false")
@Timeout(30)
class DisabledModeTest {
    private static final String CONDITION_OBJECT = "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject";

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
    void theLibrarySaysItIsDisabled() {
        assertFalse(LockAware.isEnabled());
    }

    @Test
    void readLockAndWriteLockAreTheJdksOwnViews() throws Exception {
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("dis.views");
        assertSame(ReentrantReadWriteLock.ReadLock.class, rw.readLock().getClass());
        assertSame(ReentrantReadWriteLock.WriteLock.class, rw.writeLock().getClass());
        Field reader = ReentrantReadWriteLock.class.getDeclaredField("readerLock");
        Field writer = ReentrantReadWriteLock.class.getDeclaredField("writerLock");
        reader.setAccessible(true); // --add-opens in pom.xml
        writer.setAccessible(true);
        assertSame(reader.get(rw), rw.readLock(), "the very view ReentrantReadWriteLock built");
        assertSame(writer.get(rw), rw.writeLock());
        assertEquals(CONDITION_OBJECT, rw.writeLock().newCondition().getClass().getName());
        assertEquals(CONDITION_OBJECT, new DeadlockAwareMutex("dis.views.m").newCondition().getClass().getName());
        DeadlockAwareRWLock clone = Trace.serialClone(rw);
        assertSame(ReentrantReadWriteLock.ReadLock.class, clone.readLock().getClass());
        assertEquals("dis.views", clone.getName());
    }

    @Test
    void nothingIsTrackedAndNoDaemonRuns() throws Exception {
        DeadlockAwareMutex m = new DeadlockAwareMutex("dis.track.m");
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("dis.track.rw");
        m.lock();
        rw.readLock().lock();
        Hold other = Hold.start("dis-holder", rw.readLock());
        try {
            assertTrue(m.snapshot().holders().isEmpty());
            assertTrue(rw.snapshot().holders().isEmpty());
            assertEquals("dis.track.m", m.snapshot().name(), "names are kept");
            assertTrue(LockAware.locksHeldBy(Thread.currentThread()).isEmpty());
            assertEquals(2, rw.getReadLockCount(), "the JDK lock itself works as ever");
        } finally {
            other.release();
            rw.readLock().unlock();
            m.unlock();
        }
        assertTrue(ThreadRecord.ALL.isEmpty(), "no thread ever registered a record: " + ThreadRecord.ALL.size());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("lockaware-daemon")),
                "the library's daemon thread is never started");
    }

    @Test
    void nothingIsReportedOrRefusedEvenUnderThrow() throws Exception {
        LockAware.setPolicy(Policy.THROW);
        DeadlockAwareMutex a = new DeadlockAwareMutex("dis.report.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("dis.report.b");
        nest(a, b);
        nest(b, a); // an inversion: not seen
        nest(new DeadlockAwareMutex("dis.report.same"), new DeadlockAwareMutex("dis.report.same"));
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("dis.report.rw");
        rw.readLock().lock();
        try {
            assertFalse(rw.writeLock().tryLock(5, MILLISECONDS)); // an upgrade: not seen
        } finally {
            rw.readLock().unlock();
        }
        Condition onA = a.newCondition();
        a.lock();
        b.lock();
        try {
            assertFalse(onA.await(1, MILLISECONDS)); // re-acquisition against the order: not checked
        } finally {
            b.unlock();
            a.unlock();
        }
        // a real upgrade blocks as in the JDK, unrefused and unreported, until interrupted
        Threads.Running<Void> upgrader = Threads.start("dis-upgrader", () -> {
            rw.readLock().lock();
            try {
                assertThrows(InterruptedException.class, () -> rw.writeLock().lockInterruptibly());
            } finally {
                rw.readLock().unlock();
            }
        });
        Threads.await("upgrader queued", () -> rw.hasQueuedThread(upgrader.thread()));
        upgrader.thread().interrupt();
        upgrader.get();
        assertTrue(rec.reports.isEmpty(), rec.reports.toString());
        assertEquals(0, LockAware.orderEdgeCount());
    }

    @Test
    void badInputIsStillRejectedAsByTheJdk() {
        assertThrows(NullPointerException.class, () -> new DeadlockAwareMutex(null));
        assertThrows(IllegalArgumentException.class, () -> new DeadlockAwareRWLock(" "));
        IllegalMonitorStateException jdk = assertThrows(IllegalMonitorStateException.class, new ReentrantLock()::unlock);
        IllegalMonitorStateException ours = assertThrows(IllegalMonitorStateException.class,
                new DeadlockAwareMutex("dis.bad")::unlock);
        assertEquals(jdk.getMessage(), ours.getMessage());
        IllegalMonitorStateException jdkRead = assertThrows(IllegalMonitorStateException.class,
                new ReentrantReadWriteLock().readLock()::unlock);
        IllegalMonitorStateException ourRead = assertThrows(IllegalMonitorStateException.class,
                new DeadlockAwareRWLock("dis.bad.rw").readLock()::unlock);
        assertEquals(jdkRead.getMessage(), ourRead.getMessage());
    }
}
