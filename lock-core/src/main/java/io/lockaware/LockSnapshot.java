package io.lockaware;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who holds a lock and who waits for it, at one moment. Built from the threads' own held-lock records, so it costs
 * nothing until asked for; taken while threads run, it is a consistent view of each thread but not an atomic view of
 * all of them: during a hand-over it may show an exclusive lock's last owner and its next one together, or neither.
 * The next owner's own snapshot never shows the last owner's hold. Hold start times are accurate to about 10 ms (a
 * coarse clock keeps {@code nanoTime} off the hot path).
 *
 * @param name    the lock class name
 * @param mutex   true for a {@link DeadlockAwareMutex}
 * @param fair    the lock's fairness
 * @param holders every hold: the writer (or mutex owner) and each reader, with hold counts
 * @param waiters threads blocked in an acquisition of this lock, with the mode asked for and since when
 * @param queued  the JDK's own view of the queued threads ({@code getQueuedThreads()})
 */
public record LockSnapshot(String name, boolean mutex, boolean fair, List<Holder> holders, List<Waiter> waiters,
                           List<Thread> queued) {

    public LockSnapshot {
        holders = List.copyOf(holders);
        waiters = List.copyOf(waiters);
        queued = List.copyOf(queued);
    }

    /**
     * One hold.
     *
     * @param lock       the lock class name
     * @param thread     the holding thread (it may have terminated: then the hold is leaked)
     * @param mode       read or write (a mutex is always write)
     * @param holdCount  re-entrant holds in this mode
     * @param since      when the first of these holds began
     * @param acquiredAt where it began, as far as known
     * @param source     where {@code acquiredAt} comes from
     */
    public record Holder(String lock, Thread thread, LockMode mode, int holdCount, Instant since,
                         List<StackTraceElement> acquiredAt, SiteSource source) {
        public Holder {
            acquiredAt = List.copyOf(acquiredAt);
        }

        public Duration heldFor() {
            return Duration.between(since, Instant.now());
        }
    }

    /** A thread blocked acquiring the lock, the mode it asked for and since when. */
    public record Waiter(Thread thread, LockMode mode, Instant since) {
    }

    /** The writer (or owner of a mutex), if the lock is write-locked. */
    public Optional<Holder> writer() {
        return holders.stream().filter(h -> h.mode() == LockMode.WRITE).findFirst();
    }

    /** Every read hold, one per reading thread. */
    public List<Holder> readers() {
        return holders.stream().filter(h -> h.mode() == LockMode.READ).toList();
    }
}
