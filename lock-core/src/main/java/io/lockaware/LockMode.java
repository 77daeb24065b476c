package io.lockaware;

/**
 * The mode of an acquisition. A {@link DeadlockAwareMutex} is always {@link #WRITE} (exclusive); a
 * {@link DeadlockAwareRWLock} is {@link #READ} through {@code readLock()} and {@link #WRITE} through
 * {@code writeLock()}.
 */
public enum LockMode {
    /** Shared: the read lock of a {@link DeadlockAwareRWLock}. */
    READ("read", 'r'),
    /** Exclusive: the write lock of a {@link DeadlockAwareRWLock}, or a {@link DeadlockAwareMutex}. */
    WRITE("write", 'W');

    private final String label;
    private final char symbol;

    LockMode(String label, char symbol) {
        this.label = label;
        this.symbol = symbol;
    }

    /** Lower-case name used in reports and as the {@code mode} metric tag: {@code read} or {@code write}. */
    public String label() {
        return label;
    }

    /** lockdep-style one-letter symbol: {@code W} for exclusive, {@code r} for shared. */
    public char symbol() {
        return symbol;
    }

    boolean shared() {
        return this == READ;
    }
}
