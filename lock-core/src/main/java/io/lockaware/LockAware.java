package io.lockaware;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration and inspection of the library: report listeners, policies, learned lock order.
 *
 * <p>Everything here may be called at any time from any thread. System properties (read once, at start-up) set the
 * defaults; see the README's configuration table.
 */
public final class LockAware {
    /** The order key of a lock that has none declared. */
    public static final long NO_ORDER_KEY = Long.MIN_VALUE;

    private LockAware() {
    }

    /** False when started with {@code -Dlockaware.enabled=false}: the locks are then plain JDK locks. */
    public static boolean isEnabled() {
        return Tracker.ENABLED;
    }

    /** Adds a listener that receives every report not ignored by policy. */
    public static void addListener(LockReportListener listener) {
        Reports.LISTENERS.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    /** Removes a listener; returns whether it was registered. */
    public static boolean removeListener(LockReportListener listener) {
        return Reports.LISTENERS.remove(listener);
    }

    /**
     * The default listener, registered at start-up: it logs each report's text at WARN through SLF4J under
     * {@code io.lockaware.report.<kind>} (e.g. {@code io.lockaware.report.lock-order-inversion}). Remove it with
     * {@link #removeListener} to take over reporting.
     */
    public static LockReportListener loggingListener() {
        return Reports.SLF4J;
    }

    /** Sets the policy for every kind and lock that has no more specific setting. */
    public static void setPolicy(Policy policy) {
        Policies.setGlobal(Objects.requireNonNull(policy, "policy must not be null"));
    }

    /** Sets the policy for one kind of report, for every lock that has no setting of its own; null clears it. */
    public static void setPolicy(ReportKind kind, Policy policy) {
        Policies.set(Objects.requireNonNull(kind, "kind must not be null"), policy);
    }

    /**
     * Sets the policy for one kind of report when it concerns the lock class {@code lockName}; null clears it. For
     * an inversion, the class that decides is the one being acquired when the cycle closes.
     */
    public static void setPolicy(String lockName, ReportKind kind, Policy policy) {
        Policies.set(LockClass.named(checkName(lockName)), Objects.requireNonNull(kind, "kind must not be null"), policy);
    }

    /** The policy in force for {@code kind} on lock class {@code lockName}. */
    public static Policy policy(String lockName, ReportKind kind) {
        return Policies.of(Objects.requireNonNull(kind, "kind must not be null"), LockClass.named(checkName(lockName)));
    }

    /**
     * Forgets every learned lock order, every validated chain, which problems were already reported and the watchdog's
     * open incidents, drops the records of terminated threads (with any locks they leaked), and restores the policies
     * given by system properties. For tests: production code should never need it.
     */
    public static void forgetLearnedOrder() {
        OrderGraph.forget();
        Watchdog.forget();
        ThreadRecord.forgetTerminated();
        Reports.forget();
        Policies.reset();
    }

    /** Every lock the given thread holds now (innermost last), with modes, counts and acquisition sites. */
    public static List<LockSnapshot.Holder> locksHeldBy(Thread thread) {
        return Snapshots.heldBy(Objects.requireNonNull(thread, "thread must not be null"));
    }

    /**
     * Adds a listener called on every acquisition and release (see {@link LockEventListener} for the ordering
     * guarantee). Every acquisition pays for the call while one is registered.
     */
    public static void addEventListener(LockEventListener listener) {
        Observers.EVENTS.add(Objects.requireNonNull(listener, "listener must not be null"));
        Observers.update();
    }

    public static boolean removeEventListener(LockEventListener listener) {
        boolean removed = Observers.EVENTS.remove(listener);
        Observers.update();
        return removed;
    }

    /** Adds a listener for wait times and sampled hold times; switches statistics on. */
    public static void addStatsListener(LockStatsListener listener) {
        Observers.STATS.add(Objects.requireNonNull(listener, "listener must not be null"));
        Observers.update();
    }

    public static boolean removeStatsListener(LockStatsListener listener) {
        boolean removed = Observers.STATS.remove(listener);
        Observers.update();
        return removed;
    }

    /**
     * Switches exact per-lock counting on (it stays on). Counting costs a few nanoseconds per acquisition, in
     * per-thread memory only; it is switched on by the first stats listener too. While it is on, or an event listener
     * is registered, unlock() takes the hold off the thread's stack before the JDK releases the lock, not after.
     */
    public static void enableStatistics() {
        Observers.enableCounts();
    }

    /**
     * Per lock class and mode: exact counts since statistics were switched on, and live holders, waiters, oldest hold
     * and longest wait. Costs one scan of the threads' records; meant for a metrics scrape, not for a hot loop.
     */
    public static List<LockStatistics> statistics() {
        return Observers.statistics();
    }

    /**
     * Reports a wait for a lock longer than this ({@link ReportKind#LONG_WAIT}); default 2 s, or
     * {@code -Dlockaware.wait.warn=2s}.
     */
    public static void setWaitWarn(Duration threshold) {
        Watchdog.waitWarnNanos = positive(threshold, "wait threshold");
    }

    /**
     * Reports a hold longer than this while it is still held ({@link ReportKind#LONG_HOLD}); default 5 s, or
     * {@code -Dlockaware.hold.warn=5s}.
     */
    public static void setHoldWarn(Duration threshold) {
        Watchdog.holdWarnNanos = positive(threshold, "hold threshold");
    }

    /** An incident older than this gets one full thread dump; default 30 s, or {@code -Dlockaware.dump.after=30s}. */
    public static void setDumpAfter(Duration threshold) {
        Watchdog.dumpAfterNanos = positive(threshold, "dump threshold");
    }

    /**
     * Opt-in recovery from actual deadlocks: the most recent waiter of a cycle has its acquisition fail with
     * {@link DeadlockRecoveryException} ({@code InterruptedException} when it waits interruptibly). Default off, or
     * {@code -Dlockaware.deadlock.recover=true}.
     */
    public static void setDeadlockRecovery(boolean on) {
        Watchdog.recover = on;
    }

    /** The wait, hold and dump thresholds in force, and whether recovery is on, as text for logs. */
    public static String watchdogSettings() {
        return "lockaware.watchdog=" + Watchdog.enabled + " lockaware.wait.warn=" + ReportWriter.ms(Watchdog.waitWarnNanos)
                + " lockaware.hold.warn=" + ReportWriter.ms(Watchdog.holdWarnNanos) + " lockaware.dump.after="
                + ReportWriter.ms(Watchdog.dumpAfterNanos) + " lockaware.deadlock.recover=" + Watchdog.recover
                + " (scan every " + ReportWriter.ms(Watchdog.period()) + ")";
    }

    /** Starts (or restarts) the watchdog's periodic scans; on by default unless {@code -Dlockaware.watchdog=false}. */
    public static void startWatchdog() {
        Watchdog.enabled = true;
        Daemon.ensureStarted();
    }

    /** Stops the periodic scans (application shutdown, tests). Open incidents stay open until the next scan. */
    public static void stopWatchdog() {
        Watchdog.enabled = false;
    }

    public static boolean isWatchdogRunning() {
        return Watchdog.enabled;
    }

    /**
     * Runs one watchdog scan now, on the calling thread, and returns the reports it produced (they are also
     * delivered to the listeners). Useful in tests and from an admin endpoint.
     */
    public static List<LockReport> checkNow() {
        return Watchdog.scanNow();
    }

    /** Every lock still held by a thread that has terminated: leaked locks, with where each was acquired. */
    public static List<LockSnapshot.Holder> locksHeldByTerminatedThreads() {
        return Snapshots.heldByTerminated();
    }

    /**
     * With statistics on, one hold in how many per thread is timed, on average ({@code
     * lockaware.stats.holdSampleEvery}; the gaps are random, see the README).
     */
    public static int holdSampleEvery() {
        return Observers.HOLD_SAMPLE_EVERY;
    }

    /** Number of lock classes (distinct lock names) known. */
    public static int lockClassCount() {
        return LockClass.count();
    }

    /** Number of edges in the lock-order graph. */
    public static int orderEdgeCount() {
        return OrderGraph.edgeCount();
    }

    private static long positive(Duration d, String what) {
        Objects.requireNonNull(d, what + " must not be null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d.toNanos();
    }

    static long checkOrderKey(long key) {
        if (key == NO_ORDER_KEY) {
            throw new IllegalArgumentException("Long.MIN_VALUE is reserved for 'no order key'");
        }
        return key;
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "lock name must not be null: pass a stable name for the lock's role, such as "
                + "\"room.members\", or use the constructor without a name to name the lock after its construction site");
        if (name.isBlank()) {
            throw new IllegalArgumentException("lock name must not be blank: pass a stable name for the lock's role, "
                    + "such as \"room.members\"");
        }
        return name;
    }
}
