package io.lockaware;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/** A thread that takes a lock and holds it until told to let go: for tests that look at a lock held elsewhere. */
final class Hold {
    private final CountDownLatch release = new CountDownLatch(1);
    private final Threads.Running<Void> running;

    private Hold(String name, Lock lock, CountDownLatch locked) {
        running = Threads.start(name, () -> {
            lock.lock();
            try {
                locked.countDown();
                if (!release.await(Threads.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(name + " was never told to release");
                }
            } finally {
                lock.unlock();
            }
        });
    }

    /** Returns once the new thread {@code name} holds {@code lock}. */
    static Hold start(String name, Lock lock) throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        Hold h = new Hold(name, lock, locked);
        if (!locked.await(Threads.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            h.running.thread().interrupt();
            throw new AssertionError(name + " did not get the lock within " + Threads.TIMEOUT);
        }
        return h;
    }

    Thread thread() {
        return running.thread();
    }

    /** Lets go of the lock and waits for the thread to end. */
    void release() throws Exception {
        release.countDown();
        running.get();
    }
}
