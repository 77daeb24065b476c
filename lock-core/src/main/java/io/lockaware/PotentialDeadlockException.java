package io.lockaware;

/**
 * Thrown under {@link Policy#THROW} by an acquiring call, before it blocks, when the acquisition would make a
 * deadlock possible. The calling thread holds nothing of the lock it asked for; the locks it held before the call
 * are still held.
 */
public class PotentialDeadlockException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient LockReport report;

    public PotentialDeadlockException(LockReport report) {
        super(report.summary());
        this.report = report;
    }

    /** The report that caused this exception; its {@link LockReport#text()} has the full explanation. */
    public LockReport report() {
        return report;
    }
}
