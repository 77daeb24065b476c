package io.lockaware;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statistics and event delivery. Off by default: the hot path checks one volatile flag. When on, counts go to plain
 * per-thread arrays (no shared cache line is written on an uncontended acquisition) and are summed when read; waits
 * are timed anyway on the slow path; holds are timed on a sample.
 */
final class Observers {
    private static final Logger LOG = LoggerFactory.getLogger("io.lockaware.Observers");
    /**
     * Holds timed: on average one in N per thread, the gap drawn at random between 1 and 2N-1 (the first hold of a
     * thread is timed). A timed hold costs two clock reads and a Micrometer timer update, ~30x an uncontended lock, so
     * N = 256 keeps it near half a nanosecond per acquisition. Every hold has the same chance whatever its thread,
     * its lock or its length, so each lock's sample is unbiased; the random gap keeps a thread that takes locks in a
     * fixed cycle (A, B, A, B...) from always timing the same one, which a fixed every-Nth rule would.
     */
    static final int HOLD_SAMPLE_EVERY = Config.integer("lockaware.stats.holdSampleEvery", 256, 1, 1 << 20);
    static final int ACQ = 0;
    static final int CONTENDED = 1;
    static final int FAILED = 2;
    static final int COUNTERS = 3;

    static volatile boolean on;
    /** Some event listener is registered: the hot path skips iterating the empty list otherwise. */
    private static volatile boolean events;
    static final CopyOnWriteArrayList<LockEventListener> EVENTS = new CopyOnWriteArrayList<>();
    static final CopyOnWriteArrayList<LockStatsListener> STATS = new CopyOnWriteArrayList<>();
    private static volatile boolean countsEnabled;
    /** Counts of threads whose records were swept; guarded by the class lock, like every read of the counts. */
    private static long[] retired = new long[0];

    private Observers() {
    }

    static synchronized void update() {
        if (!STATS.isEmpty()) {
            countsEnabled = true;
        }
        events = !EVENTS.isEmpty();
        on = countsEnabled || events;
    }

    static synchronized void enableCounts() {
        countsEnabled = true;
        update();
    }

    /**
     * Tests only: counting off again, so that tests after one that listened to statistics run unobserved (the
     * default), where unlock() takes its other path (see {@link Tracker#hide}).
     */
    static synchronized void disableCountsForTests() {
        countsEnabled = false;
        update();
    }

    static int slot(LockClass c, LockMode m) {
        return ((c.id << 1) | (m == LockMode.READ ? 1 : 0)) * COUNTERS;
    }

    static void acquired(ThreadRecord t, Gate g, HeldLock h, long waitedNanos) {
        if (countsEnabled) {
            int s = slot(g.lockClass(), g.mode());
            long[] c = t.counters(s + COUNTERS);
            c[s + ACQ]++;
            if (waitedNanos >= 0) {
                c[s + CONTENDED]++;
            }
            if (h != null && --t.holdSampleCountdown <= 0) {
                t.holdSampleCountdown = t.nextSampleGap(HOLD_SAMPLE_EVERY);
                h.sampleStart = System.nanoTime();
            }
        }
        if (events) {
            acquiredEvent(t, g);
        }
    }

    private static void acquiredEvent(ThreadRecord t, Gate g) {
        for (LockEventListener l : EVENTS) {
            try {
                l.acquired(g.owner(), g.lockClass().name, g.mode(), t.thread);
            } catch (Throwable e) {
                LOG.error("lockaware: event listener {} threw; ignored", l, e);
            }
        }
    }

    /**
     * Before the release: event listeners hear of it (they must, to keep their ordering guarantee). Returns the
     * sampled hold time for {@link #held}, or -1.
     */
    static long released(ThreadRecord t, Gate g, HeldLock h, boolean last) {
        long held = -1;
        if (last && h.sampleStart != 0) {
            held = System.nanoTime() - h.sampleStart;
            h.sampleStart = 0;
        }
        if (events) {
            releasedEvent(t, g);
        }
        return held;
    }

    private static void releasedEvent(ThreadRecord t, Gate g) {
        for (LockEventListener l : EVENTS) {
            try {
                l.released(g.owner(), g.lockClass().name, g.mode(), t.thread);
            } catch (Throwable e) {
                LOG.error("lockaware: event listener {} threw; ignored", l, e);
            }
        }
    }

    /**
     * After the release: a sampled hold time to the stats listeners. Not before, so a listener that registers
     * meters the first time it sees a lock name does it without the lock held. (A hold that a Condition.await ends
     * is reported when the await returns, with the lock held again and back on the stack, see TrackedCondition.)
     */
    static void held(Gate g, long nanos) {
        for (LockStatsListener l : STATS) {
            try {
                l.held(g.lockClass().name, g.mode(), nanos);
            } catch (Throwable e) {
                LOG.error("lockaware: stats listener {} threw; ignored", l, e);
            }
        }
    }

    /** A wait that ended without the lock (timed out or interrupted) still counts as a wait. */
    static void waited(Gate g, long nanos) {
        for (LockStatsListener l : STATS) {
            try {
                l.waited(g.lockClass().name, g.mode(), nanos);
            } catch (Throwable e) {
                LOG.error("lockaware: stats listener {} threw; ignored", l, e);
            }
        }
    }

    static void failed(ThreadRecord t, Gate g) {
        if (countsEnabled) {
            int s = slot(g.lockClass(), g.mode());
            t.counters(s + COUNTERS)[s + FAILED]++;
        }
    }

    /** Called while sweeping dead threads' records: their counts move to {@link #retired} before they go. */
    static synchronized void retire(ThreadRecord r) {
        long[] c = r.countersView();
        if (c.length > retired.length) {
            retired = java.util.Arrays.copyOf(retired, c.length);
        }
        for (int i = 0; i < c.length; i++) {
            retired[i] += c[i];
        }
    }

    /** Counts summed over all threads plus live figures from one scan of the threads' records. */
    static synchronized List<LockStatistics> statistics() {
        long[] sum = retired.clone();
        Map<Integer, long[]> live = new HashMap<>(); // slot -> holders, waiters, oldest hold start, longest wait start
        Map<Integer, LockClass> classes = new HashMap<>();
        long now = System.nanoTime();
        for (ThreadRecord r : ThreadRecord.ALL) {
            long[] c = r.countersView();
            if (c.length > sum.length) {
                sum = java.util.Arrays.copyOf(sum, c.length);
            }
            for (int i = 0; i < c.length; i++) {
                sum[i] += c[i];
            }
            for (HeldLock h : r.heldSnapshot()) {
                int s = slot(h.cls(), h.mode());
                classes.putIfAbsent(s, h.cls());
                long[] l = live.computeIfAbsent(s, k -> new long[] {0, 0, Long.MAX_VALUE, Long.MAX_VALUE});
                l[0]++;
                l[2] = Math.min(l[2], h.since);
            }
            Gate w = r.waitingFor;
            if (w != null) {
                int s = slot(w.lockClass(), w.mode());
                classes.putIfAbsent(s, w.lockClass());
                long[] l = live.computeIfAbsent(s, k -> new long[] {0, 0, Long.MAX_VALUE, Long.MAX_VALUE});
                l[1]++;
                l[3] = Math.min(l[3], r.waitStartNanos);
            }
        }
        for (LockClass c : LockClass.all()) {
            for (LockMode m : LockMode.values()) {
                classes.putIfAbsent(slot(c, m), c);
            }
        }
        List<LockStatistics> out = new ArrayList<>();
        for (Map.Entry<Integer, LockClass> e : classes.entrySet()) {
            int s = e.getKey();
            long acq = s + ACQ < sum.length ? sum[s + ACQ] : 0;
            long[] l = live.get(s);
            if (acq == 0 && l == null) {
                continue;
            }
            LockMode mode = (s / COUNTERS & 1) == 1 ? LockMode.READ : LockMode.WRITE;
            out.add(new LockStatistics(e.getValue().tracked ? e.getValue().name : "other", mode, acq,
                    s + CONTENDED < sum.length ? sum[s + CONTENDED] : 0, s + FAILED < sum.length ? sum[s + FAILED] : 0,
                    l == null ? 0 : (int) l[0], l == null ? 0 : (int) l[1],
                    l == null || l[2] == Long.MAX_VALUE ? 0 : Math.max(0, now - l[2]),
                    l == null || l[3] == Long.MAX_VALUE ? 0 : Math.max(0, now - l[3])));
        }
        out.sort(java.util.Comparator.comparing(LockStatistics::name).thenComparing(LockStatistics::mode));
        return out;
    }
}
