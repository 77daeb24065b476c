package io.lockaware.bench;

import com.google.common.util.concurrent.CycleDetectingLockFactory;
import io.lockaware.DeadlockAwareMutex;
import io.lockaware.DeadlockAwareRWLock;
import io.lockaware.LockAware;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The lock implementations compared, as the values of every benchmark's {@code impl} parameter.
 *
 * <ul>
 *   <li>{@code jdk}: {@link ReentrantLock} / {@link ReentrantReadWriteLock}, the baseline of every ratio;
 *   <li>{@code aware}: {@link DeadlockAwareMutex} / {@link DeadlockAwareRWLock} with detection on (the default);
 *   <li>{@code aware_stats}: the same with the Micrometer binder bound: {@link Metrics}
 *       (lock-micrometer's {@code LockMetrics} on a Prometheus registry);
 *   <li>{@code guava}: Guava's {@code CycleDetectingLockFactory} with {@code Policies.WARN};
 * </ul>
 * and, in the {@code *Disabled} benchmark classes (forked with {@code -Dlockaware.enabled=false}), {@code aware}
 * is our lock with the library switched off.
 */
enum Impl {
    jdk, aware, aware_stats, guava;

    private static final CycleDetectingLockFactory GUAVA =
            CycleDetectingLockFactory.newInstance(CycleDetectingLockFactory.Policies.WARN);

    /**
     * Parses the parameter and prepares the process for it. {@code enabled} is what the benchmark class expects of
     * {@code lockaware.enabled}; a mismatch (e.g. a fork that lost its JVM flag) fails the benchmark rather than
     * quietly measuring the wrong thing.
     */
    static Impl setUp(String name, boolean enabled) {
        Impl impl = valueOf(name);
        if (LockAware.isEnabled() != enabled) {
            throw new IllegalStateException("lockaware.enabled is " + LockAware.isEnabled() + ", this benchmark class "
                    + "expects " + enabled);
        }
        if (impl == aware_stats) {
            Metrics.bind();
        }
        impl.exerciseAllKinds();
        return impl;
    }

    /**
     * A real application takes mutexes, read locks and write locks in one JVM, so the JIT's type profiles of the
     * lock code see all of them. Each benchmark therefore first takes all three kinds of its implementation, alone
     * and nested, often enough to be profiled, before its own warm-up. Without this, a benchmark that only ever
     * takes one kind of lock lets the JIT specialise ours for that one kind and makes it look faster than it is in
     * an application.
     */
    void exerciseAllKinds() {
        Lock m = mutex("bench.profile.mutex");
        ReadWriteLock rw = readWrite("bench.profile.rw");
        Lock r = rw.readLock();
        Lock w = rw.writeLock();
        Lock[] all = {m, r, w};
        for (int i = 0; i < 20_000; i++) {
            for (Lock a : all) {
                a.lock();
                a.unlock();
            }
            // always mutex before read/write lock: a consistent order, nothing to report
            m.lock();
            r.lock();
            r.unlock();
            m.unlock();
            m.lock();
            w.lock();
            w.unlock();
            m.unlock();
        }
    }

    Lock mutex(String name) {
        switch (this) {
            case jdk:
                return new ReentrantLock();
            case aware:
            case aware_stats:
                return new DeadlockAwareMutex(name);
            case guava:
                return GUAVA.newReentrantLock(name);
            default:
                throw new AssertionError(this);
        }
    }

    ReadWriteLock readWrite(String name) {
        switch (this) {
            case jdk:
                return new ReentrantReadWriteLock();
            case aware:
            case aware_stats:
                return new DeadlockAwareRWLock(name);
            case guava:
                return GUAVA.newReentrantReadWriteLock(name);
            default:
                throw new AssertionError(this);
        }
    }
}
