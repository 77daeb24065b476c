package io.lockaware;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A drop-in {@link ReentrantReadWriteLock} that knows its writer and every reader, and checks lock ordering in both
 * modes.
 *
 * <p>It extends {@code ReentrantReadWriteLock} and keeps using the inherited synchronizer: {@link #readLock()} and
 * {@link #writeLock()} return views built on that same synchronizer, so fairness, writer preference, hold counts,
 * queue inspection, conditions, {@code toString} and serialization behave exactly as in the JDK.
 *
 * <p>Detection rules: re-entry, a downgrade (read while holding this lock's write) and an untimed {@code tryLock} add
 * no order edges; read held then write requested on this same lock is reported as a certain self-deadlock before the
 * thread blocks; a cycle through read locks is reported too, because a JDK reader queues behind a waiting writer.
 *
 * <pre>{@code
 * private final ReadWriteLock members = new DeadlockAwareRWLock("room.members");
 * }</pre>
 */
public class DeadlockAwareRWLock extends ReentrantReadWriteLock {
    private static final long serialVersionUID = 1L;

    private transient LockClass lockClass;
    private transient long orderKey;
    private transient ReadView readView;
    private transient WriteView writeView;

    /** A nonfair lock named after the place in the code where it is constructed (class and line). */
    public DeadlockAwareRWLock() {
        this(false);
    }

    /** A lock with the given fairness, named after the place in the code where it is constructed. */
    public DeadlockAwareRWLock(boolean fair) {
        this(Tracker.ENABLED ? Sites.constructionSite() : "unnamed", fair);
    }

    /** A nonfair lock of the lock class {@code name}; every lock with this name shares one node of the order graph. */
    public DeadlockAwareRWLock(String name) {
        this(name, false);
    }

    /** A lock of the lock class {@code name} with the given fairness. */
    public DeadlockAwareRWLock(String name, boolean fair) {
        super(fair);
        init(LockAware.checkName(name), LockAware.NO_ORDER_KEY);
    }

    private void init(String name, long key) {
        lockClass = LockClass.named(name);
        orderKey = key;
        if (Tracker.ENABLED) {
            readView = new ReadView(this);
            writeView = new WriteView(this);
        }
    }

    /** The lock class name: the name given at construction, or {@code com.acme.Room:42} for an unnamed lock. */
    public String getName() {
        return lockClass.name;
    }

    /**
     * Declares this lock's place among locks of the same name: a thread may hold several locks of one class only
     * when it takes them in increasing key order (e.g. room ids). Without keys, nesting two locks of one class is
     * reported as {@link ReportKind#SAME_CLASS_NESTING}.
     */
    public DeadlockAwareRWLock setOrderKey(long key) {
        orderKey = LockAware.checkOrderKey(key);
        return this;
    }

    /** The declared order key, or {@link LockAware#NO_ORDER_KEY}. */
    public long getOrderKey() {
        return orderKey;
    }

    @Override
    public ReentrantReadWriteLock.ReadLock readLock() {
        return readView != null ? readView : super.readLock();
    }

    @Override
    public ReentrantReadWriteLock.WriteLock writeLock() {
        return writeView != null ? writeView : super.writeLock();
    }

    /** The writer and every reader with hold counts, since when and where each hold began, and who waits. */
    public LockSnapshot snapshot() {
        return Snapshots.of(this, lockClass.name, false, isFair(), List.copyOf(super.getQueuedThreads()));
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

    Collection<Thread> queued() {
        return super.getQueuedThreads();
    }

    Collection<Thread> queuedWriters() {
        return super.getQueuedWriterThreads();
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeUTF(lockClass.name);
        out.writeLong(orderKey);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        init(in.readUTF(), in.readLong());
    }

    /**
     * Base of both gates: the parts they share. A subclass is an inner class of its view, so that its raw methods can
     * call the view's inherited JDK methods ({@code ReadView.super.lock()}).
     */
    private abstract static class SideGate extends Gate {
        SideGate(DeadlockAwareRWLock lock, Side side) {
            super(lock, side);
        }

        final DeadlockAwareRWLock lock() {
            return (DeadlockAwareRWLock) owner;
        }

        @Override
        long orderKey() {
            return lock().orderKey;
        }

        @Override
        Collection<Thread> queuedThreads() {
            return lock().queued();
        }

        @Override
        Collection<Thread> queuedWriters() {
            return lock().queuedWriters();
        }
    }

    private static final class ReadView extends ReentrantReadWriteLock.ReadLock {
        private static final long serialVersionUID = 1L;
        private final DeadlockAwareRWLock lock;
        private final transient ReadGate gate;

        ReadView(DeadlockAwareRWLock lock) {
            super(lock);
            this.lock = lock;
            this.gate = new ReadGate();
        }

        @Override
        public void lock() { // the tracker's steps around the JDK's fast path, see Tracker.locked
            ReadGate g = gate;
            ThreadRecord t = ThreadRecord.current();
            HeldLock again = Tracker.enter(t, g, Tracker.BLOCKING);
            Tracker.locked(t, g, again, again == null && g.tryFast());
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            Tracker.lockInterruptibly(gate);
        }

        @Override
        public boolean tryLock() {
            return Tracker.tryLock(gate);
        }

        @Override
        public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
            return Tracker.tryLock(gate, unit.toNanos(timeout));
        }

        @Override
        public void unlock() {
            ReadGate g = gate;
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
        }

        /** A view serialized on its own comes back as the read view of its (deserialized) lock. */
        private Object readResolve() {
            return lock.readLock();
        }

        private final class ReadGate extends SideGate {
            ReadGate() {
                super(ReadView.this.lock, ReadView.this.lock.lockClass.readSide);
            }

            @Override
            boolean tryFast() {
                // ReadLock.tryLock() barges past a queued writer. A zero-timeout tryLock is instead exactly the first
                // step of ReadLock.lock(): it gives way when a writer is first in the queue (writer preference) and
                // otherwise joins the readers, never queueing. It throws when interrupted, which lock() must not: an
                // interrupted thread takes the slow path, which has each caller's own interrupt rule.
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
                try {
                    return ReadView.super.tryLock(0, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // interrupted just now: keep the flag for the slow path
                    return false;
                } catch (Error e) {
                    // "Maximum lock count exceeded" (65535 read holds): the caller staged an entry for this hold
                    ThreadRecord.current().unstage();
                    throw e;
                }
            }

            @Override
            void rawLock() {
                ReadView.super.lock();
            }

            @Override
            void rawLockInterruptibly() throws InterruptedException {
                ReadView.super.lockInterruptibly();
            }

            @Override
            boolean rawTryLock() {
                return ReadView.super.tryLock();
            }

            @Override
            boolean rawTryLock(long nanos) throws InterruptedException {
                return ReadView.super.tryLock(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private static final class WriteView extends ReentrantReadWriteLock.WriteLock {
        private static final long serialVersionUID = 1L;
        private final DeadlockAwareRWLock lock;
        private final transient WriteGate gate;

        WriteView(DeadlockAwareRWLock lock) {
            super(lock);
            this.lock = lock;
            this.gate = new WriteGate();
        }

        @Override
        public void lock() { // the tracker's steps around the JDK's fast path, see Tracker.locked
            WriteGate g = gate;
            ThreadRecord t = ThreadRecord.current();
            HeldLock again = Tracker.enter(t, g, Tracker.BLOCKING);
            Tracker.locked(t, g, again, again == null && g.tryFast());
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            Tracker.lockInterruptibly(gate);
        }

        @Override
        public boolean tryLock() {
            return Tracker.tryLock(gate);
        }

        @Override
        public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
            return Tracker.tryLock(gate, unit.toNanos(timeout));
        }

        @Override
        public void unlock() {
            WriteGate g = gate;
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
        }

        /** A condition whose {@code await} re-acquisition goes through the same ordering checks as {@link #lock()}. */
        @Override
        public Condition newCondition() {
            return new TrackedCondition(gate, super.newCondition());
        }

        /** A view serialized on its own comes back as the write view of its (deserialized) lock. */
        private Object readResolve() {
            return lock.writeLock();
        }

        private final class WriteGate extends SideGate {
            WriteGate() {
                super(WriteView.this.lock, WriteView.this.lock.lockClass.writeSide);
            }

            @Override
            boolean tryFast() {
                // Nonfair: WriteLock.tryLock() is exactly the JDK's first step of lock(). Fair: never overtake.
                return (!lock.isFair() || !lock.hasQueuedThreads()) && WriteView.super.tryLock();
            }

            @Override
            void rawLock() {
                WriteView.super.lock();
            }

            @Override
            void rawLockInterruptibly() throws InterruptedException {
                WriteView.super.lockInterruptibly();
            }

            @Override
            boolean rawTryLock() {
                return WriteView.super.tryLock();
            }

            @Override
            boolean rawTryLock(long nanos) throws InterruptedException {
                return WriteView.super.tryLock(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }
}
