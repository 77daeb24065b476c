package io.lockaware;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test listener: collects reports; register in @BeforeEach, remove in @AfterEach. */
final class Recorder implements LockReportListener, AutoCloseable {
    final List<LockReport> reports = new CopyOnWriteArrayList<>();

    static Recorder install() {
        LockAware.forgetLearnedOrder();
        Recorder r = new Recorder();
        LockAware.addListener(r);
        return r;
    }

    @Override
    public void onReport(LockReport report) {
        reports.add(report);
    }

    List<LockReport> of(ReportKind kind) {
        return reports.stream().filter(r -> r.kind() == kind).toList();
    }

    LockReport only(ReportKind kind) {
        List<LockReport> found = of(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + " report, got " + reports);
        }
        return found.get(0);
    }

    @Override
    public void close() {
        LockAware.removeListener(this);
        LockAware.forgetLearnedOrder();
    }
}
