package io.lockaware;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A drop-in {@link ReentrantLock} that knows its owner and checks lock ordering.
 *
 * <p>It extends {@code ReentrantLock} and keeps using the inherited synchronizer, so fairness, hold counts,
 * {@code getOwner}, queue inspection, conditions, {@code toString} and serialization behave exactly as in the JDK.
 * On top of that, every blocking acquisition feeds the process-wide lock-order graph (locks with the same name form
 * one lock class), and an order that could deadlock is reported the first time it is seen.
 *
 * <pre>{@code
 * private final Lock lock = new DeadlockAwareMutex("account.balance");
 * }</pre>
 */
public class DeadlockAwareMutex extends ReentrantLock {
    private static final long serialVersionUID = 1L;

    /** The tracked side of this lock; also holds its lock class and order key. Rebuilt on deserialization. */
    private transient MutexGate gate;

    /** A nonfair lock named after the place in the code where it is constructed (class and line). */
    public DeadlockAwareMutex() {
        this(false);
    }

    /** A lock with the given fairness, named after the place in the code where it is constructed. */
    public DeadlockAwareMutex(boolean fair) {
        this(Tracker.ENABLED ? Sites.constructionSite() : "unnamed", fair);
    }

    /** A nonfair lock of the lock class {@code name}; every lock with this name shares one node of the order graph. */
    public DeadlockAwareMutex(String name) {
        this(name, false);
    }

    /** A lock of the lock class {@code name} with the given fairness. */
    public DeadlockAwareMutex(String name, boolean fair) {
        super(fair);
        this.gate = new MutexGate(LockAware.checkName(name));
    }

    /** The lock class name: the name given at construction, or {@code com.acme.Room:42} for an unnamed lock. */
    public String getName() {
        return gate.lockClass().name;
    }

    /**
     * Declares this lock's place among locks of the same name: a thread may hold several locks of one class only
     * when it takes them in increasing key order (e.g. account ids). Without keys, nesting two locks of one class is
     * reported as {@link ReportKind#SAME_CLASS_NESTING}.
     */
    public DeadlockAwareMutex setOrderKey(long key) {
        gate.orderKey = LockAware.checkOrderKey(key);
        return this;
    }

    /** The declared order key, or {@link LockAware#NO_ORDER_KEY}. */
    public long getOrderKey() {
        return gate.orderKey;
    }

    /** Who holds this lock, since when and where it was acquired, and who waits for it. */
    public LockSnapshot snapshot() {
        return Snapshots.of(this, gate.lockClass().name, true, isFair(), List.copyOf(super.getQueuedThreads()));
    }

    @Override
    public void lock() {
        if (Tracker.ENABLED) { // the tracker's steps around the JDK's fast path, see Tracker.locked
            MutexGate g = gate;
            ThreadRecord t = ThreadRecord.current();
            HeldLock again = Tracker.enter(t, g, Tracker.BLOCKING);
            Tracker.locked(t, g, again, again == null && g.tryFast());
        } else {
            super.lock();
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Tracker.ENABLED) {
            Tracker.lockInterruptibly(gate);
        } else {
            super.lockInterruptibly();
        }
    }

    @Override
    public boolean tryLock() {
        return Tracker.ENABLED ? Tracker.tryLock(gate) : super.tryLock();
    }

    @Override
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        return Tracker.ENABLED ? Tracker.tryLock(gate, unit.toNanos(timeout)) : super.tryLock(timeout, unit);
    }

    @Override
    public void unlock() {
        if (Tracker.ENABLED) {
            MutexGate g = gate;
            if (Observers.on) { // listeners hear of the release first, see Tracker.release
                long held = Tracker.release(ThreadRecord.current(), g);
                super.unlock();
                Tracker.released(g, held);
            } else {
                ThreadRecord t = ThreadRecord.current();
                int hidden = Tracker.hide(t, g);
                try {
                    super.unlock();
                } finally {
                    Tracker.drop(t, hidden); // even after an Error: no hidden entry may stay on the stack
                }
            }
        } else {
            super.unlock();
        }
    }

    /** A condition whose {@code await} re-acquisition goes through the same ordering checks as {@link #lock()}. */
    @Override
    public Condition newCondition() {
        return Tracker.ENABLED ? new TrackedCondition(gate, super.newCondition()) : super.newCondition();
    }

    @Override
    public boolean hasWaiters(Condition condition) {
        return super.hasWaiters(TrackedCondition.unwrap(condition));
    }

    @Override
    public int getWaitQueueLength(Condition condition) {
        return super.getWaitQueueLength(TrackedCondition.unwrap(condition));
    }

    @Override
    protected Collection<Thread> getWaitingThreads(Condition condition) {
        return super.getWaitingThreads(TrackedCondition.unwrap(condition));
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeUTF(gate.lockClass().name);
        out.writeLong(gate.orderKey);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        gate = new MutexGate(in.readUTF());
        gate.orderKey = in.readLong();
    }

    private final class MutexGate extends Gate {
        long orderKey = LockAware.NO_ORDER_KEY;

        MutexGate(String name) {
            super(DeadlockAwareMutex.this, LockClass.named(name).mutexSide);
        }

        @Override
        long orderKey() {
            return orderKey;
        }

        @Override
        Collection<Thread> queuedThreads() {
            return DeadlockAwareMutex.super.getQueuedThreads();
        }

        @Override
        Collection<Thread> queuedWriters() {
            return List.of();
        }

        /**
         * The JDK's timed tryLock begins as its lock() does: nonfair, with a CAS on the lock word and no read of it
         * first (under contention that read likely costs a second cache-line transfer; measured: more throughput with
         * two threads), and fair, never overtaking a queued thread. Unlike lock() it throws for an interrupted thread,
         * so such a thread takes the untimed tryLock, which reads first, and one interrupted between the check and the
         * CAS gets its status back.
         */
        @Override
        boolean tryFast() {
            if (!Thread.currentThread().isInterrupted()) {
                try {
                    return DeadlockAwareMutex.super.tryLock(0L, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return (!isFair() || !hasQueuedThreads()) && DeadlockAwareMutex.super.tryLock();
        }

        @Override
        void rawLock() {
            DeadlockAwareMutex.super.lock();
        }

        @Override
        void rawLockInterruptibly() throws InterruptedException {
            DeadlockAwareMutex.super.lockInterruptibly();
        }

        @Override
        boolean rawTryLock() {
            return DeadlockAwareMutex.super.tryLock();
        }

        @Override
        boolean rawTryLock(long nanos) throws InterruptedException {
            return DeadlockAwareMutex.super.tryLock(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
