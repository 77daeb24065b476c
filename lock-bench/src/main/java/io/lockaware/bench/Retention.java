package io.lockaware.bench;

import io.lockaware.LockAware;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Heap after a million locks are created, used and dropped: for each implementation, the used heap after a full GC
 * (1) before, (2) while a million locks are alive, each taken once and nested in pairs (which teaches ours an order
 * edge and fills the thread's held stack), and (3) after they are dropped. Retained = (3) - (1), which should be
 * about zero; as a second, exact check, weak references to every 1000th lock must all be cleared.
 *
 * <p>Each run prints its time too: creating and using a million locks is itself a small benchmark of the cold path.
 *
 * <p>Prints CSV: {@code kind,impl,enabled,live_bytes_per_lock,retained_bytes,uncleared_weak_refs}.
 */
public final class Retention {
    private static final int LOCKS = 1_000_000;

    private Retention() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("kind,impl,enabled,live_bytes_per_lock,retained_bytes,uncleared_weak_refs,millis");
        // Guava is left out: a million of its locks need about 2 GB (see Footprint), and each new edge keeps a stack.
        Impl[] impls = {Impl.jdk, Impl.aware};
        for (String kind : new String[] {"mutex", "rw"}) {
            for (Impl impl : impls) {
                run(kind, impl, true); // warm-up: loads classes, creates this thread's records, lock classes
                run(kind, impl, false);
            }
        }
    }

    private static void run(String kind, Impl impl, boolean quiet) throws InterruptedException {
        long before = usedAfterGc();
        long start = System.nanoTime();
        Object[] locks = new Object[LOCKS];
        List<WeakReference<Object>> sample = new ArrayList<>();
        for (int i = 0; i < LOCKS; i++) {
            String name = "retention." + kind + (i % 2 == 0 ? ".outer" : ".inner");
            locks[i] = kind.equals("mutex") ? impl.mutex(name) : impl.readWrite(name);
            if (i % 1000 == 0) {
                sample.add(new WeakReference<>(locks[i]));
            }
        }
        for (int i = 0; i + 1 < LOCKS; i += 2) {
            Lock outer = lockOf(locks[i], true);
            Lock inner = lockOf(locks[i + 1], false);
            outer.lock();
            inner.lock();
            inner.unlock();
            outer.unlock();
            lockOf(locks[i], false).lock();
            lockOf(locks[i], false).unlock();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long live = usedAfterGc();
        java.lang.ref.Reference.reachabilityFence(locks);
        locks = null;
        System.gc();
        int uncleared = 0;
        for (WeakReference<Object> w : sample) {
            if (w.get() != null) {
                uncleared++;
            }
        }
        sample = null;
        long after = usedAfterGc();
        if (!quiet) {
            System.out.println(kind + "," + impl + "," + LockAware.isEnabled() + "," + (live - before) / LOCKS + ","
                    + (after - before) + "," + uncleared + "," + millis);
        }
    }

    /** The read (shared) or write side of a read/write lock, or the mutex itself. */
    private static Lock lockOf(Object o, boolean read) {
        if (o instanceof ReadWriteLock) {
            return read ? ((ReadWriteLock) o).readLock() : ((ReadWriteLock) o).writeLock();
        }
        return (Lock) o;
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
