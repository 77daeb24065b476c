package io.lockaware.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread takes {@code depth} mutexes (each its own lock class, always in the same order) and releases them in
 * reverse; one operation is the whole nest. After the first operation every chain is validated, so this measures
 * the steady state of code that nests locks: for ours one chain-cache probe per nested acquisition.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class NestingBench {
    @Param({"1", "2", "5", "20"})
    public int depth;

    private Lock[] locks;

    void init(Impl impl) {
        locks = new Lock[depth];
        for (int i = 0; i < depth; i++) {
            locks[i] = impl.mutex("bench.nest." + i);
        }
    }

    /** Runs the nest once and returns its locks, for {@link Promotion#setUp}. */
    Object[] firstUse() {
        nest();
        return locks;
    }

    @Benchmark
    public void nest() {
        nest(locks);
    }

    /** Takes the locks in order and releases them in reverse; also {@link DesignFloor}'s operation. */
    static void nest(Lock[] ls) {
        for (int i = 0; i < ls.length; i++) {
            ls[i].lock();
        }
        for (int i = ls.length - 1; i >= 0; i--) {
            ls[i].unlock();
        }
    }
}
