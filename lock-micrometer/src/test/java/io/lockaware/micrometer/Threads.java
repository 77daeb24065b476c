package io.lockaware.micrometer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/** Bounded helpers for concurrency tests: nothing waits without a deadline, and no test sleeps and hopes. */
final class Threads {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Threads() {
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A started daemon thread running {@code body}; {@link #join()} rethrows what it threw. */
    static final class Running {
        final Thread thread;
        private final FutureTask<Void> task;

        Running(String name, ThrowingRunnable body) {
            task = new FutureTask<>(() -> {
                body.run();
                return null;
            });
            thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        }

        void join() throws Exception {
            try {
                task.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw new AssertionError(e.getCause());
            } catch (TimeoutException e) {
                thread.interrupt();
                throw new AssertionError("thread " + thread.getName() + " did not finish within " + TIMEOUT, e);
            }
        }
    }

    static Running start(String name, ThrowingRunnable body) {
        return new Running(name, body);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("latch not released within " + TIMEOUT);
        }
    }

    /** Lets at least {@code d} pass on the monotonic clock after {@code fromNanos} (parks, then checks: never less). */
    static void passAtLeast(long fromNanos, Duration d) {
        long until = fromNanos + d.toNanos();
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** True once {@code t} is queued in {@code lock}'s synchronizer (so its timed wait has begun) and parked. */
    static boolean queuedOn(Object lock, Thread t) {
        boolean queued = lock instanceof ReentrantReadWriteLock rw ? rw.hasQueuedThread(t)
                : ((ReentrantLock) lock).hasQueuedThread(t);
        Thread.State s = t.getState();
        return queued && (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING);
    }

    /**
     * One contended acquisition with a known minimum wait: a fresh holder thread takes {@code held}, a fresh waiter
     * thread asks for {@code wanted}; once the waiter is seen queued on {@code owner} (its wait, timed by the core
     * from before it queued, has begun), at least {@code minWait} passes before the holder lets go. The waiter's wait
     * is therefore at least {@code minWait}; the holder's hold too. Each thread acquires exactly once.
     */
    static void contend(Object owner, Lock held, Lock wanted, Duration minWait) throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Running holder = start("holder", () -> {
            held.lock();
            try {
                holding.countDown();
                await(release);
            } finally {
                held.unlock();
            }
        });
        await(holding);
        Running waiter = start("waiter", () -> {
            wanted.lock();
            wanted.unlock();
        });
        await("the waiter is queued", () -> queuedOn(owner, waiter.thread));
        passAtLeast(System.nanoTime(), minWait);
        release.countDown();
        holder.join();
        waiter.join();
    }
}
