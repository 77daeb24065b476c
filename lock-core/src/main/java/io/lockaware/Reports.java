package io.lockaware;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery of reports: each problem once (by {@link LockReport#key()}), to every listener in turn, never while the
 * library holds an internal lock. A listener that throws is logged and skipped. Listeners see every report; the
 * default logging listener is the one that is rate-limited, so a burst cannot flood the log and no problem is lost.
 */
final class Reports {
    private static final int MAX_KEYS = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger("io.lockaware.Reports");

    /** The default listener: each report's text at WARN under {@code io.lockaware.report.<kind>}, rate-limited. */
    static final LockReportListener SLF4J = new LoggingListener();

    static final CopyOnWriteArrayList<LockReportListener> LISTENERS = new CopyOnWriteArrayList<>(java.util.List.of(SLF4J));
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean KEYS_FULL_LOGGED = new AtomicBoolean();

    private Reports() {
    }

    /** Delivers a report the first time its problem is seen. Returns true if it was delivered. */
    static boolean publish(LockReport r) {
        if (!firstTime(r.key())) {
            return false;
        }
        deliver(r);
        return true;
    }

    /** Delivers without de-duplication: the watchdog's reminders and closing lines. */
    static void deliver(LockReport r) {
        for (LockReportListener l : LISTENERS) {
            try {
                l.onReport(r);
            } catch (Throwable e) {
                LOG.error("lockaware: report listener {} threw; it is skipped for this report, locks are unaffected", l, e);
            }
        }
    }

    private static boolean firstTime(String key) {
        if (SEEN.contains(key)) {
            return false;
        }
        if (SEEN.size() >= MAX_KEYS) {
            if (KEYS_FULL_LOGGED.compareAndSet(false, true)) {
                LOG.error("lockaware: {} distinct problems reported; further new problems are reported without "
                        + "de-duplication", MAX_KEYS);
            }
            return true;
        }
        return SEEN.add(key);
    }

    /** Forgets which problems were reported (for tests). */
    static void forget() {
        SEEN.clear();
    }

    /**
     * Logs the full text of at most {@value #FULL_PER_MINUTE} reports a minute per kind; past that, one summary line
     * per report, so a burst stays readable and nothing is silently dropped.
     */
    static final class LoggingListener implements LockReportListener {
        static final int FULL_PER_MINUTE = 20;
        private final long[] windowStart = new long[ReportKind.values().length];
        private final int[] inWindow = new int[ReportKind.values().length];

        @Override
        public void onReport(LockReport r) {
            Logger log = LoggerFactory.getLogger("io.lockaware.report." + r.kind().key());
            if (r.stage() == LockReport.Stage.RESOLVED) {
                log.info("{}", r.text());
            } else if (fullText(r.kind())) {
                log.warn("{}", r.text());
            } else {
                log.warn("lockaware: {} (full text rate-limited: more than {} {} reports this minute)", r.summary(),
                        FULL_PER_MINUTE, r.kind().key());
            }
        }

        private synchronized boolean fullText(ReportKind kind) {
            int k = kind.ordinal();
            long now = System.nanoTime();
            if (inWindow[k] == 0 || now - windowStart[k] > 60_000_000_000L) {
                windowStart[k] = now;
                inWindow[k] = 0;
            }
            return ++inWindow[k] <= FULL_PER_MINUTE;
        }

        @Override
        public String toString() {
            return "lockaware logging listener";
        }
    }
}
