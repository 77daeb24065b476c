package io.lockaware.jcstress.jdk;

import io.lockaware.jcstress.HeldElsewhere;
import io.lockaware.jcstress.Side;
import java.util.concurrent.locks.Lock;

/**
 * State of the termination harnesses: one side of a lock, and another thread holding what blocks it (the lock
 * itself, or the write lock when the side is a reader). The holder lets go once the actor is done.
 */
abstract class Blocked {
    final Lock lock;
    private final HeldElsewhere holder;

    Blocked(Side side) {
        this.lock = side.lock();
        this.holder = new HeldElsewhere(side.blocker());
    }

    /** The actor got a lock another thread holds: unlock it and fail the sample (jcstress reports ERROR). */
    final void acquiredWhileHeld() {
        lock.unlock();
        throw new IllegalStateException("acquired " + lock + " while another thread held it");
    }

    final void done() {
        holder.release();
    }
}
