package io.lockaware;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Builds {@link LockSnapshot}s and held-lock listings from the threads' records. */
final class Snapshots {
    private Snapshots() {
    }

    static LockSnapshot of(Object lock, String name, boolean mutex, boolean fair, List<Thread> queued) {
        List<LockSnapshot.Waiter> waiters = new ArrayList<>();
        for (ThreadRecord r : ThreadRecord.ALL) {
            Gate w = r.waitingFor;
            if (w != null && w.owner() == lock) {
                waiters.add(new LockSnapshot.Waiter(r.thread, w.mode(), Clock.toInstant(r.waitStartNanos)));
            }
        }
        return new LockSnapshot(name, mutex, fair, holds(r -> true, h -> h.lock() == lock), waiters, queued);
    }

    /** Every hold of the given thread, innermost last; empty if it never took a tracked lock. */
    static List<LockSnapshot.Holder> heldBy(Thread thread) {
        return holds(r -> r.thread == thread, h -> true);
    }

    /** Every hold of every terminated thread. */
    static List<LockSnapshot.Holder> heldByTerminated() {
        return holds(r -> r.thread.getState() == Thread.State.TERMINATED, h -> true);
    }

    private static List<LockSnapshot.Holder> holds(Predicate<ThreadRecord> threads, Predicate<HeldLock> which) {
        List<LockSnapshot.Holder> out = new ArrayList<>();
        for (ThreadRecord r : ThreadRecord.ALL) {
            if (threads.test(r)) {
                for (HeldLock h : r.heldSnapshot()) {
                    if (which.test(h)) {
                        ReportWriter.Site site = ReportWriter.siteOf(r, h);
                        out.add(new LockSnapshot.Holder(h.cls().name, r.thread, h.mode(), h.count,
                                Clock.toInstant(h.since), Sites.list(site.stack()), site.source()));
                    }
                }
            }
        }
        return out;
    }
}
