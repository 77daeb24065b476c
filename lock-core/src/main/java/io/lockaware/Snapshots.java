package io.lockaware;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link LockSnapshot}s and held-lock listings from the threads' records. */
final class Snapshots {
    private Snapshots() {
    }

    static LockSnapshot of(Object lock, String name, boolean mutex, boolean fair, List<Thread> queued) {
        List<LockSnapshot.Holder> holders = new ArrayList<>();
        List<LockSnapshot.Waiter> waiters = new ArrayList<>();
        long nowNanos = System.nanoTime();
        Instant now = Instant.now();
        for (ThreadRecord r : ThreadRecord.ALL) {
            for (HeldLock h : r.heldSnapshot()) {
                if (h.owner == lock) {
                    holders.add(holder(r, h, nowNanos, now));
                }
            }
            Gate w = r.waitingFor;
            if (w != null && w.owner() == lock) {
                waiters.add(new LockSnapshot.Waiter(r.thread, w.mode(), now.minusNanos(nowNanos - r.waitStartNanos)));
            }
        }
        return new LockSnapshot(name, mutex, fair, holders, waiters, queued);
    }

    static LockSnapshot.Holder holder(ThreadRecord r, HeldLock h, long nowNanos, Instant now) {
        ReportWriter.Site site = ReportWriter.siteOf(r, h);
        return new LockSnapshot.Holder(h.cls.name, r.thread, h.mode, h.count, now.minusNanos(Math.max(0, nowNanos - h.since)),
                Sites.list(site.stack()), site.source());
    }

    /** Every hold of every terminated thread. */
    static List<LockSnapshot.Holder> heldByTerminated() {
        long nowNanos = System.nanoTime();
        Instant now = Instant.now();
        List<LockSnapshot.Holder> out = new ArrayList<>();
        for (ThreadRecord r : ThreadRecord.ALL) {
            if (r.thread.getState() == Thread.State.TERMINATED) {
                for (HeldLock h : r.heldSnapshot()) {
                    out.add(holder(r, h, nowNanos, now));
                }
            }
        }
        return out;
    }

    /** Every hold of the given thread, innermost last; empty if it never took a tracked lock. */
    static List<LockSnapshot.Holder> heldBy(Thread thread) {
        long nowNanos = System.nanoTime();
        Instant now = Instant.now();
        List<LockSnapshot.Holder> out = new ArrayList<>();
        for (ThreadRecord r : ThreadRecord.ALL) {
            if (r.thread == thread) {
                for (HeldLock h : r.heldSnapshot()) {
                    out.add(holder(r, h, nowNanos, now));
                }
            }
        }
        return out;
    }
}
