package io.lockaware;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock class: every lock constructed with the same name (or at the same place in the code) shares one node of the
 * order graph, as in lockdep. An inversion between two rooms' locks is then found although no single pair of
 * instances ever inverted.
 *
 * <p>The number of classes is capped ({@code lockaware.maxLockClasses}). Past the cap, locks with new names still
 * work and still record their holders, but take no part in order checking; one ERROR line says so.
 */
final class LockClass {
    private static final Logger LOG = LoggerFactory.getLogger("io.lockaware.LockClass");
    private static final ConcurrentHashMap<String, LockClass> BY_NAME = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_ID = new AtomicInteger(1);
    private static final AtomicBoolean CAP_LOGGED = new AtomicBoolean();

    final String name;
    /** Small dense id, used in chain hashes; 0 for untracked classes. */
    final int id;
    /** One bit of a per-thread 64-bit filter of held classes: a cheap "might this class already be held?" test. */
    final long bit;
    /** False past the class cap: such a lock is not checked for ordering. */
    final boolean tracked;

    /** Per-kind policy overrides for this class; null entries fall back to the global policy. */
    volatile Policy[] policies;

    // Order-graph state, guarded by OrderGraph.LOCK.
    OrderGraph.Edge[] out = OrderGraph.NO_EDGES;
    int outCount;
    int mark;
    int targetMark;
    OrderGraph.Edge via;

    /** The three ways to hold a lock of this class, shared by all its locks. */
    final Side mutexSide;
    final Side readSide;
    final Side writeSide;

    private LockClass(String name, int id, boolean tracked) {
        this.name = name;
        this.id = id;
        this.bit = 1L << (id & 63);
        this.tracked = tracked;
        this.mutexSide = new Side(this, LockMode.WRITE, true);
        this.readSide = new Side(this, LockMode.READ, false);
        this.writeSide = new Side(this, LockMode.WRITE, false);
    }

    static LockClass named(String name) {
        LockClass c = BY_NAME.get(name);
        if (c != null) {
            return c;
        }
        if (BY_NAME.size() >= Config.MAX_LOCK_CLASSES) {
            if (CAP_LOGGED.compareAndSet(false, true)) {
                LOG.error("lockaware: {} lock classes (distinct lock names) reached, the lockaware.maxLockClasses cap; "
                        + "locks with new names, starting with \"{}\", are no longer checked for lock ordering. "
                        + "Names should identify a role (\"room.members\"), not an instance (\"room-4711\").",
                        Config.MAX_LOCK_CLASSES, name);
            }
            return new LockClass(name, 0, false);
        }
        return BY_NAME.computeIfAbsent(name, n -> new LockClass(n, NEXT_ID.getAndIncrement(), true));
    }

    static void resetPolicies() {
        for (LockClass c : BY_NAME.values()) {
            c.policies = null;
        }
    }

    static java.util.Collection<LockClass> all() {
        return BY_NAME.values();
    }

    static int count() {
        return BY_NAME.size();
    }

    @Override
    public String toString() {
        return name;
    }
}
