package io.lockaware.bench;

import io.lockaware.LockAware;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A workload that keeps creating new lock-order edges: every operation holds lock i and takes lock j for a pair
 * (i, j), i &lt; j, never taken before, so every operation is a cache miss that adds one edge to the order graph (for
 * ours: graph lock, cycle search, one stack capture; for Guava: a DFS and an {@code ExampleStackTrace}). Always in
 * increasing order, so no cycle is ever found. Each measured shot starts from an empty graph ({@code
 * forgetLearnedOrder()} for ours, fresh lock instances for Guava, whose graph nodes are per instance) and learns
 * {@value #EDGES} edges; the score is per edge (per nested pair).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(NewEdgesBench.EDGES)
@Warmup(iterations = 20, batchSize = 1)
@Measurement(iterations = 10, batchSize = 1)
@Fork(1)
public abstract class NewEdgesBench {
    static final int CLASSES = 128; // 8128 distinct ordered pairs
    static final int EDGES = 5000;

    private Impl impl;
    private Lock[] locks;

    void init(Impl impl) {
        this.impl = impl;
    }

    @Setup(Level.Iteration)
    public void freshGraph() {
        if (LockAware.isEnabled()) {
            LockAware.forgetLearnedOrder();
        }
        locks = new Lock[CLASSES];
        for (int i = 0; i < CLASSES; i++) {
            locks[i] = impl.mutex("bench.edge." + i);
        }
    }

    @Benchmark
    public int learn() {
        Lock[] ls = locks;
        int n = 0;
        for (int i = 0; i < CLASSES && n < EDGES; i++) {
            Lock outer = ls[i];
            for (int j = i + 1; j < CLASSES && n < EDGES; j++, n++) {
                outer.lock();
                ls[j].lock();
                ls[j].unlock();
                outer.unlock();
            }
        }
        return n;
    }
}
