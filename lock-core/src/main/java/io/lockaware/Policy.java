package io.lockaware;

/**
 * What happens when the library detects a problem. Set globally with {@code -Dlockaware.policy=log|throw|ignore},
 * per report kind with {@code -Dlockaware.policy.<kind>} (for example {@code lockaware.policy.lock-order-inversion}),
 * or through {@link LockAware#setPolicy}.
 */
public enum Policy {
    /** Deliver the report to the listeners (by default: log it at WARN) and carry on as the JDK lock would. */
    LOG,
    /**
     * Deliver the report, then fail the acquiring call with a {@link PotentialDeadlockException} before it blocks;
     * the caller holds nothing of the lock it asked for. Applies only to problems found at acquisition time;
     * a timed {@code tryLock} is never failed (it is bounded), it is reported as under {@link #LOG}.
     */
    THROW,
    /** Neither report nor throw. */
    IGNORE;

    static Policy parse(String value, String property) {
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "log": return LOG;
            case "throw": return THROW;
            case "ignore": return IGNORE;
            default:
                throw new IllegalArgumentException(
                        "lockaware: " + property + "=" + value + " is not a policy; use log, throw or ignore");
        }
    }
}
