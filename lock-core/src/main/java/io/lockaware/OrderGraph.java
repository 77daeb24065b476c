package io.lockaware;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide acquisition-order graph over lock classes.
 *
 * <p>An edge A -> B means "some thread held A and then asked for B, blocking". When a thread holding H1..Hn asks for
 * C, an edge Hi -> C is added for <em>every</em> held lock (not only the innermost, as lockdep does): locks taken with
 * an untimed tryLock add no edge of their own, so transitivity through them cannot be relied on, and the shortest
 * cycle is then found directly, which makes reports smaller.
 *
 * <p><b>Which cycles are deadlocks.</b> lockdep's read/write rule (2020) calls a cycle safe only if it contains a
 * hop that enters a lock as a <em>recursive</em> reader and leaves it from a shared hold. A JDK read lock is never a
 * recursive reader: a new reader queues behind a waiting writer (fair and nonfair alike), and re-entry, the only
 * acquisition that cannot queue, adds no edge. So with these locks every cycle is strong and plain reachability is
 * exactly lockdep's rule. Read-only hops still matter for the report: a hop where a lock is held shared and requested
 * shared only blocks when a writer is queued on that lock, and the report says so.
 *
 * <p><b>Atomicity.</b> Checking for a cycle and inserting the edges happen under one lock, so two threads adding the
 * two halves of a cycle at the same moment cannot both find the graph acyclic (the race of Guava issue #2048).
 * Callers never hold it while a listener runs.
 *
 * <p><b>Timed tryLock.</b> Its edges are recorded as <em>bounded</em>. A cycle is reported as a real inversion when
 * a path of unbounded edges closes it; a cycle that needs a bounded edge is reported as a bounded warning, which no
 * policy turns into an exception.
 */
final class OrderGraph {
    static final Edge[] NO_EDGES = new Edge[0];
    static final ReentrantLock LOCK = new ReentrantLock();
    private static final Logger LOG = LoggerFactory.getLogger("io.lockaware.OrderGraph");
    private static final AtomicBoolean CAP_LOGGED = new AtomicBoolean();
    private static final List<LockClass> TOUCHED = new ArrayList<>(); // classes with edges, for forget()
    private static int edgeCount;
    private static int epoch;

    private OrderGraph() {
    }

    /** A learned order: {@code from} held in {@code heldMode}, then {@code to} requested in {@code requestedMode}. */
    static final class Edge {
        final LockClass from;
        final LockClass to;
        LockMode heldMode;
        LockMode requestedMode;
        boolean fromMutex;
        boolean toMutex;
        /** Only ever seen from a timed tryLock. */
        boolean bounded;
        String thread;
        StackTraceElement[] stack;

        Edge(LockClass from, LockClass to) {
            this.from = from;
            this.to = to;
        }

        LockReport.Edge toReport() {
            return new LockReport.Edge(from.name, heldMode, to.name, requestedMode, thread, bounded, Sites.list(stack));
        }
    }

    /** An edge the current acquisition would add, or strengthen from bounded to blocking. */
    private static final class Pending {
        final HeldLock held;
        final Edge existing;

        Pending(HeldLock held, Edge existing) {
            this.held = held;
            this.existing = existing;
        }
    }

    /** Slow path: a chain not in the cache. Adds the edges, reports a cycle, caches the chain. */
    static void check(ThreadRecord t, Gate g, int kind, long key) {
        LockReport report = null;
        boolean fail = false;
        LOCK.lock();
        try {
            if (ChainCache.contains(key)) {
                return; // validated by another thread with the same chain meanwhile
            }
            LockClass to = g.lockClass();
            boolean bounded = kind == Tracker.TIMED;
            int d = t.depth();
            List<Pending> pending = new ArrayList<>(d);
            List<LockClass> targets = new ArrayList<>(d);
            boolean cycleCheck = false;
            for (int i = 0; i < d; i++) {
                HeldLock h = t.held[i];
                if (!h.cls().tracked || h.cls() == to || targets.contains(h.cls())) {
                    continue;
                }
                Edge e = find(h.cls(), to);
                if (e == null || (e.bounded && !bounded)) {
                    pending.add(new Pending(h, e));
                    targets.add(h.cls());
                    cycleCheck = true;
                }
            }
            List<Edge> path = null;
            boolean pathBounded = bounded;
            if (cycleCheck) {
                path = bounded ? null : search(to, targets, false);
                if (path == null) {
                    path = search(to, targets, true);
                    pathBounded = true;
                }
            }
            StackTraceElement[] here = pending.isEmpty() ? null : Sites.capture(); // once per new edge set
            Policy policy = path == null ? Policy.LOG : Policies.of(ReportKind.LOCK_ORDER_INVERSION, to);
            fail = path != null && policy == Policy.THROW && !pathBounded;
            if (path != null && policy != Policy.IGNORE) {
                LockClass closing = path.get(path.size() - 1).to;
                HeldLock closingHold = null;
                for (Pending p : pending) {
                    if (p.held.cls() == closing) {
                        closingHold = p.held;
                    }
                }
                report = ReportWriter.inversion(t, g, closingHold, path, pathBounded, here);
            }
            if (!fail) {
                if (!pending.isEmpty() && !insert(pending, g, bounded, here)) {
                    return; // edge cap reached: keep checking this chain every time rather than cache it unchecked
                }
                ChainCache.add(key);
            }
        } finally {
            LOCK.unlock();
        }
        if (report != null) {
            Reports.publish(report);
            if (fail) {
                throw new PotentialDeadlockException(report);
            }
        }
    }

    private static boolean insert(List<Pending> pending, Gate g, boolean bounded, StackTraceElement[] here) {
        if (edgeCount + pending.size() > Config.MAX_EDGES) {
            if (CAP_LOGGED.compareAndSet(false, true)) {
                LOG.error("lockaware: {} lock-order edges recorded, the lockaware.maxEdges cap; new orders are still "
                        + "checked against the known graph but no longer learned", edgeCount);
            }
            return false;
        }
        String thread = Thread.currentThread().getName();
        for (Pending p : pending) {
            Edge e = p.existing;
            if (e == null) {
                e = new Edge(p.held.cls(), g.lockClass());
                LockClass from = p.held.cls();
                if (from.outCount == from.out.length) {
                    from.out = java.util.Arrays.copyOf(from.out, Math.max(4, from.outCount * 2));
                }
                if (from.outCount == 0) {
                    TOUCHED.add(from);
                }
                from.out[from.outCount++] = e;
                edgeCount++;
            }
            e.heldMode = p.held.mode();
            e.requestedMode = g.mode();
            e.fromMutex = p.held.gate.mutex();
            e.toMutex = g.mutex();
            e.bounded = bounded;
            e.thread = thread;
            e.stack = here;
        }
        return true;
    }

    private static Edge find(LockClass from, LockClass to) {
        Edge[] out = from.out;
        for (int i = 0; i < from.outCount; i++) {
            if (out[i].to == to) {
                return out[i];
            }
        }
        return null;
    }

    /**
     * Breadth-first search (no recursion, any cycle length) from {@code start} to any of {@code targets}; returns the
     * path as edges, or null. The first edge leaves {@code start}, the last enters the target found.
     */
    private static List<Edge> search(LockClass start, List<LockClass> targets, boolean allowBounded) {
        int visit = ++epoch;
        int target = ++epoch;
        for (LockClass c : targets) {
            c.targetMark = target;
        }
        ArrayDeque<LockClass> queue = new ArrayDeque<>();
        start.mark = visit;
        start.via = null;
        queue.add(start);
        while (!queue.isEmpty()) {
            LockClass n = queue.poll();
            Edge[] out = n.out;
            for (int i = 0; i < n.outCount; i++) {
                Edge e = out[i];
                if ((e.bounded && !allowBounded) || e.to.mark == visit) {
                    continue;
                }
                e.to.mark = visit;
                e.to.via = e;
                if (e.to.targetMark == target) {
                    ArrayList<Edge> path = new ArrayList<>();
                    for (Edge p = e; p != null; p = p.from.via) {
                        path.add(0, p);
                        if (p.from == start) {
                            break;
                        }
                    }
                    return path;
                }
                queue.add(e.to);
            }
        }
        return null;
    }

    /** Forgets every learned order and validated chain (for tests). */
    static void forget() {
        LOCK.lock();
        try {
            for (LockClass c : TOUCHED) {
                c.out = NO_EDGES;
                c.outCount = 0;
                c.via = null;
            }
            TOUCHED.clear();
            edgeCount = 0;
            ChainCache.clear();
        } finally {
            LOCK.unlock();
        }
    }

    static int edgeCount() {
        LOCK.lock();
        try {
            return edgeCount;
        } finally {
            LOCK.unlock();
        }
    }
}
