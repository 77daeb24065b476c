package io.lockaware.demo;

import io.lockaware.LockReport;
import io.lockaware.LockReportListener;
import io.lockaware.ReportKind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Remembers the reports the library delivers, so an incident can wait for the one it provokes. */
final class ReportLog implements LockReportListener {
    final List<LockReport> all = new CopyOnWriteArrayList<>();
    private volatile int mark;

    @Override
    public synchronized void onReport(LockReport report) {
        all.add(report);
        notifyAll();
    }

    /** Counts from here on. */
    void mark() {
        mark = all.size();
    }

    long count(ReportKind kind) {
        return all.subList(mark, all.size()).stream()
                .filter(r -> r.kind() == kind && r.stage() == LockReport.Stage.NEW).count();
    }

    /** Waits (at most 30 s) until {@code n} new reports of {@code kind} arrived since the mark. */
    synchronized void await(ReportKind kind, int n) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(kind) < n) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new TimeoutException("no " + kind.key() + " report arrived");
            }
            wait(left);
        }
    }
}
