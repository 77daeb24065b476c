package io.lockaware;

/**
 * Thrown from {@code lock()} when deadlock recovery is on ({@code -Dlockaware.deadlock.recover=true} or
 * {@link LockAware#setDeadlockRecovery}) and the watchdog chose this thread's acquisition to break an actual deadlock.
 * The thread does not hold the lock it asked for; the locks it held before the call are still held, and releasing
 * them (in {@code finally} blocks) is what lets the other threads of the cycle proceed. An interruptible acquisition
 * chosen the same way gets an {@link InterruptedException} instead.
 */
public class DeadlockRecoveryException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient LockReport report;

    public DeadlockRecoveryException(LockReport report) {
        super(report.summary());
        this.report = report;
    }

    /** The actual-deadlock report that led to this exception. */
    public LockReport report() {
        return report;
    }
}
