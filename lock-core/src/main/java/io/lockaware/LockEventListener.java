package io.lockaware;

/**
 * Sees every acquisition and release of every tracked lock, on the acquiring or releasing thread. For tests, tracing
 * and tools: while one is registered every acquisition pays for a call, so production code should prefer
 * {@link LockStatsListener} and {@link LockAware#statistics()}.
 *
 * <p>Ordering guarantee: {@link #released} is called before the lock is actually released and {@link #acquired} after
 * it is actually acquired, so for one lock no listener ever sees a release after the next holder's acquisition, and
 * a count of current holders kept from these calls never goes negative. Exceptions thrown by a listener are logged
 * and swallowed.
 */
public interface LockEventListener {
    /** {@code lock} is the {@link DeadlockAwareMutex} or {@link DeadlockAwareRWLock}; {@code name} its lock class. */
    void acquired(Object lock, String name, LockMode mode, Thread thread);

    void released(Object lock, String name, LockMode mode, Thread thread);
}
