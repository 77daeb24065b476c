package io.lockaware;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the reports of problems found at acquisition time: the data and the text. The text is written for an
 * engineer who has never seen this library: what is being acquired, what is held and where it was taken, the order
 * seen before with its stack, a possible scenario in columns, and what to change.
 */
final class ReportWriter {
    static final String RULE = "=".repeat(78) + "\n";
    static final String THIN = "-".repeat(78) + "\n";
    /** Longer cycles get one line per edge past this many stacks, and a list instead of the scenario table. */
    static final int MAX_STACKS = 8;
    static final int MAX_COLUMNS = 4;

    private ReportWriter() {
    }

    /** A stack for a hold and where it came from. */
    record Site(StackTraceElement[] stack, SiteSource source) {
    }

    static Site siteOf(ThreadRecord t, HeldLock h) {
        if (h.site != null) {
            return new Site(h.site, SiteSource.THIS_ACQUISITION);
        }
        StackTraceElement[] first = t.firstSite(h.cls());
        return first != null ? new Site(first, SiteSource.FIRST_BY_THREAD) : new Site(Sites.NONE, SiteSource.NONE);
    }

    static String label(LockClass c, LockMode m, boolean mutex) {
        return c.name + " (" + Gate.modeLabel(m, mutex) + ")";
    }

    static String thread(Thread t) {
        return "\"" + t.getName() + "\" (id " + t.getId() + ")";
    }

    static LockReport inversion(ThreadRecord t, Gate g, HeldLock closing, List<OrderGraph.Edge> path, boolean bounded,
                                StackTraceElement[] here) {
        // The cycle, starting with the edge this acquisition adds: closing -> requested -> ... -> closing.
        int n = path.size() + 1;
        LockClass[] lock = new LockClass[n];
        LockMode[] held = new LockMode[n];
        LockMode[] wanted = new LockMode[n];
        boolean[] heldMutex = new boolean[n];
        boolean[] wantedMutex = new boolean[n];
        String[] who = new String[n];
        lock[0] = closing.cls();
        held[0] = closing.mode();
        heldMutex[0] = closing.gate.mutex();
        wanted[0] = g.mode();
        wantedMutex[0] = g.mutex();
        who[0] = Thread.currentThread().getName();
        for (int i = 1; i < n; i++) {
            OrderGraph.Edge e = path.get(i - 1);
            lock[i] = e.from;
            held[i] = e.heldMode;
            heldMutex[i] = e.fromMutex;
            wanted[i] = e.requestedMode;
            wantedMutex[i] = e.toMutex;
            who[i] = e.thread;
        }
        String acquiring = g.describe();
        String holding = closing.gate.describe();
        Set<String> names = new LinkedHashSet<>();
        for (LockClass c : lock) {
            names.add(c.name);
        }
        String summary = (bounded ? "possible deadlock (bounded by a timed tryLock)" : "POSSIBLE DEADLOCK")
                + ": lock-order inversion between " + listed(names) + ": thread \""
                + who[0] + "\" acquires " + acquiring + " while holding " + holding
                + ", but the opposite order has been seen before";

        StringBuilder s = new StringBuilder();
        s.append(RULE).append("lockaware: ").append(summary).append('\n');
        s.append("Nothing is stuck yet: this is an order that CAN deadlock when the timing lines up.\n").append(THIN);
        s.append("Thread ").append(thread(Thread.currentThread())).append(" is acquiring:\n    ").append(acquiring).append(", at:\n");
        s.append(Sites.format(here, "        "));
        s.append("while it holds:\n");
        Site cs = siteOf(t, closing);
        s.append("    ").append(holding).append(", held for ").append(ms(Clock.coarseNanos() - closing.since))
                .append(", acquired at (").append(cs.source().description()).append("):\n");
        s.append(Sites.format(cs.stack(), "        "));
        s.append("\nbut this order was seen before (");
        for (int i = 1; i < n; i++) {
            s.append(i > 1 ? " -> " : "").append(lock[i].name);
        }
        s.append(" -> ").append(lock[0].name).append("):\n");
        for (int i = 1; i < n; i++) {
            OrderGraph.Edge e = path.get(i - 1);
            boolean withStack = i <= MAX_STACKS || i == n - 1;
            if (i == MAX_STACKS + 1 && n - 1 > MAX_STACKS + 1) {
                s.append("  (stacks of edges #").append(MAX_STACKS + 1).append(" to #").append(n - 2)
                        .append(" omitted; each edge is one line)\n");
            }
            s.append("  #").append(i).append(' ').append(label(e.from, e.heldMode, e.fromMutex)).append(" held, then ")
                    .append(label(e.to, e.requestedMode, e.toMutex)).append(" requested")
                    .append(e.bounded ? " with a timed tryLock" : "").append(", by thread \"").append(e.thread)
                    .append(withStack ? "\", first seen at:\n" : "\"\n");
            if (withStack) {
                s.append(Sites.format(e.stack, "        "));
            }
        }
        s.append('\n').append(scenario(lock, held, heldMutex, wanted, wantedMutex, who));
        for (int i = 0; i < n; i++) {
            int next = (i + 1) % n;
            // Thread i asks for lock[next] in wanted[i]; thread next holds it in held[next].
            if (wanted[i] == LockMode.READ && held[next] == LockMode.READ) {
                s.append("This step needs one more thread: ").append(lock[next].name)
                        .append(" is held for read and requested for read, which blocks only behind a queued writer;\n")
                        .append("a thread waiting for the write lock of ").append(lock[next].name)
                        .append(" (any writer, e.g. a periodic update) completes the deadlock.\n");
            }
        }
        if (bounded) {
            s.append("One step of this cycle is a timed tryLock, so it would time out rather than hang forever;\n"
                    + "it is reported as a warning and never turned into an exception.\n");
        }
        s.append("\nHow to fix: choose one order for ").append(listed(names))
                .append(" and take them in that order everywhere.\nHere: acquire ").append(g.lockClass().name)
                .append(" before ").append(closing.cls().name).append(", or release ").append(closing.cls().name)
                .append(" before acquiring ").append(g.lockClass().name).append(".\n");
        s.append("Policy for ").append(ReportKind.LOCK_ORDER_INVERSION.key()).append(" on \"")
                .append(g.lockClass().name).append("\": ")
                .append(Policies.of(ReportKind.LOCK_ORDER_INVERSION, g.lockClass()).name().toLowerCase())
                .append(" (-Dlockaware.policy=throw fails the acquiring call instead).\n").append(RULE);

        List<LockReport.Edge> edges = new ArrayList<>();
        for (OrderGraph.Edge e : path) {
            edges.add(e.toReport());
        }
        edges.add(new LockReport.Edge(closing.cls().name, closing.mode(), g.lockClass().name, g.mode(), who[0], bounded,
                Sites.list(here)));
        Set<String> threads = new LinkedHashSet<>(List.of(who));
        return new LockReport(ReportKind.LOCK_ORDER_INVERSION, bounded, summary, s.toString(), new ArrayList<>(names),
                new ArrayList<>(threads), edges, List.of(), key(ReportKind.LOCK_ORDER_INVERSION, names, bounded));
    }

    /** The possible-scenario table, one column per thread of the cycle. */
    static String scenario(LockClass[] lock, LockMode[] held, boolean[] heldMutex, LockMode[] wanted,
                           boolean[] wantedMutex, String[] who) {
        int n = lock.length;
        if (n > MAX_COLUMNS) {
            StringBuilder s = new StringBuilder("Possible scenario (" + n + " threads, each holding one lock of the cycle):\n");
            for (int i = 0; i < n; i++) {
                s.append("    T").append(i + 1).append(" (like \"").append(who[i]).append("\") holds ")
                        .append(label(lock[i], held[i], heldMutex[i])).append(" and waits for ")
                        .append(label(lock[(i + 1) % n], wanted[i], wantedMutex[i])).append('\n');
            }
            return s.append("    *** DEADLOCK ***\n").toString();
        }
        String[] head = new String[n];
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            head[i] = "Thread " + (i + 1) + " (like \"" + who[i] + "\")";
        }
        for (int i = 0; i < n; i++) {
            String[] row = new String[n];
            row[i] = "lock " + label(lock[i], held[i], heldMutex[i]);
            rows.add(row);
        }
        for (int i = 0; i < n; i++) {
            String[] row = new String[n];
            row[i] = "lock " + label(lock[(i + 1) % n], wanted[i], wantedMutex[i]) + ": waits for T" + ((i + 1) % n + 1);
            rows.add(row);
        }
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = head[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i] == null ? 0 : r[i].length());
            }
        }
        StringBuilder s = new StringBuilder("Possible scenario:\n");
        appendRow(s, head, w);
        String[] dashes = new String[n];
        for (int i = 0; i < n; i++) {
            dashes[i] = "-".repeat(w[i]);
        }
        appendRow(s, dashes, w);
        for (String[] r : rows) {
            appendRow(s, r, w);
        }
        s.append("    *** DEADLOCK ***\n");
        return s.toString();
    }

    private static void appendRow(StringBuilder s, String[] cells, int[] w) {
        StringBuilder line = new StringBuilder("    ");
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i] == null ? "" : cells[i];
            line.append(c).append(" ".repeat(w[i] - c.length() + 3));
        }
        s.append(line.toString().stripTrailing()).append('\n');
    }

    static LockReport upgrade(ThreadRecord t, Gate g, HeldLock readHold, boolean timed) {
        String name = g.lockClass().name;
        String summary = (timed ? "read-write upgrade (timed tryLock will fail)" : "CERTAIN SELF-DEADLOCK")
                + ": thread \"" + Thread.currentThread().getName() + "\" holds the read lock of " + name
                + " and asks for its write lock";
        Site site = siteOf(t, readHold);
        StackTraceElement[] here = Sites.capture();
        StringBuilder s = new StringBuilder();
        s.append(RULE).append("lockaware: ").append(summary).append('\n').append(THIN);
        s.append("ReentrantReadWriteLock never upgrades a read lock: the write lock waits until every reader has\n"
                + "left, including this thread, so this call ")
                .append(timed ? "can only time out.\n" : "blocks forever (the thread deadlocks on itself).\n");
        s.append("Thread ").append(thread(Thread.currentThread())).append(" asks for ").append(name)
                .append(" (write) at:\n").append(Sites.format(here, "        "));
        s.append("while holding ").append(name).append(" (read), held for ").append(ms(Clock.coarseNanos() - readHold.since))
                .append(", acquired at (").append(site.source().description()).append("):\n")
                .append(Sites.format(site.stack(), "        "));
        s.append("\nHow to fix: release the read lock before taking the write lock, then re-check what was read\n"
                + "(it may have changed); or take the write lock from the start and, if needed, downgrade by\n"
                + "acquiring the read lock before releasing the write lock.\n").append(RULE);
        List<LockReport.Edge> edges = List.of(new LockReport.Edge(name, LockMode.READ, name, LockMode.WRITE,
                Thread.currentThread().getName(), timed, Sites.list(here)));
        return new LockReport(ReportKind.READ_WRITE_UPGRADE, timed, summary, s.toString(), List.of(name),
                List.of(Thread.currentThread().getName()), edges, List.of(),
                key(ReportKind.READ_WRITE_UPGRADE, Set.of(name), timed));
    }

    static LockReport sameClass(ThreadRecord t, Gate g, HeldLock outer, boolean declared, boolean timed) {
        String name = g.lockClass().name;
        String first = instance(outer.gate);
        String second = instance(g);
        String summary = (timed ? "possible deadlock (bounded by a timed tryLock)" : "POSSIBLE DEADLOCK")
                + ": two locks of class " + name + " nested "
                + (declared ? "against their declared order" : "without a declared order") + " by thread \""
                + Thread.currentThread().getName() + "\"";
        Site site = siteOf(t, outer);
        StackTraceElement[] here = Sites.capture();
        StringBuilder s = new StringBuilder();
        s.append(RULE).append("lockaware: ").append(summary).append('\n').append(THIN);
        s.append("Thread ").append(thread(Thread.currentThread())).append(" is acquiring ").append(second).append(" (")
                .append(Gate.modeLabel(g.mode(), g.mutex())).append(") at:\n").append(Sites.format(here, "        "));
        s.append("while holding ").append(first).append(" (").append(Gate.modeLabel(outer.mode(), outer.gate.mutex()))
                .append("), acquired at (").append(site.source().description()).append("):\n")
                .append(Sites.format(site.stack(), "        "));
        if (declared) {
            s.append("Declared order keys: held ").append(outer.gate.orderKey()).append(", requested ")
                    .append(g.orderKey()).append("; locks of one class must be nested in increasing key order.\n");
        }
        s.append('\n').append(scenario(new LockClass[] {outer.cls(), g.lockClass()},
                new LockMode[] {outer.mode(), g.mode()}, new boolean[] {outer.gate.mutex(), g.mutex()},
                new LockMode[] {g.mode(), outer.mode()}, new boolean[] {g.mutex(), outer.gate.mutex()},
                new String[] {Thread.currentThread().getName(), "another thread"})
                .replace("lock " + name + " (", "lock " + name + "#? ("));
        s.append("(each thread takes the two ").append(name).append(" locks in the opposite order)\n");
        s.append("\nHow to fix: take locks of one class in a fixed order (for example by id) and declare it with\n"
                + "setOrderKey(id) on each lock: nesting in increasing key order is then accepted. If the two locks\n"
                + "play different roles, give them different names.\n").append(RULE);
        List<LockReport.Edge> edges = List.of(new LockReport.Edge(name, outer.mode(), name, g.mode(),
                Thread.currentThread().getName(), timed, Sites.list(here)));
        return new LockReport(ReportKind.SAME_CLASS_NESTING, timed, summary, s.toString(), List.of(name),
                List.of(Thread.currentThread().getName()), edges, List.of(),
                key(ReportKind.SAME_CLASS_NESTING, Set.of(name + (declared ? "/declared" : "")), timed));
    }

    /** "a and b", or "a, b, c, d, e and 4,995 more" for long cycles: a summary stays one readable line. */
    static String listed(java.util.Collection<String> names) {
        List<String> all = new ArrayList<>(names);
        if (all.size() <= 5) {
            return all.size() == 1 ? all.get(0)
                    : String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
        }
        return String.join(", ", all.subList(0, 5)) + String.format(java.util.Locale.ROOT, " and %,d more", all.size() - 5);
    }

    static String instance(Gate g) {
        long key = g.orderKey();
        return g.lockClass().name + "@" + Integer.toHexString(System.identityHashCode(g.owner()))
                + (key == LockAware.NO_ORDER_KEY ? "" : "[key " + key + "]");
    }

    static String key(ReportKind kind, Set<String> names, boolean bounded) {
        return kind.key() + ":" + String.join(",", new TreeSet<>(names)) + (bounded ? ":bounded" : "");
    }

    static String ms(long nanos) {
        long ms = Math.max(0, nanos) / 1_000_000;
        if (ms < 10_000) {
            return ms + " ms";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
