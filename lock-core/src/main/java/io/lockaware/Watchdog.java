package io.lockaware;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live watchdog: what is stuck now. It runs on the library's daemon thread every scan period (no timer per lock,
 * nothing on the uncontended path), reading the threads' held stacks and wait records, and raises four kinds of
 * report: {@link ReportKind#LONG_WAIT}, {@link ReportKind#LONG_HOLD}, {@link ReportKind#LEAKED_LOCK} and
 * {@link ReportKind#ACTUAL_DEADLOCK}.
 *
 * <p>Each problem is an incident with a stable identity (a thread's wait that began at a given instant, a hold that
 * began at a given instant, a cycle of such waits). An incident is reported once when found, reminded at growing
 * intervals (2x, 4x, 8x its threshold) while it lasts, given one full thread dump when older than
 * {@code lockaware.dump.after}, and closed with one line when it goes away. The views of other threads are racy, so a
 * deadlock must be seen in two consecutive scans, with every thread in it parked, before it is reported.
 *
 * <p>The wait-for graph understands read/write locks: a writer waits for every other holder; a reader waits for the
 * writer, and, when only readers hold the lock, for the writers queued ahead of it (the JDK's writer preference).
 * That is how the read/write cycle of incident 2 is found, which {@code ThreadMXBean.findDeadlockedThreads} cannot
 * see.
 */
final class Watchdog {
    static volatile boolean enabled = Config.bool("lockaware.watchdog", true);
    static volatile long waitWarnNanos = Config.duration("lockaware.wait.warn", Duration.ofSeconds(2)).toNanos();
    static volatile long holdWarnNanos = Config.duration("lockaware.hold.warn", Duration.ofSeconds(5)).toNanos();
    static volatile long dumpAfterNanos = Config.duration("lockaware.dump.after", Duration.ofSeconds(30)).toNanos();
    static volatile boolean recover = Config.bool("lockaware.deadlock.recover", false);
    private static final long MIN_PERIOD = 10_000_000L;
    private static final long MAX_PERIOD = 1_000_000_000L;

    private static final ReentrantLock SCAN = new ReentrantLock();
    private static final Map<Object, Incident> INCIDENTS = new HashMap<>();
    private static Set<Object> deadlockCandidates = new HashSet<>();
    private static long nextScan;

    private Watchdog() {
    }

    /** Scans run at a quarter of the shorter threshold, between 10 ms and 1 s. */
    static long period() {
        return Math.max(MIN_PERIOD, Math.min(MAX_PERIOD, Math.min(waitWarnNanos, holdWarnNanos) / 4));
    }

    static void onTick(long now) {
        if (enabled && now - nextScan >= 0) {
            nextScan = now + period();
            if (SCAN.tryLock()) {
                try {
                    deliver(scanLocked());
                } finally {
                    SCAN.unlock();
                }
            }
        }
    }

    /** One scan on the caller's thread (tests, tools); reports are delivered before it returns. */
    static List<LockReport> scanNow() {
        List<LockReport> out;
        SCAN.lock();
        try {
            out = scanLocked();
        } finally {
            SCAN.unlock();
        }
        deliver(out);
        return out;
    }

    /** Listeners run after the scan lock is released, and in the order found. */
    private static void deliver(List<LockReport> reports) {
        for (LockReport r : reports) {
            Reports.deliver(r);
        }
    }

    static void forget() {
        SCAN.lock();
        try {
            INCIDENTS.clear();
            deadlockCandidates = new HashSet<>();
        } finally {
            SCAN.unlock();
        }
    }

    /** One thread as seen by this scan. */
    static final class View {
        final ThreadRecord rec;
        final Thread thread;
        final boolean alive;
        final HeldLock[] held;
        final Gate waiting;
        final long waitStart;

        View(ThreadRecord rec, Scene scene) {
            this.rec = rec;
            this.thread = rec.thread;
            Gate w = rec.waitingFor;
            long start = rec.waitStartNanos;
            this.waiting = w != null && w == rec.waitingFor ? w : null;
            this.waitStart = start;
            this.alive = thread.getState() != Thread.State.TERMINATED;
            // Copy only holds that can matter: a dead thread's, old ones, and those of locks someone waits for.
            long oldSince = scene.now - holdWarnNanos;
            this.held = alive ? rec.heldMatching(h -> h.since - oldSince <= 0 || scene.waited.containsKey(h.lock()))
                    : rec.heldSnapshot();
        }

        boolean quiet() {
            return alive && waiting == null && held.length == 0;
        }

        boolean parked() {
            Thread.State s = thread.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        }
    }

    /** Everything one scan knows, indexed by lock. */
    static final class Scene {
        final long now = System.nanoTime();
        final List<View> views = new ArrayList<>();
        final Map<Object, List<Object[]>> holders = new IdentityHashMap<>(); // lock -> [View, HeldLock]
        final Map<Object, List<View>> waiters = new IdentityHashMap<>();
        /** Locks some thread waits for (first pass), so their holders are copied in the second. */
        final Map<Object, Boolean> waited = new IdentityHashMap<>();

        /**
         * Two passes over the threads' records: which locks are waited for, then a view of each thread that has
         * something to look at. A quiet system's scan reads every record and allocates almost nothing.
         */
        Scene() {
            for (ThreadRecord r : ThreadRecord.ALL) {
                Gate w = r.waitingFor;
                if (w != null) {
                    waited.put(w.owner(), Boolean.TRUE);
                }
            }
            for (ThreadRecord r : ThreadRecord.ALL) {
                View v = new View(r, this);
                if (v.quiet()) {
                    continue;
                }
                views.add(v);
                for (HeldLock h : v.held) {
                    holders.computeIfAbsent(h.lock(), k -> new ArrayList<>()).add(new Object[] {v, h});
                }
                if (v.waiting != null) {
                    waiters.computeIfAbsent(v.waiting.owner(), k -> new ArrayList<>()).add(v);
                }
            }
        }

        List<Object[]> holdersOf(Object lock) {
            return holders.getOrDefault(lock, List.of());
        }

        /** Writers waiting on {@code lock} that began before {@code since}: a new reader queues behind them. */
        List<View> writersAhead(Object lock, long since, View except) {
            List<View> out = new ArrayList<>();
            for (View w : waiters.getOrDefault(lock, List.of())) {
                if (w != except && w.waiting.mode() == LockMode.WRITE && w.waitStart - since < 0) {
                    out.add(w);
                }
            }
            out.sort(Comparator.comparingLong(x -> x.waitStart));
            return out;
        }

        /** The threads {@code w} waits for, each with why. */
        List<Blocker> blockersOf(View w) {
            Object lock = w.waiting.owner();
            List<Blocker> out = new ArrayList<>();
            boolean writerHolds = false;
            for (Object[] hv : holdersOf(lock)) {
                View v = (View) hv[0];
                HeldLock h = (HeldLock) hv[1];
                if (v == w) {
                    continue;
                }
                if (h.mode() == LockMode.WRITE) {
                    writerHolds = true;
                }
                if (w.waiting.mode() == LockMode.WRITE || h.mode() == LockMode.WRITE) {
                    out.add(new Blocker(v, h, false));
                }
            }
            if (w.waiting.mode() == LockMode.READ && !writerHolds) {
                for (View q : writersAhead(lock, w.waitStart, w)) {
                    out.add(new Blocker(q, null, true));
                }
            }
            return out;
        }
    }

    /** A thread in the way: a holder of the lock, or a writer queued ahead of a reader. */
    record Blocker(View view, HeldLock hold, boolean queuedWriter) {
    }

    /** A problem with a life: found, reminded, resolved. */
    static final class Incident {
        final ReportKind kind;
        final long start;
        final long threshold;
        long nextReminderAge;
        boolean dumped;
        boolean seen;
        /** For the closing line, e.g. {@code wait of thread "x" for room.members (write)}. */
        String what;

        Incident(ReportKind kind, long start, long threshold) {
            this.kind = kind;
            this.start = start;
            this.threshold = threshold;
            this.nextReminderAge = threshold * 2;
        }
    }

    record WaitKey(ThreadRecord rec, long since) {
    }

    record HoldKey(ThreadRecord rec, Object lock, LockMode mode, long since, boolean leaked) {
    }

    private static List<LockReport> scanLocked() {
        List<LockReport> out = new ArrayList<>();
        Scene scene = new Scene();
        for (Incident i : INCIDENTS.values()) {
            i.seen = false;
        }
        for (View v : scene.views) {
            if (!v.alive) {
                for (HeldLock h : v.held) {
                    track(out, new HoldKey(v.rec, h.lock(), h.mode(), h.since, true), ReportKind.LEAKED_LOCK, h.since,
                            0, scene, null, dump -> WatchdogReports.leak(scene, v, h));
                }
                continue;
            }
            if (v.waiting != null && scene.now - v.waitStart >= waitWarnNanos) {
                track(out, new WaitKey(v.rec, v.waitStart), ReportKind.LONG_WAIT, v.waitStart, waitWarnNanos, scene,
                        "wait of thread \"" + v.thread.getName() + "\" for " + v.waiting.describe(),
                        dump -> WatchdogReports.longWait(scene, v, dump));
            }
            for (HeldLock h : v.held) {
                if (scene.now - h.since >= holdWarnNanos) {
                    track(out, new HoldKey(v.rec, h.lock(), h.mode(), h.since, false), ReportKind.LONG_HOLD, h.since,
                            holdWarnNanos, scene, "hold of " + h.gate.describe() + " by thread \"" + v.thread.getName() + "\"",
                            dump -> WatchdogReports.longHold(scene, v, h, dump));
                }
            }
        }
        deadlocks(scene, out);
        List<Object> gone = new ArrayList<>();
        for (Map.Entry<Object, Incident> e : INCIDENTS.entrySet()) {
            if (!e.getValue().seen) {
                gone.add(e.getKey());
            }
        }
        for (Object k : gone) {
            Incident i = INCIDENTS.remove(k);
            if (i.kind != ReportKind.LEAKED_LOCK) {
                out.add(WatchdogReports.resolved(i, k, scene.now));
            }
        }
        return out;
    }

    interface Writer {
        LockReport write(boolean withDump);
    }

    /** Reports a new incident, or a reminder when it has doubled its age since the last one. */
    private static void track(List<LockReport> out, Object key, ReportKind kind, long start, long threshold,
                              Scene scene, String subject, Writer writer) {
        Incident i = INCIDENTS.get(key);
        long age = scene.now - start;
        boolean dump = age >= dumpAfterNanos && threshold > 0;
        if (i == null) {
            i = new Incident(kind, start, threshold);
            INCIDENTS.put(key, i);
            i.dumped = dump;
            i.what = subject;
            out.add(writer.write(dump));
        } else if (threshold > 0 && age >= i.nextReminderAge) {
            while (i.nextReminderAge <= age) {
                i.nextReminderAge *= 2;
            }
            boolean withDump = dump && !i.dumped;
            i.dumped |= withDump;
            out.add(WatchdogReports.reminder(writer.write(withDump)));
        }
        i.seen = true;
    }

    /** Finds wait-for cycles among threads; reports one seen in two consecutive scans with every thread parked. */
    private static void deadlocks(Scene scene, List<LockReport> out) {
        Map<View, List<Blocker>> edges = new LinkedHashMap<>();
        for (View v : scene.views) {
            if (v.alive && v.waiting != null) {
                edges.put(v, scene.blockersOf(v));
            }
        }
        Set<Object> candidates = new HashSet<>();
        Set<View> done = new HashSet<>();
        for (View start : edges.keySet()) {
            List<Blocker> cycle = findCycle(start, edges, done);
            if (cycle == null) {
                continue;
            }
            Object key = cycleKey(cycle);
            candidates.add(key);
            boolean confirmed = deadlockCandidates.contains(key) && cycle.stream().allMatch(b -> b.view().parked());
            Incident known = INCIDENTS.get(key);
            if (known != null) {
                known.seen = true;
            } else if (confirmed) {
                Incident i = new Incident(ReportKind.ACTUAL_DEADLOCK, scene.now, 0);
                i.seen = true;
                LockReport r = WatchdogReports.deadlock(scene, cycle, recover);
                i.what = "deadlock of threads " + String.join(", ", r.threads()) + " over " + String.join(", ", r.locks())
                        + (recover ? " (recovery failed one acquisition)" : "");
                INCIDENTS.put(key, i);
                out.add(r);
                if (recover) {
                    breakCycle(cycle, r);
                }
            }
        }
        deadlockCandidates = candidates;
    }

    /** Iterative depth-first search from {@code start}; returns the cycle it lies on as blockers, or null. */
    private static List<Blocker> findCycle(View start, Map<View, List<Blocker>> edges, Set<View> done) {
        if (done.contains(start)) {
            return null;
        }
        Map<View, Integer> onPath = new HashMap<>();
        List<View> path = new ArrayList<>();
        List<Blocker> via = new ArrayList<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        path.add(start);
        onPath.put(start, 0);
        next.push(new int[] {0});
        while (!path.isEmpty()) {
            View top = path.get(path.size() - 1);
            List<Blocker> out = edges.getOrDefault(top, List.of());
            int[] idx = next.peek();
            if (idx[0] >= out.size()) {
                done.add(top);
                onPath.remove(top);
                path.remove(path.size() - 1);
                next.pop();
                if (!via.isEmpty()) {
                    via.remove(via.size() - 1);
                }
                continue;
            }
            Blocker b = out.get(idx[0]++);
            Integer at = onPath.get(b.view());
            if (at != null) {
                // cycle.get(i) is the thread that the owner of cycle.get(i - 1) waits for (cyclically).
                List<Blocker> cycle = new ArrayList<>(via.subList(at, via.size()));
                cycle.add(b);
                return cycle;
            }
            if (!done.contains(b.view()) && edges.containsKey(b.view())) {
                onPath.put(b.view(), path.size());
                path.add(b.view());
                via.add(b);
                next.push(new int[] {0});
            }
        }
        return null;
    }

    private static Object cycleKey(List<Blocker> cycle) {
        List<String> parts = new ArrayList<>();
        for (Blocker b : cycle) {
            parts.add(System.identityHashCode(b.view().rec) + "@" + b.view().waitStart);
        }
        parts.sort(null);
        return "deadlock:" + String.join(",", parts);
    }

    /** Fails the most recent waiter of the cycle: the least work is lost and it is usually the one that closed it. */
    private static void breakCycle(List<Blocker> cycle, LockReport report) {
        View victim = victimOf(cycle);
        victim.rec.abort = report;
        victim.thread.interrupt();
    }

    /** The recovery rule: the thread of the cycle whose wait began last. */
    static View victimOf(List<Blocker> cycle) {
        View victim = null;
        for (Blocker b : cycle) {
            if (victim == null || b.view().waitStart - victim.waitStart > 0) {
                victim = b.view();
            }
        }
        return victim;
    }
}
