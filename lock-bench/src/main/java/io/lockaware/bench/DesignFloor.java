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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the uncontended and nesting targets leave room for: the same nest as {@link NestingBench} (depth 1 is one
 * uncontended lock+unlock), run on the JDK lock, on ours, and on the designs of {@link FloorLocks}: stripped-down
 * locks, each a lower bound for any instrumented lock that keeps a per-thread held stack, and {@code flat}, ours'
 * features without ours' structure. If even {@code probe}, which does only what a lockdep-style order check cannot
 * skip, is over a target, no design of this kind meets it on this JVM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class DesignFloor {
    @Param({"jdk", "lookup", "stack", "seqlock", "probe", "flat", "aware"})
    public String design;

    @Param({"1", "20"})
    public int depth;

    private Lock[] locks;

    @Setup
    public void setUp() {
        boolean ours = design.equals("aware");
        boolean floor = !ours && !design.equals("jdk");
        Impl impl = Impl.setUp(ours ? "aware" : "jdk", true);
        if (floor) {
            exercise(FloorLocks.create(design), FloorLocks.create(design));
        }
        locks = new Lock[depth];
        for (int i = 0; i < depth; i++) {
            locks[i] = floor ? FloorLocks.create(design) : impl.mutex("bench.floor." + i);
        }
    }

    /**
     * What {@link Impl#exerciseAllKinds} does for ours and the JDK's locks: each lock taken alone and nested, often
     * enough to be profiled, before the warm-up (no re-entry, as there).
     */
    private static void exercise(Lock a, Lock b) {
        for (int i = 0; i < 20_000; i++) {
            a.lock();
            a.unlock();
            b.lock();
            b.unlock();
            a.lock();
            b.lock();
            b.unlock();
            a.unlock();
        }
    }

    @Benchmark
    public void nest() {
        NestingBench.nest(locks);
    }
}
