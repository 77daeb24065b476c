package io.lockaware.junit;

import io.lockaware.LockAware;
import io.lockaware.LockReport;
import io.lockaware.LockReportListener;
import io.lockaware.LockSnapshot;
import io.lockaware.ReportKind;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that
 * <ul>
 *   <li>returned with a tracked lock still held by the test's thread (one it did not hold before),</li>
 *   <li>left a lock held by a thread that has ended (a thread started by the test, or any thread that ended during
 *       it), or</li>
 *   <li>ran while lockaware produced a new report of a kind not allowed with {@link AllowLockReports}.</li>
 * </ul>
 * The failure message carries the full report texts and acquisition stacks. A watchdog scan runs when the test ends,
 * so locks leaked by finished threads are reported before the verdict.
 *
 * <p>Learned lock order is kept across tests on purpose: an inversion whose two halves come from two different tests
 * is found in the second one.
 */
public final class LockAwareExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LockAwareExtension.class);

    /** What the extension remembers between before and after one test. */
    private static final class Watch implements LockReportListener {
        final List<LockReport> reports = new CopyOnWriteArrayList<>();
        final Set<String> heldBefore = new HashSet<>();
        final Set<String> leakedBefore = new HashSet<>();

        @Override
        public void onReport(LockReport report) {
            if (report.stage() == LockReport.Stage.NEW) {
                reports.add(report);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Watch w = new Watch();
        LockAware.locksHeldBy(Thread.currentThread()).forEach(h -> w.heldBefore.add(identity(h)));
        LockAware.locksHeldByTerminatedThreads().forEach(h -> w.leakedBefore.add(identity(h)));
        LockAware.addListener(w);
        context.getStore(NS).put(Watch.class, w);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Watch w = context.getStore(NS).remove(Watch.class, Watch.class);
        if (w == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        try {
            LockAware.checkNow();
            for (LockSnapshot.Holder h : LockAware.locksHeldBy(Thread.currentThread())) {
                if (!w.heldBefore.contains(identity(h))) {
                    problems.add("the test returned holding " + describe(h));
                }
            }
            for (LockSnapshot.Holder h : LockAware.locksHeldByTerminatedThreads()) {
                if (!w.leakedBefore.contains(identity(h))) {
                    problems.add("thread \"" + h.thread().getName() + "\" ended holding " + describe(h));
                }
            }
        } finally {
            LockAware.removeListener(w);
        }
        Set<ReportKind> allowed = allowed(context);
        for (LockReport r : w.reports) {
            if (!allowed.contains(r.kind())) {
                problems.add("lockaware reported " + r.kind().key() + " (allow it with @AllowLockReports(ReportKind."
                        + r.kind().name() + ")):\n" + r.text());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("lockaware: " + problems.size() + " problem(s) in " + context.getDisplayName()
                    + ":\n- " + String.join("\n- ", problems));
        }
    }

    private static Set<ReportKind> allowed(ExtensionContext context) {
        Set<ReportKind> out = EnumSet.noneOf(ReportKind.class);
        for (Optional<? extends AnnotatedElement> e : List.of(context.getTestMethod(), context.getTestClass())) {
            e.map(x -> x.getAnnotation(AllowLockReports.class)).ifPresent(a ->
                    out.addAll(a.value().length == 0 ? Arrays.asList(ReportKind.values()) : Arrays.asList(a.value())));
        }
        return out;
    }

    private static String identity(LockSnapshot.Holder h) {
        return h.thread().getId() + "/" + h.lock() + "/" + h.mode() + "/" + h.since();
    }

    private static String describe(LockSnapshot.Holder h) {
        StringBuilder s = new StringBuilder(h.lock() + " (" + h.mode().label() + ")"
                + (h.holdCount() > 1 ? " x" + h.holdCount() : "") + ", acquired at (" + h.source().description() + "):");
        if (h.acquiredAt().isEmpty()) {
            s.append(" no stack captured; run with -Dlockaware.sites=always");
        }
        for (StackTraceElement e : h.acquiredAt()) {
            s.append("\n        at ").append(e);
        }
        return s.toString();
    }
}
