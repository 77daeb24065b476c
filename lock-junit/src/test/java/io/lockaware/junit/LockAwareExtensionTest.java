package io.lockaware.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.lockaware.DeadlockAwareMutex;
import io.lockaware.DeadlockAwareRWLock;
import io.lockaware.ReportKind;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs small sample test classes through the JUnit engine and checks the extension's verdicts. */
class LockAwareExtensionTest {

    private static Events run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute().testEvents();
    }

    private static String failureOf(Events events) {
        List<Event> failed = events.failed().list();
        assertEquals(1, failed.size(), "one failed test expected");
        return failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
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

    @LockAwareTest
    static class ReturnsHoldingALock {
        static final DeadlockAwareMutex LOCK = new DeadlockAwareMutex("junit.returns-holding");

        @Test
        void forgetsToUnlock() {
            LOCK.lock();
        }
    }

    @Test
    void aTestThatReturnsHoldingALockFails() {
        String message = failureOf(run(ReturnsHoldingALock.class));
        assertTrue(message.contains("the test returned holding junit.returns-holding (write)"), message);
        assertTrue(message.contains("forgetsToUnlock"), "names where it was acquired: " + message);
        ReturnsHoldingALock.LOCK.unlock();
    }

    @LockAwareTest
    static class ThreadEndsHoldingAReadLock {
        @Test
        void startsALeakyThread() throws Exception {
            DeadlockAwareRWLock cache = new DeadlockAwareRWLock("junit.leaky-cache");
            Thread t = new Thread(() -> cache.readLock().lock(), "leaky-worker");
            t.start();
            t.join(10_000);
        }
    }

    @Test
    void aThreadThatEndsHoldingALockFailsTheTestThatStartedIt() {
        String message = failureOf(run(ThreadEndsHoldingAReadLock.class));
        assertTrue(message.contains("thread \"leaky-worker\" ended holding junit.leaky-cache (read)"), message);
        assertTrue(message.contains("lockaware reported leaked-lock"), "the watchdog's leak report is included: " + message);
    }

    @LockAwareTest
    static class ProducesAnInversion {
        @Test
        void takesTwoLocksInBothOrders() {
            DeadlockAwareMutex a = new DeadlockAwareMutex("junit.inv.a");
            DeadlockAwareMutex b = new DeadlockAwareMutex("junit.inv.b");
            nest(a, b);
            nest(b, a);
        }
    }

    @Test
    void aTestDuringWhichAReportIsProducedFails() {
        String message = failureOf(run(ProducesAnInversion.class));
        assertTrue(message.contains("lockaware reported lock-order-inversion"), message);
        assertTrue(message.contains("POSSIBLE DEADLOCK"), "the full report text is in the failure: " + message);
    }

    @LockAwareTest
    static class AllowsTheInversionItProvokes {
        @Test
        @AllowLockReports(ReportKind.LOCK_ORDER_INVERSION)
        void takesTwoLocksInBothOrdersOnPurpose() {
            DeadlockAwareMutex a = new DeadlockAwareMutex("junit.allowed.a");
            DeadlockAwareMutex b = new DeadlockAwareMutex("junit.allowed.b");
            nest(a, b);
            nest(b, a);
        }

        @Test
        void releasesEverything() {
            DeadlockAwareRWLock l = new DeadlockAwareRWLock("junit.clean");
            l.writeLock().lock();
            l.readLock().lock();
            l.writeLock().unlock();
            l.readLock().unlock();
        }
    }

    @Test
    void allowedReportsAndCleanTestsPass() {
        Events events = run(AllowsTheInversionItProvokes.class);
        assertEquals(2, events.succeeded().count(), events.list().toString());
        assertEquals(0, events.failed().count());
    }
}
