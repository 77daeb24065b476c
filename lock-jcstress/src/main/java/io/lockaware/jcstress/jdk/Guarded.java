package io.lockaware.jcstress.jdk;

import io.lockaware.jcstress.Side;
import java.util.concurrent.locks.Lock;

/**
 * A plain counter guarded by one side of a lock under test. The increment is a separate read and write on purpose:
 * only mutual exclusion keeps two threads from reading the same value, so a duplicate value proves an overlap.
 */
abstract class Guarded {
    final Side side;
    final Lock lock;
    private int count;

    Guarded(Side side) {
        this.side = side;
        this.lock = side.lock();
    }

    /** Call only while holding {@link #lock}; returns the value before the increment. */
    final int increment() {
        int seen = count;
        count = seen + 1;
        return seen;
    }
}
