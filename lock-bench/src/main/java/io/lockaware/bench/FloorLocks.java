package io.lockaware.bench;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stripped-down instrumented mutexes for {@link DesignFloor}: each adds one layer of the bookkeeping that any
 * per-thread held-stack design (lockdep's, Guava's, ours) must do, and nothing else. They are lower bounds, not
 * products: no re-entry count, modes, out-of-order release, acquisition sites, listeners, statistics, fairness or
 * stack growth, and unlocking a lock out of order or not held breaks them.
 *
 * <ol>
 *   <li>{@code lookup}: finds the thread's record on both sides (the direct-mapped cache by thread id that ours
 *       uses), and does nothing with it;
 *   <li>{@code stack}: also pushes the lock on the record's held stack after acquiring, pops it before releasing;
 *   <li>{@code seqlock}: also brackets each change with a seqlock's two version bumps, so that a watchdog can copy
 *       the stack consistently, and stamps the hold's start from a coarse clock, so that it can tell a long hold;
 *   <li>{@code lockdep}: also keeps the rolling hash of the held chain and, on every nested acquisition, probes a
 *       set of validated chains (a hit, in the steady state): the least an order check can do per acquisition.
 * </ol>
 *
 * <p>And one that is not a floor: {@code flat}, everything ours does for a nonfair mutex, with ours' data layout,
 * written in one class. Beside ours it tells whether ours' cost lies in its structure or in its features.
 */
final class FloorLocks {
    private FloorLocks() {
    }

    static Lock create(String design) {
        switch (design) {
            case "lookup":
                return new Lookup();
            case "stack":
                return new Stack();
            case "seqlock":
                return new Seqlock();
            case "lockdep":
                return new Lockdep();
            case "flat":
                return new Flat();
            default:
                throw new IllegalArgumentException("no floor design " + design);
        }
    }

    /** The record every design looks up, written by its own thread only; {@code flat} uses entry objects instead. */
    static final class Rec {
        final Thread thread;
        final Object[] held = new Object[64];
        final long[] since = new long[64];
        final long[] chain = new long[65];
        final long[] mask = new long[65];
        final Flat.Entry[] entries = new Flat.Entry[64];
        int depth;
        int version;

        Rec(Thread thread) {
            this.thread = thread;
            for (int i = 0; i < entries.length; i++) {
                entries[i] = new Flat.Entry();
            }
        }
    }

    private static final Rec[] BY_ID = new Rec[4096];
    private static final ThreadLocal<Rec> RECORD = ThreadLocal.withInitial(() -> new Rec(Thread.currentThread()));
    /** Stands in for a coarse clock: a volatile read, as ours pays. */
    static volatile long coarseNanos = System.nanoTime();

    static Rec current() {
        Thread me = Thread.currentThread();
        int slot = (int) me.getId() & (BY_ID.length - 1);
        Rec r = BY_ID[slot];
        if (r != null && r.thread == me) {
            return r;
        }
        r = RECORD.get();
        BY_ID[slot] = r;
        return r;
    }

    static final class Lookup extends ReentrantLock {
        @Override
        public void lock() {
            Rec r = current();
            super.lock();
            if (r.depth < 0) { // keeps the lookup alive; never true
                throw new AssertionError();
            }
        }

        @Override
        public void unlock() {
            Rec r = current();
            if (r.depth < 0) {
                throw new AssertionError();
            }
            super.unlock();
        }
    }

    static final class Stack extends ReentrantLock {
        @Override
        public void lock() {
            Rec r = current();
            super.lock();
            int d = r.depth;
            r.held[d] = this;
            r.depth = d + 1;
        }

        @Override
        public void unlock() {
            Rec r = current();
            int d = r.depth - 1;
            r.depth = d;
            r.held[d] = null;
            super.unlock();
        }
    }

    /**
     * Push and pop with a seqlock around each change, fenced as ours is: the fences emit no instruction on x86 but
     * keep the compiler from merging the two version bumps or moving the entry's stores outside them.
     */
    static void push(Rec r, Object lock, long chainKey) {
        int d = r.depth;
        r.version++;
        VarHandle.storeStoreFence();
        r.held[d] = lock;
        r.since[d] = coarseNanos;
        r.chain[d + 1] = chainKey;
        r.depth = d + 1;
        VarHandle.releaseFence();
        r.version++;
    }

    static void pop(Rec r) {
        int d = r.depth - 1;
        r.version++;
        VarHandle.storeStoreFence();
        r.depth = d;
        r.held[d] = null;
        VarHandle.releaseFence();
        r.version++;
    }

    static final class Seqlock extends ReentrantLock {
        @Override
        public void lock() {
            Rec r = current();
            super.lock();
            push(r, this, 0);
        }

        @Override
        public void unlock() {
            pop(current());
            super.unlock();
        }
    }

    static final class Lockdep extends ReentrantLock {
        /** Validated chain hashes, open addressing; the benchmark's chains all fit, so a probe always hits. */
        private static final long[] VALIDATED = new long[1 << 12];
        private static long created;
        private final long element;

        Lockdep() {
            synchronized (Lockdep.class) {
                element = spread(++created);
            }
        }

        @Override
        public void lock() {
            Rec r = current();
            int d = r.depth;
            long key = mix(r.chain[d], element);
            if (d > 0 && !probe(key, false)) {
                probe(key, true); // the first time only: a real design checks the order graph here
            }
            super.lock();
            push(r, this, key);
        }

        @Override
        public void unlock() {
            pop(current());
            super.unlock();
        }

        static boolean probe(long key, boolean add) {
            long[] t = VALIDATED;
            int mask = t.length - 1;
            for (int i = (int) key & mask; ; i = (i + 1) & mask) {
                long k = t[i];
                if (k == key) {
                    return true;
                }
                if (k == 0) {
                    if (add) {
                        t[i] = key;
                    }
                    return false;
                }
            }
        }

        static long mix(long chain, long element) {
            long z = (chain ^ element) * 0x9E3779B97F4A7C15L;
            z ^= z >>> 32;
            return z == 0 ? 1 : z;
        }

        static long spread(long n) {
            long z = n * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            return z ^ (z >>> 31);
        }
    }

    /**
     * Everything ours does for an uncontended nonfair mutex, written flat in one class with ours' data layout: entries
     * as objects (lock, class, count, start, site, sample start), chain-hash and class-filter arrays, re-entry found
     * through the filter, the entry staged before the CAS and published after, a listener flag read on both sides,
     * release from any position. What it measures beside ours is the cost of ours' structure (gates, sides,
     * the tracker's layers) rather than of its features.
     */
    static final class Flat extends ReentrantLock {
        static final class Entry {
            Object lock;
            Object cls;
            int count;
            long since;
            Object site;
            long sampleStart;
        }

        /** Stands in for ours' flag "statistics or event listeners registered": a volatile read on each side. */
        static volatile boolean listeners;
        private static long created;
        private final Object cls = new Object();
        private final long element;
        private final long bit;

        Flat() {
            synchronized (Flat.class) {
                created++;
                element = Lockdep.spread(created);
                bit = 1L << (created & 63);
            }
        }

        @Override
        public void lock() {
            Rec r = current();
            int d = r.depth;
            if (d > 0) {
                if ((r.mask[d] & bit) != 0 && reenter(r, d)) {
                    return;
                }
                long key = Lockdep.mix(r.chain[d], element);
                if (!Lockdep.probe(key, false)) {
                    Lockdep.probe(key, true);
                }
            }
            Entry e = r.entries[d]; // stage
            if (e.cls != cls) {
                e.cls = cls; // a real design would check the site policy here
            }
            e.lock = this;
            e.count = 1;
            e.since = coarseNanos;
            e.sampleStart = 0;
            r.chain[d + 1] = d == 0 ? element : Lockdep.mix(r.chain[d], element);
            r.mask[d + 1] = r.mask[d] | bit;
            super.lock();
            r.version++; // publish
            VarHandle.storeStoreFence();
            r.depth = d + 1;
            VarHandle.releaseFence();
            r.version++;
            if (listeners) {
                throw new AssertionError();
            }
        }

        private boolean reenter(Rec r, int d) {
            for (int i = d - 1; i >= 0; i--) {
                if (r.entries[i].lock == this) {
                    super.lock();
                    r.entries[i].count++;
                    return true;
                }
            }
            return false;
        }

        @Override
        public void unlock() {
            Rec r = current();
            Entry[] h = r.entries;
            int i = r.depth - 1;
            while (i >= 0 && h[i].lock != this) {
                i--;
            }
            if (i >= 0) {
                Entry e = h[i];
                if (listeners) {
                    throw new AssertionError();
                }
                if (e.count == 1) {
                    int d = r.depth;
                    if (i != d - 1) {
                        throw new UnsupportedOperationException("out of order: not measured");
                    }
                    r.version++;
                    VarHandle.storeStoreFence();
                    r.depth = d - 1;
                    e.lock = null;
                    if (e.site != null) {
                        e.site = null;
                    }
                    VarHandle.releaseFence();
                    r.version++;
                } else {
                    e.count--;
                }
            }
            super.unlock();
        }
    }
}
