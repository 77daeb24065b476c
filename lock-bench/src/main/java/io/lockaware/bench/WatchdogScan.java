package io.lockaware.bench;

import io.lockaware.DeadlockAwareMutex;
import io.lockaware.LockAware;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one watchdog scan with many threads holding many locks (issue: 1,000 threads, 100,000 locks): every
 * thread parks holding {@code locksPerThread} locks, nobody waits, nothing is over a threshold, so this is the price
 * the daemon pays every period on a busy, healthy process.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss256k", "-Dlockaware.watchdog=false"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WatchdogScan {
    @Param({"1000"})
    int threads;

    @Param({"100"})
    int locksPerThread;

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> workers = new ArrayList<>();

    @Setup(Level.Trial)
    public void holdLocks() throws InterruptedException {
        LockAware.setWaitWarn(Duration.ofHours(1));
        LockAware.setHoldWarn(Duration.ofHours(1));
        CountDownLatch holding = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                List<DeadlockAwareMutex> mine = new ArrayList<>();
                for (int i = 0; i < locksPerThread; i++) {
                    DeadlockAwareMutex m = new DeadlockAwareMutex("scan.level." + i); // one consistent order
                    m.lock();
                    mine.add(m);
                }
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = mine.size() - 1; i >= 0; i--) {
                    mine.get(i).unlock();
                }
            }, "holder-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        if (!holding.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("holders did not start");
        }
    }

    @Benchmark
    public int scan() {
        return LockAware.checkNow().size();
    }

    @TearDown(Level.Trial)
    public void releaseLocks() throws InterruptedException {
        release.countDown();
        for (Thread w : workers) {
            w.join(10_000);
        }
    }
}
