package io.lockaware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which holds are timed for the statistics listeners: a thread's first hold in every tick of the coarse clock, and
 * every {@code holdSampleEvery}-th hold. Ticks are observed, never slept for: a test waits for the clock to move (or
 * retries a burst that straddled a tick), bounded by {@link Threads#TIMEOUT}.
 */
class HoldSamplingTest {
    private final List<String> timed = new CopyOnWriteArrayList<>();
    private final LockStatsListener listener = new LockStatsListener() {
        @Override
        public void waited(String name, LockMode mode, long nanos) {
        }

        @Override
        public void held(String name, LockMode mode, long nanos) {
            if (name.startsWith("sampling.")) {
                timed.add(name);
            }
        }
    };

    @BeforeEach
    void listen() {
        Daemon.ensureStarted(); // it ticks the clock; normally started by a thread's first tracked lock
        LockAware.addStatsListener(listener);
    }

    @AfterEach
    void stop() {
        LockAware.removeStatsListener(listener);
    }

    @Test
    void aLockTakenOncePerTickHasEveryHoldTimed() {
        DeadlockAwareMutex m = new DeadlockAwareMutex("sampling.slow");
        nextTick(); // earlier holds of this thread may have been timed in the current tick
        for (int i = 0; i < 5; i++) {
            m.lock();
            m.unlock();
            nextTick();
        }
        assertEquals(5, timed.size(), "one timed hold per tick: " + timed);
    }

    private static void nextTick() {
        long now = Clock.coarseNanos();
        Threads.await("the coarse clock to tick", () -> Clock.coarseNanos() != now);
    }

    @Test
    void withinOneTickEveryNthHoldIsTimed() {
        int every = LockAware.holdSampleEvery();
        assertTrue(every > 1, "run without -Dlockaware.stats.holdSampleEvery=1");
        DeadlockAwareMutex m = new DeadlockAwareMutex("sampling.fast");
        long deadline = System.nanoTime() + Threads.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            timed.clear();
            long tick = Clock.coarseNanos();
            for (int i = 0; i < 3 * every; i++) {
                m.lock();
                m.unlock();
            }
            if (Clock.coarseNanos() == tick) {
                // the first hold of the tick resets the countdown, else the countdown runs on: three either way
                assertEquals(3, timed.size(), "3 x " + every + " holds within one tick");
                return;
            }
            // the burst straddled a tick: one more timed hold, so try again
        }
        throw new AssertionError("no burst of " + 3 * every + " holds fitted in one coarse-clock tick");
    }
}
