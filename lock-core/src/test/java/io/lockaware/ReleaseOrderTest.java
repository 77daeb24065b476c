package io.lockaware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * unlock() has two orders (see {@link Tracker#release} and {@link Tracker#hide}): with a listener or statistics on,
 * the hold leaves the thread's stack and the listeners hear of it before the JDK releases the lock; with nothing
 * observing, the hold is hidden before the JDK releases the lock and leaves the stack after. Both must leave the same
 * stack, for every side, re-entry and release order.
 */
@Timeout(30)
class ReleaseOrderTest {
    @BeforeEach
    void unobserved() {
        Observers.disableCountsForTests();
        assertFalse(Observers.on, "a listener left registered by another test");
    }

    /**
     * This thread's holds, as snapshots show them; also checks that its stack holds exactly those entries (a snapshot
     * skips a hidden entry, so one left behind would otherwise go unseen).
     */
    private static List<String> held() {
        List<String> shown = LockAware.locksHeldBy(Thread.currentThread()).stream()
                .map(h -> h.lock() + " " + h.mode() + " x" + h.holdCount()).toList();
        ThreadRecord t = ThreadRecord.current();
        assertEquals(shown.size(), t.depth, "entries on the stack");
        for (int i = 0; i < t.depth; i++) {
            assertTrue(t.held[i].gate != null, "no hidden entry left below the top");
        }
        return shown;
    }

    /** Re-entry, nesting and an out-of-order release, on each side; after each unlock the stack is as it must be. */
    private static void exerciseEverySide(String prefix) throws Exception {
        DeadlockAwareMutex m = new DeadlockAwareMutex(prefix + ".m");
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock(prefix + ".rw");
        DeadlockAwareRWLock other = new DeadlockAwareRWLock(prefix + ".other");
        m.lock();
        m.lock();
        rw.writeLock().lock();
        other.readLock().lock();
        assertEquals(List.of(prefix + ".m WRITE x2", prefix + ".rw WRITE x1", prefix + ".other READ x1"), held());
        m.unlock();
        assertEquals(List.of(prefix + ".m WRITE x1", prefix + ".rw WRITE x1", prefix + ".other READ x1"), held());
        m.unlock(); // the outermost hold first: the others move down
        assertEquals(List.of(prefix + ".rw WRITE x1", prefix + ".other READ x1"), held());
        rw.writeLock().unlock();
        other.readLock().unlock();
        assertEquals(List.of(), held());
        m.lock(); // the stack's hashes are right again: a re-entry under another hold is recognised as one
        rw.writeLock().lock();
        m.lock();
        assertEquals(List.of(prefix + ".m WRITE x2", prefix + ".rw WRITE x1"), held());
        m.unlock();
        rw.writeLock().unlock();
        m.unlock();
        assertEquals(List.of(), held());
        Threads.start(prefix + "-next", () -> {
            for (Lock l : List.of(m, rw.writeLock(), other.writeLock())) {
                assertTrue(l.tryLock(), "free for another thread: " + l);
                l.unlock();
            }
            assertEquals(List.of(), held());
        }).get();
    }

    @Test
    void unobservedEverySideLeavesTheStackAsItMust() throws Exception {
        exerciseEverySide("order.quiet");
        assertFalse(Observers.on);
    }

    @Test
    void observedEverySideLeavesTheStackAsItMust() throws Exception {
        try (DetectionRulesTest.Events events = new DetectionRulesTest.Events("order.heard")) {
            assertTrue(Observers.on);
            exerciseEverySide("order.heard");
            for (String n : List.of("order.heard.m", "order.heard.rw", "order.heard.other")) {
                assertEquals(0, events.balance(n), n + ": " + events.seen);
            }
        }
    }

    /**
     * Unobserved, the last hold is hidden before the JDK releases the lock and leaves the stack only after: a thread
     * that takes the lock next never sees it in a snapshot.
     */
    @Test
    void aLastHoldIsHiddenFromSnapshotsBeforeTheJdkReleasesTheLock() {
        DeadlockAwareMutex m = new DeadlockAwareMutex("order.hidden");
        m.lock();
        m.lock();
        ThreadRecord t = ThreadRecord.current();
        Gate g = t.held[t.depth - 1].gate;
        assertEquals(-1, Tracker.hide(t, g), "a re-entry only counts down");
        assertEquals(List.of("order.hidden WRITE x1"), held());
        int i = Tracker.hide(t, g);
        assertTrue(m.isHeldByCurrentThread(), "the JDK lock is still held");
        assertEquals(List.of(), m.snapshot().holders(), "but no snapshot shows the hold any more");
        assertEquals(1, t.depth(), "it is still on the stack");
        Tracker.drop(t, i);
        assertEquals(0, t.depth());
        m.unlock(); // the JDK's two holds only: no entry of ours is left to take off
        assertTrue(m.isHeldByCurrentThread());
        m.unlock();
        assertFalse(m.isLocked());
        assertEquals(List.of(), held());
    }

    /** A listener hears of each release while this thread still holds the lock, so never after the next owner. */
    @Test
    void aListenerHearsOfEveryReleaseBeforeTheJdkReleases() {
        DeadlockAwareMutex m = new DeadlockAwareMutex("order.before.m");
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock("order.before.rw");
        List<String> heard = new CopyOnWriteArrayList<>();
        LockEventListener probe = new LockEventListener() {
            @Override
            public void acquired(Object lock, String name, LockMode mode, Thread thread) {
            }

            @Override
            public void released(Object lock, String name, LockMode mode, Thread thread) {
                if (name.startsWith("order.before")) {
                    BooleanSupplier held = lock == m ? m::isHeldByCurrentThread
                            : mode == LockMode.READ ? () -> rw.getReadHoldCount() > 0 : rw::isWriteLockedByCurrentThread;
                    heard.add(name + " " + mode + (held.getAsBoolean() ? " still held" : " already released"));
                }
            }
        };
        LockAware.addEventListener(probe);
        try {
            m.lock();
            m.unlock();
            rw.readLock().lock();
            rw.readLock().unlock();
            rw.writeLock().lock();
            rw.writeLock().unlock();
        } finally {
            LockAware.removeEventListener(probe);
        }
        assertEquals(List.of("order.before.m WRITE still held", "order.before.rw READ still held",
                "order.before.rw WRITE still held"), heard);
    }

    /** Either order, an unlock the JDK refuses changes nothing of ours: the JDK throws before any bookkeeping. */
    @ParameterizedTest(name = "observed: {0}")
    @ValueSource(booleans = {false, true})
    void anUnlockOfWhatIsNotHeldLeavesTheStackAsItWas(boolean observed) {
        String prefix = "order.refused." + observed;
        DeadlockAwareMutex m = new DeadlockAwareMutex(prefix + ".m");
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock(prefix + ".rw");
        DetectionRulesTest.Events events = observed ? new DetectionRulesTest.Events(prefix) : null;
        try {
            assertEquals(observed, Observers.on);
            rw.readLock().lock();
            m.lock();
            List<String> before = held();
            m.unlock();
            assertThrows(IllegalMonitorStateException.class, m::unlock);
            assertThrows(IllegalMonitorStateException.class, rw.writeLock()::unlock); // holds its read lock only
            assertEquals(before.subList(0, 1), held());
            rw.readLock().unlock();
            assertEquals(List.of(), held());
            if (observed) {
                assertEquals(List.of("+" + prefix + ".rw READ", "+" + prefix + ".m WRITE", "-" + prefix + ".m WRITE",
                        "-" + prefix + ".rw READ"), events.seen, "no event for the refused unlocks");
            }
        } finally {
            if (events != null) {
                events.close();
            }
        }
    }
}
