package io.lockaware.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread, holding nothing else: lock() then unlock() of one lock, for the mutex, the read lock and the write lock.
 * Subclasses choose the implementations and the JVM flags of the fork.
 *
 * <p>Three forks: a JVM on these machines runs a given lock at one of two speeds for its whole life, so one fork per
 * cell put the same commit's read lock at 2.65x or 3.36x the JDK's and the mutex with the binder at 6.2x or 5.5x.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public abstract class UncontendedBench {
    private Lock mutex;
    private Lock read;
    private Lock write;

    void init(Impl impl) {
        mutex = impl.mutex("bench.uncontended.mutex");
        ReadWriteLock rw = impl.readWrite("bench.uncontended.rw");
        read = rw.readLock();
        write = rw.writeLock();
    }

    /** Takes each lock once and returns them, for {@link Promotion#setUp}. */
    Object[] firstUse() {
        mutex();
        read();
        write();
        return new Object[] {mutex, read, write};
    }

    @Benchmark
    public void mutex() {
        Lock l = mutex;
        l.lock();
        l.unlock();
    }

    @Benchmark
    public void read() {
        Lock l = read;
        l.lock();
        l.unlock();
    }

    @Benchmark
    public void write() {
        Lock l = write;
        l.lock();
        l.unlock();
    }
}
