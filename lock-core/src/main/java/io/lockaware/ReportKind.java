package io.lockaware;

import java.util.Locale;

/**
 * What a {@link LockReport} is about. Kinds found at acquisition time by the order graph describe deadlocks that are
 * <em>possible</em>; kinds found by the watchdog describe what is stuck <em>now</em>. The two are kept apart on
 * purpose: a potential deadlock is a bug to fix before it ever happens, an actual one is an incident.
 */
public enum ReportKind {
    /** Potential: two or more lock classes have been taken in orders that form a cycle. */
    LOCK_ORDER_INVERSION(true),
    /** Potential, and certain: a thread holding a read lock asks for the write lock of the same lock. */
    READ_WRITE_UPGRADE(true),
    /** Potential: two locks of the same class (same name) nested without a declared order between instances. */
    SAME_CLASS_NESTING(true),
    /** Actual: threads blocked in a wait-for cycle right now. */
    ACTUAL_DEADLOCK(false),
    /** Actual: a thread has waited for a lock longer than the wait threshold. */
    LONG_WAIT(false),
    /** Actual: a lock has been held longer than the hold threshold and is still held. */
    LONG_HOLD(false),
    /** Actual: a lock is still held by a thread that has terminated. */
    LEAKED_LOCK(false);

    private final boolean potential;

    ReportKind(boolean potential) {
        this.potential = potential;
    }

    /** True for kinds found by the order graph at acquisition time (deadlocks that could happen). */
    public boolean isPotential() {
        return potential;
    }

    /** The kind as used in system properties and metric tags, e.g. {@code lock-order-inversion}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
