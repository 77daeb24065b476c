package io.lockaware.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Several threads (run with {@code -t 2}, {@code -t 4}, {@code -t 8}; {@link ContendedPaired} also with {@code -t 1},
 * the operation without contention) share one lock. Each operation takes the lock,
 * reads (shared mode) or updates (exclusive mode) a small guarded array, releases it, then works outside the lock
 * for a moment ({@link ContendedOp#THINK_TOKENS} of {@link Blackhole#consumeCPU}). Workloads:
 * <ul>
 *   <li>{@code mutex}: every operation takes the mutex;
 *   <li>{@code readMostly}: a read/write lock, 90% of operations take the read lock, 10% the write lock;
 *   <li>{@code writeHeavy}: a read/write lock, 10% read lock, 90% write lock.
 * </ul>
 * The score is total operations per microsecond over all threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public abstract class ContendedBench {
    @Param({"mutex", "readMostly", "writeHeavy"})
    public String workload;

    /** The lock set {@link #op} runs on: set in a subclass's setup, while no benchmark thread runs. */
    ContendedOp current;

    void init(Impl impl) {
        current = new ContendedOp(impl, workload);
    }

    /** Per-thread xorshift generator: which mode the next operation takes. */
    @State(Scope.Thread)
    public static class Dice {
        private int x = (int) System.nanoTime() | 1;

        int percent() {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            return (x >>> 1) % 100;
        }
    }

    @Benchmark
    public long op(Dice dice) {
        return current.run(dice.percent());
    }
}
