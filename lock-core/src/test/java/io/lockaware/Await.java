package io.lockaware;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/** The five ways to wait on a {@link Condition}; the timed ones wait at most {@link Threads#TIMEOUT}. */
enum Await {
    AWAIT, AWAIT_NANOS, AWAIT_TIMED, AWAIT_UNTIL, AWAIT_UNINTERRUPTIBLY;

    static final Await[] INTERRUPTIBLE = {AWAIT, AWAIT_NANOS, AWAIT_TIMED, AWAIT_UNTIL};

    void await(Condition c) throws InterruptedException {
        long millis = Threads.TIMEOUT.toMillis();
        switch (this) {
            case AWAIT -> c.await();
            case AWAIT_NANOS -> c.awaitNanos(TimeUnit.MILLISECONDS.toNanos(millis));
            case AWAIT_TIMED -> c.await(millis, TimeUnit.MILLISECONDS);
            case AWAIT_UNTIL -> c.awaitUntil(new Date(System.currentTimeMillis() + millis));
            case AWAIT_UNINTERRUPTIBLY -> c.awaitUninterruptibly();
            default -> throw new AssertionError(this);
        }
    }
}
