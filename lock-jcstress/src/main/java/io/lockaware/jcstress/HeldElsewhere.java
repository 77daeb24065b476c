package io.lockaware.jcstress;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Lock;

/**
 * Holds a lock on a helper thread until {@link #release()}, so that an actor's acquisition has to wait. Termination
 * harnesses need this: the jcstress thread that builds the state also runs the signal, so a lock taken there would
 * never be released and would pile up in that thread's held-lock stack.
 */
public final class HeldElsewhere {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Returns once the helper thread holds {@code lock}. */
    public HeldElsewhere(Lock lock) {
        Thread holder = new Thread(() -> {
            lock.lock();
            try {
                held.countDown();
                awaitUninterruptibly(release);
            } finally {
                lock.unlock();
            }
        }, "jcstress-lock-holder");
        holder.setDaemon(true);
        holder.start();
        awaitUninterruptibly(held);
    }

    /** Lets the helper thread unlock and end. */
    public void release() {
        release.countDown();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
