package io.lockaware.bench;

import io.lockaware.LockAware;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Memory per lock instance, measured with JOL. For each implementation, after one lock/unlock (so lazily created
 * state is included):
 * <ul>
 *   <li>{@code instance}: {@code GraphLayout.parseInstance(lock).totalSize()}, everything reachable from one lock,
 *       which for ours includes the lock class node and its name, shared by every lock of that name;
 *   <li>{@code per_lock}: what each further lock of an existing name adds, {@code (size(n locks) - size(1 lock)) /
 *       (n - 1)} over {@value #N} locks of one name: objects shared between them are counted once.
 * </ul>
 * Prints CSV: {@code kind,impl,enabled,instance_bytes,per_lock_bytes}. Run once normally and once with
 * {@code -Dlockaware.enabled=false}.
 */
public final class Footprint {
    private static final int N = 101;

    private Footprint() {
    }

    public static void main(String[] args) {
        System.err.println(VM.current().details());
        System.out.println("kind,impl,enabled,instance_bytes,per_lock_bytes");
        Impl[] impls = LockAware.isEnabled() ? new Impl[] {Impl.jdk, Impl.aware, Impl.guava}
                                             : new Impl[] {Impl.jdk, Impl.aware};
        for (Impl impl : impls) {
            row("mutex", impl, i -> {
                Lock l = impl.mutex("footprint.mutex");
                l.lock();
                l.unlock();
                return l;
            });
            row("rw", impl, i -> {
                ReadWriteLock l = impl.readWrite("footprint.rw");
                l.readLock().lock();
                l.readLock().unlock();
                l.writeLock().lock();
                l.writeLock().unlock();
                return l;
            });
        }
    }

    private interface Factory {
        Object make(int i);
    }

    private static void row(String kind, Impl impl, Factory f) {
        List<Object> locks = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            locks.add(f.make(i));
        }
        long one = GraphLayout.parseInstance(locks.get(0)).totalSize();
        long all = GraphLayout.parseInstance(locks.toArray()).totalSize();
        long perLock = (all - one) / (N - 1);
        System.out.println(kind + "," + impl + "," + LockAware.isEnabled() + "," + one + "," + perLock);
    }
}
