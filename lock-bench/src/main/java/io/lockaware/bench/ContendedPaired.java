package io.lockaware.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * {@link ContendedBench}'s operation on the JDK's locks and on ours in one JVM, alternating by iteration: the JDK in
 * even iterations, ours in odd ones, warm-up and measurement counted apart (measured iteration {@code 2k} is the
 * JDK, {@code 2k+1} ours, however many warm-up iterations ran). Each pair {@code 2k, 2k+1} gets new locks of both.
 *
 * <p>Why: on a small shared VM contended throughput is bimodal. The same lock reads, say, 10 or 22 ops/µs, and the
 * regime flips every fraction of a second to a few seconds, so separate forks of the JDK and of ours
 * ({@link Contended}) land in different regimes and their ratio swings from 0.3x to 2x between runs. Two
 * neighbouring short iterations in one JVM mostly share a regime, and the median over many pairs of their ratio is
 * steadier. Part of the regime also sticks to the lock instance (at 2 threads, the JDK against itself with one set
 * of locks per fork gave per-fork ratios from 0.5x to 1.8x); new locks for every pair make that luck noise across
 * pairs, the same for both sides, rather than a bias across a fork. Both lock sets share the JIT's profiles (the
 * call sites in {@link ContendedOp#run} see both classes), as in an application that uses both.
 *
 * <p>The score JMH prints mixes both locks and means nothing; {@link Table} pairs the raw iterations of the JSON
 * result. {@code -p impl=jdk} runs the JDK against itself: what a ratio of 1 looks like.
 */
@Warmup(iterations = 4, time = 250, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 30, time = 250, timeUnit = TimeUnit.MILLISECONDS)
@Fork(3)
public class ContendedPaired extends ContendedBench {
    /** What is compared with the JDK. */
    @Param({"aware"})
    public String impl;

    private Impl compared;
    private ContendedOp ours;
    private int warmups;
    private int measurements;

    @Setup
    public void setUp() {
        Impl.setUp("jdk", true);
        compared = Impl.setUp(impl, true);
    }

    /**
     * Runs before each iteration with every benchmark thread stopped, and JMH orders it before the iteration's
     * operations: {@link #current} can stay a plain field, read once per operation.
     */
    @Setup(Level.Iteration)
    public void alternate(IterationParams iteration) {
        int index = iteration.getType() == IterationType.WARMUP ? warmups++ : measurements++;
        if (index % 2 == 0) {
            current = new ContendedOp(Impl.jdk, workload);
            ours = new ContendedOp(compared, workload);
        } else {
            current = ours;
        }
    }
}
