package io.lockaware.jcstress;

import io.lockaware.DeadlockAwareMutex;
import io.lockaware.DeadlockAwareRWLock;
import io.lockaware.LockMode;
import io.lockaware.LockSnapshot;
import java.util.concurrent.locks.Lock;

/**
 * One acquirable side of a lock under test: a {@link DeadlockAwareMutex}, or the read or write view of a
 * {@link DeadlockAwareRWLock}. Harnesses are written once against a side and instantiated per lock, mode and
 * fairness, so every variant runs exactly the same code.
 */
public final class Side {
    private final DeadlockAwareMutex mutex; // null for a read/write lock
    private final DeadlockAwareRWLock rw;   // null for a mutex
    private final LockMode mode;

    private Side(DeadlockAwareMutex mutex, DeadlockAwareRWLock rw, LockMode mode) {
        this.mutex = mutex;
        this.rw = rw;
        this.mode = mode;
    }

    public static Side mutex(String name, boolean fair) {
        return new Side(new DeadlockAwareMutex(name, fair), null, LockMode.WRITE);
    }

    public static Side write(String name, boolean fair) {
        return new ReadWrite(name, fair).write;
    }

    public static Side read(String name, boolean fair) {
        return new ReadWrite(name, fair).read;
    }

    /** Both sides of one new {@link DeadlockAwareRWLock}. */
    public static final class ReadWrite {
        public final Side read;
        public final Side write;

        public ReadWrite(String name, boolean fair) {
            DeadlockAwareRWLock rw = new DeadlockAwareRWLock(name, fair);
            this.read = new Side(null, rw, LockMode.READ);
            this.write = new Side(null, rw, LockMode.WRITE);
        }
    }

    /** The {@code Lock} to call: the mutex itself, or the read or write view. */
    public Lock lock() {
        if (mutex != null) {
            return mutex;
        }
        return mode == LockMode.READ ? rw.readLock() : rw.writeLock();
    }

    /** A lock that, while another thread holds it, keeps this side from being acquired. */
    public Lock blocker() {
        return mutex != null ? mutex : rw.writeLock();
    }

    public LockMode mode() {
        return mode;
    }

    public String name() {
        return mutex != null ? mutex.getName() : rw.getName();
    }

    /** The JDK's own count of the current thread's holds on this side. */
    public int jdkHoldCount() {
        if (mutex != null) {
            return mutex.getHoldCount();
        }
        return mode == LockMode.READ ? rw.getReadHoldCount() : rw.getWriteHoldCount();
    }

    /** True when the JDK's synchronizer records no hold at all, by any thread, in any mode. */
    public boolean jdkFree() {
        return mutex != null ? !mutex.isLocked() : !rw.isWriteLocked() && rw.getReadLockCount() == 0;
    }

    /** The library's view of the whole lock: holders of both modes and waiters. */
    public LockSnapshot snapshot() {
        return mutex != null ? mutex.snapshot() : rw.snapshot();
    }

    /** The library's hold count of the current thread on this side, from a snapshot; 0 when it records none. */
    public int trackedHoldCount() {
        Thread me = Thread.currentThread();
        int count = 0;
        for (LockSnapshot.Holder h : snapshot().holders()) {
            if (h.thread() == me && h.mode() == mode) {
                count += h.holdCount();
            }
        }
        return count;
    }
}
