package io.lockaware.bench;

import java.lang.invoke.MethodHandles;
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
 *   <li>{@code probe}: also keeps the rolling hash of the held chain and, on every nested acquisition, probes a
 *       set of validated chains (a hit, in the steady state): the least a lockdep-style order check can do per
 *       acquisition.
 * </ol>
 *
 * <p>And one that is not a floor: {@code flat}, everything ours does for a nonfair mutex, with ours' data layout
 * as of d94acd2 (entries with class and mode fields, since dropped from ours), written in one class. Beside ours it
 * tells whether ours' cost lies in its structure or in its features.
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
            case "probe":
                return new Probe();
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
    static void push(Rec r, Object lock) {
        int d = r.depth;
        r.version++;
        VarHandle.storeStoreFence();
        r.held[d] = lock;
        r.since[d] = coarseNanos;
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

    /** The designs that keep their stack under the seqlock: each acquires in its own way, all release alike. */
    abstract static class SeqlockStack extends ReentrantLock {
        @Override
        public final void unlock() {
            pop(current());
            super.unlock();
        }
    }

    static final class Seqlock extends SeqlockStack {
        @Override
        public void lock() {
            Rec r = current();
            super.lock();
            push(r, this);
        }
    }

    static final class Probe extends SeqlockStack {
        private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
        /** Validated chain hashes, read as ours reads its chain cache: a volatile table, opaque slots. */
        private static volatile long[] validated = new long[1 << 12];
        private static long created;
        private final long element;
        private final long rootChain;

        Probe() {
            synchronized (Probe.class) {
                element = spread(++created);
            }
            rootChain = mix(0, element);
        }

        @Override
        public void lock() {
            Rec r = current();
            int d = r.depth;
            long key = d == 0 ? rootChain : mix(r.chain[d], element);
            if (d > 0 && !validated(key)) {
                validate(key); // the first time only: a real design checks the order graph here
            }
            r.chain[d + 1] = key; // above the published depth until push: no reader looks there
            super.lock();
            push(r, this);
        }

        static boolean validated(long key) {
            long[] t = validated;
            int mask = t.length - 1;
            for (int i = (int) key & mask; ; i = (i + 1) & mask) {
                long k = (long) SLOT.getOpaque(t, i);
                if (k == key) {
                    return true;
                }
                if (k == 0) {
                    return false;
                }
            }
        }

        /** Single-threaded benchmark: no lock around the insert. */
        static void validate(long key) {
            long[] t = validated;
            int mask = t.length - 1;
            int i = (int) key & mask;
            while ((long) SLOT.getOpaque(t, i) != 0) {
                i = (i + 1) & mask;
            }
            SLOT.setRelease(t, i, key);
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
     * Everything ours does for an uncontended nonfair mutex, written flat in one class with ours' data layout as
     * measured in the README (d94acd2): entries as objects (lock, class, mode, count, start, site, sample start),
     * chain-hash and class-filter arrays, the site-policy and stack-growth checks, re-entry found through the class
     * filter and counted, the order check's probe of the same chain table as {@code probe}, the entry staged before
     * the fairness check and CAS and published after, the listener flag read on both sides, and on release the hold
     * searched from the top. What it measures beside ours is the cost of ours' structure (gates, sides, the tracker's
     * layers) rather than of its features. (A release out of order, which ours handles, throws here; it is not
     * measured.)
     */
    static final class Flat extends ReentrantLock {
        static final class Entry {
            Object lock;
            Object cls;
            Object mode;
            int count;
            long since;
            Object site;
            long sampleStart;
        }

        /** Stands in for ours' flag "statistics or event listeners registered": a volatile read on each side. */
        static volatile boolean listeners;
        private static final Object MODE = new Object();
        private static long created;
        private final Object cls = new Object();
        private final boolean tracked = true;
        private final long element;
        private final long rootChain;
        private final long bit;

        Flat() {
            synchronized (Flat.class) {
                created++;
                element = Probe.spread(created);
                bit = 1L << (created & 63);
            }
            rootChain = Probe.mix(0, element);
        }

        @Override
        public void lock() {
            Rec r = current();
            int d = r.depth;
            if (d > 0) {
                if ((r.mask[d] & bit) != 0 && reenter(r, d)) {
                    return;
                }
                if (tracked) {
                    long key = Probe.mix(r.chain[d], element);
                    if (!Probe.validated(key)) {
                        Probe.validate(key);
                    }
                }
            }
            Entry[] h = r.entries; // stage
            if (d == h.length) {
                throw new IllegalStateException("a real design grows the stack here");
            }
            Entry e = h[d];
            if (e.cls != cls) {
                e.cls = cls; // a real design would check the site policy here
            }
            if (e.mode != MODE) {
                e.mode = MODE;
            }
            e.lock = this;
            e.count = 1;
            e.since = coarseNanos;
            if (e.site != null) {
                e.site = null;
            }
            e.sampleStart = 0;
            r.chain[d + 1] = d == 0 ? rootChain : tracked ? Probe.mix(r.chain[d], element) : r.chain[d];
            r.mask[d + 1] = r.mask[d] | bit;
            if (!((!isFair() || !hasQueuedThreads()) && super.tryLock())) {
                super.lock(); // a real design times the wait here
            }
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
                    if (listeners) {
                        throw new AssertionError();
                    }
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
