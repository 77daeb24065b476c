package io.lockaware;

/**
 * Receives every report that is not ignored by policy. Register with {@link LockAware#addListener}.
 *
 * <p>Called on the thread that made the detection (an acquiring thread, or the watchdog), never while an internal
 * lock of the library is held. A listener that throws is logged and skipped; it cannot affect a lock or the other
 * listeners.
 */
@FunctionalInterface
public interface LockReportListener {
    void onReport(LockReport report);
}
