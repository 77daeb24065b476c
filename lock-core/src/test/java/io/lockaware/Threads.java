package io.lockaware;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/** Bounded helpers for concurrency tests: no test waits without a deadline. */
final class Threads {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Threads() {
    }

    /** Runs {@code body} on a new named thread; join with {@link Running#get()}. */
    static <T> Running<T> start(String name, Callable<T> body) {
        FutureTask<T> task = new FutureTask<>(body);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return new Running<>(t, task);
    }

    static Running<Void> start(String name, ThrowingRunnable body) {
        return start(name, () -> {
            body.run();
            return null;
        });
    }

    /** Starts a thread that takes {@code lock}, adds its name to {@code order} while holding it, and lets go. */
    static Running<Void> taker(String name, Lock lock, List<String> order) {
        return start(name, () -> {
            lock.lock();
            try {
                order.add(Thread.currentThread().getName());
            } finally {
                lock.unlock();
            }
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    record Running<T>(Thread thread, FutureTask<T> task) {
        T get() throws Exception {
            try {
                return task.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            } catch (TimeoutException e) {
                thread.interrupt();
                throw new AssertionError("thread " + thread.getName() + " did not finish within " + TIMEOUT, e);
            }
        }

        void join() throws InterruptedException {
            thread.join(TIMEOUT.toMillis());
            if (thread.isAlive()) {
                throw new AssertionError("thread " + thread.getName() + " did not finish within " + TIMEOUT);
            }
        }
    }

    /** Waits until the condition holds, polling; fails after the timeout. For Thread.State and queue checks. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Waits until {@code t} is parked (WAITING or TIMED_WAITING), i.e. blocked in a lock or condition. */
    static void awaitBlocked(Thread t) {
        await(t.getName() + " is blocked", () -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        });
    }
}
