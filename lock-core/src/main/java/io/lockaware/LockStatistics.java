package io.lockaware;

/**
 * Statistics of one lock class in one mode. Counts are exact and cumulative since statistics were switched on (the
 * first {@link LockAware#addStatsListener} or {@link LockAware#enableStatistics()}); the live figures are read now.
 *
 * @param name            lock class name
 * @param mode            read or write (a mutex is write)
 * @param acquisitions    successful acquisitions, re-entrant ones included
 * @param contended       acquisitions that had to wait (the fast path failed)
 * @param failedTryLocks  tryLock calls that returned false
 * @param holders         holds right now (threads holding it in this mode)
 * @param waiters         threads blocked acquiring it in this mode right now
 * @param oldestHoldNanos age of the oldest current hold, 0 if none (accurate to about 10 ms)
 * @param longestWaitNanos age of the longest current wait, 0 if none
 */
public record LockStatistics(String name, LockMode mode, long acquisitions, long contended, long failedTryLocks,
                             int holders, int waiters, long oldestHoldNanos, long longestWaitNanos) {
}
