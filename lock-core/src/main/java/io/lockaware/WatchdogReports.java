package io.lockaware;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Texts and data of the watchdog's reports. The question each one answers first is the on-call engineer's: who is in
 * the way, since when, where did they take the lock, and what are they doing right now.
 */
final class WatchdogReports {
    private static final int DUMP_MAX_THREADS = 300;
    private static final int DUMP_MAX_FRAMES = 40;

    private WatchdogReports() {
    }

    private static String ms(long nanos) {
        return ReportWriter.ms(nanos);
    }

    private static String who(Thread t) {
        return "\"" + t.getName() + "\" (id " + t.getId() + ", " + t.getState() + ")";
    }

    private static StackTraceElement[] now(Thread t) {
        return Sites.trim(t.getStackTrace());
    }

    /** Where a blocked thread is, from its own code (the lock's parking frames left out). */
    private static StackTraceElement[] blockedAt(Thread t) {
        return Sites.fromUserCode(t.getStackTrace());
    }

    /** A holder's paragraph: what it holds, how long, where it took it, what it does now. */
    private static void holder(StringBuilder s, Watchdog.Scene scene, Watchdog.View v, HeldLock h,
                               StackTraceElement[] current, List<LockReport.Participant> out, String role) {
        ReportWriter.Site site = ReportWriter.siteOf(v.rec, h);
        s.append("  ").append(who(v.thread)).append(" holds ").append(h.gate.describe()).append(" for ")
                .append(ms(scene.now - h.since)).append(h.count > 1 ? " (" + h.count + " holds)" : "").append('\n');
        s.append("    acquired at (").append(site.source().description()).append("):\n")
                .append(Sites.format(site.stack(), "        "));
        if (v.alive) {
            s.append("    doing now:\n").append(Sites.format(current, "        "));
        }
        out.add(new LockReport.Participant(v.thread.getName(), v.thread.getId(), v.thread.getState(), role,
                h.cls().name, h.mode(), Duration.ofNanos(scene.now - h.since), Sites.list(site.stack()),
                site.source(), Sites.list(current)));
    }

    static LockReport longWait(Watchdog.Scene scene, Watchdog.View w, boolean dump) {
        Gate g = w.waiting;
        String lock = g.lockClass().name;
        long waited = scene.now - w.waitStart;
        String summary = "LONG WAIT: thread \"" + w.thread.getName() + "\" has waited " + ms(waited) + " for "
                + g.describe();
        List<LockReport.Participant> parts = new ArrayList<>();
        StackTraceElement[] waiterNow = blockedAt(w.thread);
        parts.add(new LockReport.Participant(w.thread.getName(), w.thread.getId(), w.thread.getState(), "waiter", lock,
                g.mode(), Duration.ofNanos(waited), List.of(), SiteSource.NONE, Sites.list(waiterNow)));
        Set<String> threads = new LinkedHashSet<>(List.of(w.thread.getName()));
        StringBuilder s = new StringBuilder();
        s.append(ReportWriter.RULE).append("lockaware: ").append(summary).append('\n').append(ReportWriter.THIN);
        List<Watchdog.Blocker> blockers = scene.blockersOf(w);
        List<Object[]> holders = scene.holdersOf(g.owner());
        if (blockers.isEmpty()) {
            s.append("No thread holds ").append(lock).append(" right now: the wait should end at once (if this repeats,\n"
                    + "the lock is handed over slowly, e.g. under heavy contention or CPU starvation).\n");
        }
        List<Watchdog.View> queued = new ArrayList<>();
        for (Watchdog.Blocker b : blockers) {
            if (b.queuedWriter()) {
                queued.add(b.view());
            }
        }
        if (!queued.isEmpty()) {
            // Incident 1: a reader waits behind a queued writer, which waits for the readers holding the lock.
            Watchdog.View q = queued.get(0);
            s.append("Reader \"").append(w.thread.getName()).append("\" waits behind queued writer \"")
                    .append(q.thread.getName()).append("\" (waiting ").append(ms(scene.now - q.waitStart))
                    .append("), which waits for ");
            List<String> readers = new ArrayList<>();
            for (Object[] hv : holders) {
                Watchdog.View v = (Watchdog.View) hv[0];
                HeldLock h = (HeldLock) hv[1];
                ReportWriter.Site site = ReportWriter.siteOf(v.rec, h);
                readers.add("reader \"" + v.thread.getName() + "\", holding it for " + ms(scene.now - h.since)
                        + (site.stack().length > 0 ? " in " + frame(site.stack()[0]) : ""));
            }
            s.append(readers.isEmpty() ? "the lock's holders" : String.join("; ", readers)).append(".\n");
            s.append("(A JDK read lock makes new readers wait behind a waiting writer, so one slow reader stalls\n"
                    + "every writer and, behind the writer, every new reader.)\n\n");
            for (Watchdog.View qv : queued) {
                StackTraceElement[] qs = blockedAt(qv.thread);
                s.append("  queued writer ").append(who(qv.thread)).append(" waiting ").append(ms(scene.now - qv.waitStart))
                        .append(" for ").append(qv.waiting.describe()).append(", at:\n").append(Sites.format(qs, "        "));
                parts.add(new LockReport.Participant(qv.thread.getName(), qv.thread.getId(), qv.thread.getState(),
                        "queued-writer", lock, LockMode.WRITE, Duration.ofNanos(scene.now - qv.waitStart), List.of(),
                        SiteSource.NONE, Sites.list(qs)));
                threads.add(qv.thread.getName());
            }
            s.append("Holders of ").append(lock).append(":\n");
            for (Object[] hv : holders) {
                Watchdog.View v = (Watchdog.View) hv[0];
                holder(s, scene, v, (HeldLock) hv[1], now(v.thread), parts, "holder");
                threads.add(v.thread.getName());
            }
        } else if (!blockers.isEmpty()) {
            s.append("It is blocked by ").append(blockers.size()).append(blockers.size() == 1 ? " holder" : " holders")
                    .append(":\n");
            for (Watchdog.Blocker b : blockers) {
                holder(s, scene, b.view(), b.hold(), now(b.view().thread), parts, "holder");
                threads.add(b.view().thread.getName());
            }
        }
        List<Watchdog.View> behind = new ArrayList<>();
        for (Watchdog.View o : scene.waiters.getOrDefault(g.owner(), List.of())) {
            if (o != w && o.waitStart - w.waitStart > 0) {
                behind.add(o);
            }
        }
        if (!behind.isEmpty()) {
            s.append(behind.size()).append(" more thread(s) wait for ").append(lock).append(" behind it:");
            for (Watchdog.View o : behind) {
                s.append(" \"").append(o.thread.getName()).append("\" (").append(o.waiting.mode().label()).append(')');
            }
            s.append('\n');
        }
        s.append("Waiting thread ").append(who(w.thread)).append(" is blocked at:\n").append(Sites.format(waiterNow, "        "));
        boolean deadHolder = holders.stream().anyMatch(hv -> !((Watchdog.View) hv[0]).alive);
        if (deadHolder) {
            s.append("\nWhat to do: a holder has TERMINATED without unlocking: this is a leaked lock (see the LEAKED LOCK\n"
                    + "report). Fix the code path at its acquisition site: release in a finally block.\n");
        } else {
            s.append("\nWhat to do: the holder is the problem, not the waiter. Look at what the holder is doing now: work\n"
                    + "done while holding ").append(lock).append(" (slow I/O, a remote call, a big loop) keeps everyone else out.\n"
                    + "Copy what you need under the lock, release it, then do the slow work.\n");
        }
        thresholds(s, "lockaware.wait.warn", Watchdog.waitWarnNanos);
        dump(s, dump);
        s.append(ReportWriter.RULE);
        return new LockReport(ReportKind.LONG_WAIT, LockReport.Stage.NEW, false, summary, s.toString(), List.of(lock),
                new ArrayList<>(threads), List.of(), parts, "long-wait:" + w.thread.getId() + ":" + w.waitStart);
    }

    static LockReport longHold(Watchdog.Scene scene, Watchdog.View v, HeldLock h, boolean dump) {
        long held = scene.now - h.since;
        String summary = "LONG HOLD: thread \"" + v.thread.getName() + "\" has held " + h.gate.describe() + " for "
                + ms(held) + " and still holds it";
        List<LockReport.Participant> parts = new ArrayList<>();
        StringBuilder s = new StringBuilder();
        s.append(ReportWriter.RULE).append("lockaware: ").append(summary).append('\n').append(ReportWriter.THIN);
        holder(s, scene, v, h, now(v.thread), parts, "holder");
        List<Watchdog.View> waiting = scene.waiters.getOrDefault(h.lock(), List.of());
        if (waiting.isEmpty()) {
            s.append("Nobody is waiting for it yet.\n");
        } else {
            s.append(waiting.size()).append(" thread(s) are waiting for it:");
            for (Watchdog.View o : waiting) {
                s.append(" \"").append(o.thread.getName()).append("\" (").append(o.waiting.mode().label()).append(", ")
                        .append(ms(scene.now - o.waitStart)).append(')');
            }
            s.append('\n');
        }
        s.append("\nWhat to do: look at \"doing now\": slow work done under a lock (file or socket I/O, marshalling, a\n"
                + "remote call) starves every other user of it. Prepare the work outside the lock and hold it only to\n"
                + "read or publish the shared state.\n");
        thresholds(s, "lockaware.hold.warn", Watchdog.holdWarnNanos);
        dump(s, dump);
        s.append(ReportWriter.RULE);
        List<String> threads = new ArrayList<>(List.of(v.thread.getName()));
        waiting.forEach(o -> threads.add(o.thread.getName()));
        return new LockReport(ReportKind.LONG_HOLD, LockReport.Stage.NEW, false, summary, s.toString(),
                List.of(h.cls().name), threads, List.of(), parts,
                "long-hold:" + v.thread.getId() + ":" + h.cls().name + ":" + h.since);
    }

    static LockReport leak(Watchdog.Scene scene, Watchdog.View v, HeldLock h) {
        String summary = "LEAKED LOCK: " + h.gate.describe() + " is still held by thread \"" + v.thread.getName()
                + "\", which has terminated";
        List<LockReport.Participant> parts = new ArrayList<>();
        StringBuilder s = new StringBuilder();
        s.append(ReportWriter.RULE).append("lockaware: ").append(summary).append('\n').append(ReportWriter.THIN);
        s.append("Nobody can release it now: every ").append(h.mode() == LockMode.READ ? "writer" : "user")
                .append(" of ").append(h.cls().name).append(" will wait forever")
                .append(h.mode() == LockMode.READ ? ", and behind the first waiting writer, every new reader" : "")
                .append(".\n");
        holder(s, scene, v, h, Sites.NONE, parts, "leaked-holder");
        List<Watchdog.View> waiting = scene.waiters.getOrDefault(h.lock(), List.of());
        if (!waiting.isEmpty()) {
            s.append(waiting.size()).append(" thread(s) are waiting for it already:");
            waiting.forEach(o -> s.append(" \"").append(o.thread.getName()).append('"'));
            s.append('\n');
        }
        s.append("\nWhat to do: a code path at the acquisition site returns or throws without unlock(). Release in a\n"
                + "finally block: lock.lock(); try { ... } finally { lock.unlock(); }\n");
        if (ReportWriter.siteOf(v.rec, h).source() != SiteSource.THIS_ACQUISITION) {
            s.append("To capture the exact acquisition site of every hold, run with -Dlockaware.sites=always (tests,\n"
                    + "staging) or sample with -Dlockaware.sites.sampleEvery=N.\n");
        }
        s.append(ReportWriter.RULE);
        return new LockReport(ReportKind.LEAKED_LOCK, LockReport.Stage.NEW, false, summary, s.toString(),
                List.of(h.cls().name), List.of(v.thread.getName()), List.of(), parts,
                "leak:" + v.thread.getId() + ":" + h.cls().name + ":" + h.since);
    }

    static LockReport deadlock(Watchdog.Scene scene, List<Watchdog.Blocker> cycle, boolean recover) {
        int n = cycle.size();
        Set<String> locks = new LinkedHashSet<>();
        List<String> threads = new ArrayList<>();
        boolean throughRead = false;
        for (int i = 0; i < n; i++) {
            Watchdog.View waiter = cycle.get((i + n - 1) % n).view();
            locks.add(waiter.waiting.lockClass().name);
            threads.add(waiter.thread.getName());
            throughRead |= waiter.waiting.mode() == LockMode.READ;
            Watchdog.Blocker b = cycle.get(i);
            throughRead |= b.hold() != null && b.hold().mode() == LockMode.READ;
        }
        String summary = "DEADLOCK: " + n + " threads are blocked forever in a cycle over " + String.join(", ", locks);
        List<LockReport.Participant> parts = new ArrayList<>();
        StringBuilder s = new StringBuilder();
        s.append(ReportWriter.RULE).append("lockaware: ").append(summary).append('\n').append(ReportWriter.THIN);
        s.append("This is an actual deadlock, happening now (not a possible one): none of these threads can proceed.\n\n");
        for (int i = 0; i < n; i++) {
            Watchdog.View waiter = cycle.get((i + n - 1) % n).view();
            Watchdog.Blocker b = cycle.get(i);
            StackTraceElement[] current = blockedAt(waiter.thread);
            s.append("  ").append(who(waiter.thread)).append(" waits ").append(ms(scene.now - waiter.waitStart))
                    .append(" for ").append(waiter.waiting.describe()).append(", ")
                    .append(b.queuedWriter() ? "queued behind writer \"" + b.view().thread.getName() + "\" (writer preference)"
                            : "held by \"" + b.view().thread.getName() + "\" ("
                            + Gate.modeLabel(b.hold().mode(), b.hold().gate.mutex()) + ")")
                    .append('\n');
            for (HeldLock h : waiter.held) {
                ReportWriter.Site site = ReportWriter.siteOf(waiter.rec, h);
                s.append("    holds ").append(h.gate.describe()).append(" for ").append(ms(scene.now - h.since))
                        .append(", acquired at (").append(site.source().description()).append("):\n")
                        .append(Sites.format(site.stack(), "        "));
                parts.add(new LockReport.Participant(waiter.thread.getName(), waiter.thread.getId(),
                        waiter.thread.getState(), "holder", h.cls().name, h.mode(),
                        Duration.ofNanos(scene.now - h.since), Sites.list(site.stack()), site.source(),
                        Sites.list(current)));
            }
            s.append("    blocked at:\n").append(Sites.format(current, "        "));
            parts.add(new LockReport.Participant(waiter.thread.getName(), waiter.thread.getId(), waiter.thread.getState(),
                    "waiter", waiter.waiting.lockClass().name, waiter.waiting.mode(),
                    Duration.ofNanos(scene.now - waiter.waitStart), List.of(), SiteSource.NONE, Sites.list(current)));
        }
        if (throughRead) {
            s.append("\nThe cycle goes through a read lock: the JDK's ThreadMXBean.findDeadlockedThreads (and so jstack's\n"
                    + "\"Found one Java-level deadlock\") does not see it, because read holds have no owner thread.\n");
        }
        if (recover) {
            Watchdog.View victim = Watchdog.victimOf(cycle);
            s.append("\nRecovery is on: the acquisition of \"").append(victim.thread.getName()).append("\" (the most recent "
                    + "waiter) is failed with DeadlockRecoveryException (or\nInterruptedException if it waits "
                    + "interruptibly); releasing what it holds lets the others proceed.\n");
        } else {
            s.append("\nRecovery is off: these threads stay blocked. -Dlockaware.deadlock.recover=true would fail the most\n"
                    + "recent waiter's acquisition so the others can proceed.\n");
        }
        s.append("How to fix: the threads take these locks in opposite orders. Take them in one order everywhere\n"
                + "(the lock-order inversion report for these locks, if any, shows both orders with their stacks).\n");
        s.append(ReportWriter.RULE);
        return new LockReport(ReportKind.ACTUAL_DEADLOCK, LockReport.Stage.NEW, false, summary, s.toString(),
                new ArrayList<>(locks), threads, List.of(), parts, "deadlock:" + String.join(",", threads));
    }

    static LockReport reminder(LockReport r) {
        String summary = "still going on: " + r.summary();
        String text = r.text().replaceFirst("lockaware: ", "lockaware: (reminder) ");
        return new LockReport(r.kind(), LockReport.Stage.REMINDER, r.bounded(), summary, text, r.locks(), r.threads(),
                r.edges(), r.participants(), r.key());
    }

    /** The closing line, e.g. "lockaware: wait of thread "room-add" for room.members (write) ended after 12.3 s". */
    static LockReport resolved(Watchdog.Incident i, Object key, long now) {
        String text = "lockaware: resolved: " + i.what + " ended after " + ms(now - i.start);
        return new LockReport(i.kind, LockReport.Stage.RESOLVED, false, text, text, List.of(), List.of(), List.of(),
                List.of(), String.valueOf(key));
    }

    private static void thresholds(StringBuilder s, String property, long nanos) {
        s.append("(Reported because it passed ").append(property).append('=').append(ms(nanos))
                .append("; reminders follow at 2x, 4x, 8x..., a full thread dump after lockaware.dump.after=")
                .append(ms(Watchdog.dumpAfterNanos)).append(".)\n");
    }

    private static void dump(StringBuilder s, boolean dump) {
        if (!dump) {
            return;
        }
        s.append("\nFull thread dump (this incident is older than lockaware.dump.after):\n");
        int count = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (count++ == DUMP_MAX_THREADS) {
                s.append("  ... more threads omitted\n");
                break;
            }
            Thread t = e.getKey();
            s.append("  ").append(who(t)).append('\n');
            StackTraceElement[] st = e.getValue();
            s.append(Sites.format(st.length > DUMP_MAX_FRAMES ? java.util.Arrays.copyOf(st, DUMP_MAX_FRAMES) : st,
                    "        "));
        }
    }

    private static String frame(StackTraceElement e) {
        String cls = e.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + e.getMethodName() + "(" + e.getFileName() + ":"
                + e.getLineNumber() + ")";
    }
}
