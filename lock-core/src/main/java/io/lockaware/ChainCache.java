package io.lockaware;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of validated lock chains (lockdep's chain cache): 64-bit hashes of "these lock classes held in these modes,
 * now this class requested in this mode". Readers probe it lock-free on every nested acquisition; only the slow path
 * adds to it, under {@link OrderGraph#LOCK}, so there is a single writer and a resize is a plain copy published
 * through a volatile field.
 */
final class ChainCache {
    private static final Logger LOG = LoggerFactory.getLogger("io.lockaware.ChainCache");
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final AtomicBoolean CAP_LOGGED = new AtomicBoolean();

    private static volatile long[] table = new long[1 << 10];
    private static int size; // guarded by OrderGraph.LOCK

    private ChainCache() {
    }

    static boolean contains(long key) {
        long[] t = table;
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

    /** Caller holds {@link OrderGraph#LOCK}. */
    static void add(long key) {
        if (size >= Config.MAX_CACHED_CHAINS) {
            if (CAP_LOGGED.compareAndSet(false, true)) {
                LOG.error("lockaware: {} validated lock chains cached, the lockaware.maxCachedChains cap; new chains are "
                        + "still checked, but each check now takes the order-graph lock", size);
            }
            return;
        }
        long[] t = table;
        if ((size + 1) * 2 > t.length) {
            long[] bigger = new long[t.length * 2];
            for (long k : t) {
                if (k != 0) {
                    insert(bigger, k);
                }
            }
            insert(bigger, key);
            table = bigger;
        } else {
            insert(t, key);
        }
        size++;
    }

    private static void insert(long[] t, long key) {
        int mask = t.length - 1;
        for (int i = (int) key & mask; ; i = (i + 1) & mask) {
            long k = (long) SLOT.getOpaque(t, i);
            if (k == key) {
                return;
            }
            if (k == 0) {
                SLOT.setRelease(t, i, key);
                return;
            }
        }
    }

    /** Caller holds {@link OrderGraph#LOCK}. */
    static void clear() {
        table = new long[1 << 10];
        size = 0;
    }

    /**
     * One step of the rolling chain hash: (chain, next element) to the hash of the longer chain. One multiply, because
     * it runs on every nested acquisition; the quality comes from the elements, which are {@link #element well-mixed
     * 64-bit values}, so two different chains collide only by a 2^-64 accident. Each step is a bijection of the chain
     * for a fixed element (xor, odd multiply, xorshift), the xorshift brings high bits down for the table index; never 0
     * (0 marks a free slot).
     */
    static long mix(long chain, long element) {
        long z = (chain ^ element) * 0x9E3779B97F4A7C15L;
        z ^= z >>> 32;
        return z == 0 ? 1 : z;
    }

    /** splitmix64's finalizer: spreads a small code (class id, mode, acquisition kind) over all 64 bits, once. */
    static long element(long code) {
        long z = code * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
