package io.lockaware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which holds are timed for the statistics listeners: one in {@code holdSampleEvery} per thread on average, at random
 * gaps between 1 and 2N-1. The bounds below are wide (about five standard deviations of the sample size), so a
 * correct rule passes every time, while timing every hold, no hold, or always the same lock of a cycle fails.
 */
class HoldSamplingTest {
    private final Map<String, AtomicInteger> timed = new ConcurrentHashMap<>();
    private final LockStatsListener listener =
            onHeld((name, nanos) -> timed.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet());

    /** A stats listener that hears only sampled holds: lock name and nanoseconds. */
    private static LockStatsListener onHeld(BiConsumer<String, Long> held) {
        return new LockStatsListener() {
            @Override
            public void waited(String name, LockMode mode, long nanos) {
            }

            @Override
            public void held(String name, LockMode mode, long nanos) {
                held.accept(name, nanos);
            }
        };
    }

    @BeforeEach
    void listen() {
        LockAware.addStatsListener(listener);
    }

    @AfterEach
    void stop() {
        LockAware.removeStatsListener(listener);
        Observers.disableCountsForTests();
    }

    private int timed(String name) {
        AtomicInteger n = timed.get(name);
        return n == null ? 0 : n.get();
    }

    @Test
    void aboutOneHoldInNIsTimed() {
        int every = LockAware.holdSampleEvery();
        assertTrue(every > 1, "run without -Dlockaware.stats.holdSampleEvery=1");
        DeadlockAwareMutex m = new DeadlockAwareMutex("sampling.rate");
        for (int i = 0; i < 400 * every; i++) {
            m.lock();
            m.unlock();
        }
        int n = timed("sampling.rate");
        assertTrue(n >= 340 && n <= 460, n + " holds timed of " + 400 * every + ", expected about 400");
    }

    @Test
    void locksTakenInAFixedCycleAreAllTimed() {
        int every = LockAware.holdSampleEvery();
        assertTrue(every > 1, "run without -Dlockaware.stats.holdSampleEvery=1");
        DeadlockAwareMutex a = new DeadlockAwareMutex("sampling.cycle.a");
        DeadlockAwareMutex b = new DeadlockAwareMutex("sampling.cycle.b");
        for (int i = 0; i < 200 * every; i++) {
            a.lock();
            a.unlock();
            b.lock();
            b.unlock();
        }
        // every Nth hold with N even would time only one of the two: 400 and 0
        int na = timed("sampling.cycle.a");
        int nb = timed("sampling.cycle.b");
        assertTrue(na >= 140 && na <= 260 && nb >= 140 && nb <= 260,
                "timed: a " + na + ", b " + nb + ", expected ~200 each");
    }

    @ParameterizedTest(name = "held {0} time(s)")
    @ValueSource(ints = {1, 2})
    void aHoldEndedByAwaitIsTimedOnce(int holds) throws Exception {
        String name = "sampling.await." + holds;
        DeadlockAwareMutex m = new DeadlockAwareMutex(name);
        java.util.concurrent.locks.Condition c = m.newCondition();
        long[] reported = {-1, -1}; // holds on lockaware's stack when reported, nanos (listener exceptions are logged)
        LockStatsListener probe = onHeld((n, nanos) -> {
            if (n.equals(name)) {
                reported[0] = LockAware.locksHeldBy(Thread.currentThread()).stream()
                        .filter(h -> h.lock().equals(name)).mapToInt(h -> h.holdCount()).sum();
                reported[1] = nanos;
            }
        });
        LockAware.addStatsListener(probe);
        // A new thread's first hold is always timed (its countdown starts at 1); the hold after the await is not.
        Thread t = new Thread(() -> {
            for (int i = 0; i < holds; i++) {
                m.lock();
            }
            try {
                Thread.sleep(1); // the hold before the await lasts at least 1 ms
                c.awaitNanos(1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                for (int i = 0; i < holds; i++) {
                    m.unlock();
                }
            }
        });
        try {
            t.start();
            t.join(10_000);
        } finally {
            LockAware.removeStatsListener(probe);
        }
        assertFalse(t.isAlive(), "the awaiting thread did not finish");
        assertEquals(1, timed(name), "the timed hold that the await ended must be reported once");
        // reported once the await returned, the hold back on the thread's stack (not from inside await, where the
        // JDK still holds the lock but the stack does not show it)
        assertEquals(holds, reported[0]);
        assertTrue(reported[1] >= 1_000_000, "the hold up to the await reported as " + reported[1] + " ns");
    }

    /**
     * An await refused before anything was released puts the hold back with its sample: the hold is timed once, from
     * its start to its real release. (The entry it goes back into was freed, which zeroes a sample, so the hold keeps
     * its own only because the put-back restores it.)
     */
    @Test
    void aTimedHoldWhoseAwaitIsRefusedIsTimedOnceToItsRelease() throws Exception {
        String a = "sampling.refused.a";
        String b = "sampling.refused.b";
        DeadlockAwareMutex outer = new DeadlockAwareMutex(a);
        DeadlockAwareMutex inner = new DeadlockAwareMutex(b);
        java.util.concurrent.locks.Condition onOuter = outer.newCondition();
        List<Long> reported = new CopyOnWriteArrayList<>();
        LockStatsListener probe = onHeld((n, nanos) -> {
            if (n.equals(a)) {
                reported.add(nanos);
            }
        });
        LockAware.addStatsListener(probe);
        try (Recorder rec = Recorder.install()) { // installing forgets policies: set them after
            LockAware.setPolicy(a, ReportKind.LOCK_ORDER_INVERSION, Policy.THROW);
            // a new thread's first hold is always timed: the outer lock's
            long held = Threads.start("refused-await", () -> {
                outer.lock();
                long start = System.nanoTime();
                inner.lock(); // outer -> inner; the await would take outer back while holding inner: refused
                try {
                    assertThrows(PotentialDeadlockException.class, () -> onOuter.await(1, TimeUnit.SECONDS));
                    Thread.sleep(1); // the hold goes on after the refusal
                } finally {
                    inner.unlock();
                }
                long end = System.nanoTime();
                outer.unlock();
                return end - start;
            }).get();
            assertEquals(1, reported.size(), "the outer hold timed once: " + reported);
            assertTrue(reported.get(0) >= held, "reported " + reported.get(0) + " ns, held at least " + held + " ns");
            assertEquals(1, rec.of(ReportKind.LOCK_ORDER_INVERSION).size());
        } finally {
            LockAware.removeStatsListener(probe);
        }
    }
}
