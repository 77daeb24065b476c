package io.lockaware.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Named threads for one incident, all joined with a deadline so the demo never leaves a thread behind. */
final class Workers implements AutoCloseable {
    private static final long DEADLINE_SECONDS = 30;
    private final List<Thread> threads = new ArrayList<>();
    private final List<FutureTask<?>> tasks = new ArrayList<>();

    <T> FutureTask<T> start(String name, Callable<T> body) {
        FutureTask<T> task = new FutureTask<>(body);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        threads.add(t);
        tasks.add(task);
        t.start();
        return task;
    }

    FutureTask<Void> run(String name, Step body) {
        return start(name, () -> {
            body.run();
            return null;
        });
    }

    interface Step {
        void run() throws Exception;
    }

    static <T> T result(FutureTask<T> task) throws Exception {
        try {
            return task.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Waits until the thread is parked (blocked on a lock), with a deadline. */
    static void awaitBlocked(Thread t) throws TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(t.getName() + " never blocked");
            }
            Thread.onSpinWait();
        }
    }

    Thread thread(int i) {
        return threads.get(i);
    }

    /** Joins every thread; interrupts and reports any that outlive the deadline. */
    @Override
    public void close() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                t.interrupt();
                throw new IllegalStateException("demo thread " + t.getName() + " did not finish");
            }
        }
    }
}
