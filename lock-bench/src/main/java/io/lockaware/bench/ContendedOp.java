package io.lockaware.bench;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One implementation's lock set for a {@link ContendedBench} workload, with the data it guards and the operation the
 * benchmark threads run on it. A class of its own so that {@link ContendedPaired} can switch lock sets in one state.
 */
final class ContendedOp {
    /** Work outside the lock per operation, in consumeCPU tokens (a few ns each). */
    static final int THINK_TOKENS = 32;
    private static final int SLOTS = 8;
    /**
     * Longs (128 bytes, a prefetched pair of cache lines) either side of the guarded slots, so that writes to them
     * share no line with this object's fields, which every operation reads first, or with a lock allocated next to
     * the array. (Before this class, the array sat behind the padding JMH gives a benchmark state.)
     */
    private static final int PAD = 16;

    private final Lock read;
    private final Lock write;
    private final int readPercent;
    private final long[] guarded = new long[PAD + SLOTS + PAD];

    ContendedOp(Impl impl, String workload) {
        switch (workload) {
            case "mutex":
                read = write = impl.mutex("bench.contended.mutex");
                readPercent = 0;
                break;
            case "readMostly":
            case "writeHeavy":
                ReadWriteLock rw = impl.readWrite("bench.contended.rw");
                read = rw.readLock();
                write = rw.writeLock();
                readPercent = workload.equals("readMostly") ? 90 : 10;
                break;
            default:
                throw new IllegalArgumentException(workload);
        }
    }

    /** One operation: shared mode if {@code percent} (uniform in 0..99) is below the workload's read share. */
    long run(int percent) {
        long r;
        if (percent < readPercent) {
            Lock l = read;
            l.lock();
            try {
                long sum = 0;
                for (int i = PAD; i < PAD + SLOTS; i++) {
                    sum += guarded[i];
                }
                r = sum;
            } finally {
                l.unlock();
            }
        } else {
            Lock l = write;
            l.lock();
            try {
                r = ++guarded[PAD + (int) (guarded[PAD] & (SLOTS - 1))];
            } finally {
                l.unlock();
            }
        }
        Blackhole.consumeCPU(THINK_TOKENS);
        return r;
    }
}
