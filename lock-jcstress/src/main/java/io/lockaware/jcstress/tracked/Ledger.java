package io.lockaware.jcstress.tracked;

import io.lockaware.LockAware;
import io.lockaware.LockEventListener;
import io.lockaware.LockMode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link LockEventListener} sees of one lock, kept the way a "current holders" gauge would be kept: open holds
 * per mode, overall and per thread, from {@code acquired} and {@code released} calls alone. It counts the events that
 * contradict the lock: an acquisition seen while another thread's conflicting hold is still open (a release
 * delivered after the next holder's acquisition), a release seen with no matching acquisition, and the count going
 * below zero.
 */
final class Ledger {
    /** Routes every event to the ledger of its lock; registered once per JVM, the first time a ledger is made. */
    private static final LockEventListener ROUTER = new LockEventListener() {
        @Override
        public void acquired(Object lock, String name, LockMode mode, Thread thread) {
            if (lock instanceof Ledgered) {
                ((Ledgered) lock).ledger().acquired(mode, thread);
            }
        }

        @Override
        public void released(Object lock, String name, LockMode mode, Thread thread) {
            if (lock instanceof Ledgered) {
                ((Ledgered) lock).ledger().released(mode, thread);
            }
        }
    };

    static {
        LockAware.addEventListener(ROUTER);
    }

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    /** Open holds of each thread: [read, write]. Events arrive on the thread concerned, so only it touches its entry. */
    private final ConcurrentHashMap<Thread, int[]> byThread = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger orphanReleases = new AtomicInteger();
    private final AtomicInteger negatives = new AtomicInteger();

    private void acquired(LockMode mode, Thread thread) {
        int[] mine = byThread.computeIfAbsent(thread, t -> new int[2]);
        mine[mode.ordinal()]++;
        counter(mode).incrementAndGet();
        int otherWrites = writes.get() - mine[LockMode.WRITE.ordinal()];
        int otherReads = reads.get() - mine[LockMode.READ.ordinal()];
        if (otherWrites != 0 || (mode == LockMode.WRITE && otherReads != 0)) {
            overlaps.incrementAndGet();
        }
    }

    private void released(LockMode mode, Thread thread) {
        int[] mine = byThread.get(thread);
        if (mine == null || mine[mode.ordinal()] == 0) {
            orphanReleases.incrementAndGet();
        } else {
            mine[mode.ordinal()]--;
        }
        if (counter(mode).decrementAndGet() < 0) {
            negatives.incrementAndGet();
        }
    }

    private AtomicInteger counter(LockMode mode) {
        return mode == LockMode.READ ? reads : writes;
    }

    /** Acquisitions seen while another thread's conflicting hold was still open. */
    int overlaps() {
        return overlaps.get();
    }

    /** Releases seen before any matching acquisition. */
    int orphanReleases() {
        return orphanReleases.get();
    }

    /** Times the count of open holds went below zero. */
    int negatives() {
        return negatives.get();
    }

    /** Holds still open according to the events. */
    int open() {
        return reads.get() + writes.get();
    }

    /** A lock that carries its own ledger, so the listener needs no map from locks to ledgers. */
    interface Ledgered {
        Ledger ledger();
    }
}
