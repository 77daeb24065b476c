package io.lockaware;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one thread holds and waits for: its held-lock stack (lockdep's held_locks), a rolling hash of that stack for
 * the chain cache, and its current wait. Written only by its own thread, without any fence costlier than a release
 * store; read by the watchdog and by snapshots, which tolerate and re-check a racy view.
 *
 * <p>Records of all threads that ever took a tracked lock are registered in {@link #ALL}. Records of dead threads
 * that hold nothing are swept away as new threads register (amortised, no timer); a dead thread's record that still
 * holds a lock stays, because that is a leaked lock and the watchdog reports it.
 */
final class ThreadRecord {
    static final Set<ThreadRecord> ALL = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger REGISTERED_SINCE_SWEEP = new AtomicInteger();
    /**
     * Records kept by the last sweep. The next sweep comes after max(256, this) registrations: amortised O(1) per
     * registration. (Comparing with the current size instead never fires again once a sweep keeps a record: size and
     * counter then grow in step.)
     */
    private static volatile int keptBySweep;
    private static final ThreadLocal<ThreadRecord> CURRENT = ThreadLocal.withInitial(ThreadRecord::register);
    private static final VarHandle DEPTH;
    private static final VarHandle WAITING_FOR;
    private static final VarHandle WAIT_START;
    private static final VarHandle VERSION;
    /** Readers retry this often for a clean copy of the held stack before settling for a de-duplicated one. */
    private static final int COPY_ATTEMPTS = 1_000;
    /** The default site policy: capture a class's first acquisition per thread only (no sampling). */
    private static final boolean FIRST_ONLY = Config.SITES.equals("first") && Config.SITES_SAMPLE_EVERY == 0;

    static {
        try {
            DEPTH = MethodHandles.lookup().findVarHandle(ThreadRecord.class, "depth", int.class);
            VERSION = MethodHandles.lookup().findVarHandle(ThreadRecord.class, "version", int.class);
            WAITING_FOR = MethodHandles.lookup().findVarHandle(ThreadRecord.class, "waitingFor", Gate.class);
            WAIT_START = MethodHandles.lookup().findVarHandle(ThreadRecord.class, "waitStartNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    HeldLock[] held = newEntries(8, 0);
    /** chain[d]: rolling hash of held[0..d-1] (class, mode); chain[0] = 0. */
    long[] chain = new long[9];
    /** mask[d]: OR of the class bits of held[0..d-1]. */
    long[] mask = new long[9];
    /**
     * {@link Side#code} of the side whose hashes chain[1] and mask[1] hold (-1: none yet). An outermost acquisition of
     * that side skips their two stores: most threads keep taking the same lock with nothing else held.
     */
    private int rootCode = -1;
    /**
     * Number of holds on the stack. Written by the owner thread only (plain reads there); other threads read it
     * through {@link #depth()}. Like {@link #version}, a plain field written with plain stores and fences, so that the
     * hot path depends on no VarHandle instance call being inlined (they are only cheap when the JIT inlines them).
     */
    int depth;
    /**
     * Seqlock over the held stack: odd while this thread changes it. Other threads copy the stack between two reads
     * of the same even value, so a snapshot never shows a hold twice or half-written (jcstress SnapshotDuringRelease).
     * Besides re-entry counts, one change is made outside it: {@link Tracker#hide} clears a released hold's lock side,
     * a single store that copies see either way round, as the hold still there or as a free entry they skip.
     * Costs this thread two plain stores per push or release on x86 (the fences are compiler-only there).
     */
    private int version;

    /** The lock this thread is blocked on right now (set on the slow path only), its mode, and since when. */
    volatile Gate waitingFor;
    volatile long waitStartNanos;
    /** Set by the watchdog when it chose this thread's wait to break a deadlock (recovery on). */
    volatile LockReport abort;

    /** Classes this thread has taken at least once (bit per class id): their first site was captured. */
    private long[] seenClasses = new long[2];
    /** First acquisition site per class id, for reports about holds whose own site was not captured. */
    private StackTraceElement[][] firstSites = new StackTraceElement[128][];
    private int sampleCountdown = Config.SITES_SAMPLE_EVERY;
    int holdSampleCountdown = 1;
    /** xorshift state for the gaps between timed holds, see {@link Observers#HOLD_SAMPLE_EVERY}; never 0. */
    private long sampleRandom;
    /** Per-thread statistics counters, see {@link Observers#slot}; written only by this thread. */
    private long[] counters = new long[0];

    private ThreadRecord(Thread thread) {
        this.thread = thread;
        this.sampleRandom = ChainCache.element(thread.getId()) | 1;
    }

    /** Owner thread only: a gap between timed holds, uniform in [1, 2 * mean - 1] (mean 1: every hold). */
    int nextSampleGap(int mean) {
        long x = sampleRandom;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        sampleRandom = x;
        return 1 + (int) ((x >>> 1) % (2L * mean - 1));
    }

    /**
     * A direct-mapped cache in front of the ThreadLocal, indexed by thread id and validated by identity. A hit is
     * three dependent loads instead of the ThreadLocal's six (map, table, entry, referent, value), on every
     * acquisition and every release. A miss (first use, or two live threads whose ids collide) falls back to the
     * ThreadLocal and takes the slot. A dead thread's record leaves its slot when the record is swept, so the cache
     * keeps no thread alive for longer than the registry {@link #ALL} does.
     */
    private static final ThreadRecord[] BY_ID = new ThreadRecord[4096];

    static ThreadRecord current() {
        Thread me = Thread.currentThread();
        int slot = (int) me.getId() & (BY_ID.length - 1);
        ThreadRecord r = BY_ID[slot];
        return r != null && r.thread == me ? r : miss(slot);
    }

    private static ThreadRecord miss(int slot) {
        ThreadRecord r = CURRENT.get();
        BY_ID[slot] = r;
        return r;
    }

    /** For tests: whether the cache holds this thread's record. */
    static boolean cached(Thread t) {
        ThreadRecord r = BY_ID[(int) t.getId() & (BY_ID.length - 1)];
        return r != null && r.thread == t;
    }

    /** Threads whose ids share a slot of the cache (ids this far apart). */
    static int cacheSlots() {
        return BY_ID.length;
    }

    /** A swept record leaves the cache (a racing install by a live thread may be undone: it just misses once more). */
    private static void uncache(ThreadRecord r) {
        int slot = (int) r.thread.getId() & (BY_ID.length - 1);
        if (BY_ID[slot] == r) {
            BY_ID[slot] = null;
        }
    }

    private static ThreadRecord register() {
        ThreadRecord r = new ThreadRecord(Thread.currentThread());
        if (REGISTERED_SINCE_SWEEP.incrementAndGet() > Math.max(256, keptBySweep)) {
            REGISTERED_SINCE_SWEEP.set(0);
            synchronized (Observers.class) { // counts move to Observers before the record goes: sums never drop
                ALL.removeIf(x -> {
                    if (x.thread.isAlive() || x.depth() != 0) {
                        return false;
                    }
                    Observers.retire(x);
                    uncache(x);
                    return true;
                });
                keptBySweep = ALL.size();
            }
        }
        ALL.add(r);
        Daemon.ensureStarted();
        return r;
    }

    static void forgetTerminated() {
        synchronized (Observers.class) {
            ALL.removeIf(x -> {
                if (x.thread.getState() != Thread.State.TERMINATED) {
                    return false;
                }
                Observers.retire(x);
                uncache(x);
                return true;
            });
        }
    }

    private static HeldLock[] newEntries(int n, int from) {
        HeldLock[] a = new HeldLock[n];
        for (int i = from; i < n; i++) {
            a[i] = new HeldLock();
        }
        return a;
    }

    /** Any thread: the depth of the held stack; the owner thread reads {@link #depth} directly. */
    int depth() {
        return (int) DEPTH.getAcquire(this);
    }

    /**
     * Owner thread only: the entry of this gate's lock in this mode, searching from the top, or -1. A gate is one
     * (lock, mode) pair (the mutex's gate, or a read/write lock's read or write view), so gate identity is the test.
     */
    int find(Gate g) {
        HeldLock[] h = held;
        for (int i = depth - 1; i >= 0; i--) {
            if (h[i].gate == g) {
                return i;
            }
        }
        return -1;
    }

    private void beginChange() {
        version++;
        VarHandle.storeStoreFence(); // the odd version is visible before any entry changes
    }

    private void endChange() {
        VarHandle.releaseFence(); // every entry change is visible before the even version
        version++;
    }

    /**
     * Owner thread only: fills the free entry above the top of the stack for a hold of {@code g} that is about to be
     * acquired, without making it visible: {@link #publish} does that once the JDK lock is held. Splitting the push
     * keeps the critical section short under contention: of the push, only the depth store and the seqlock's two
     * version bumps run after the JDK's CAS. Readers never look above the depth they copied under an even version, so
     * a staged entry is invisible to them (except in the de-duplicated fallback copy of {@link #heldMatching}, taken
     * only after a thousand torn attempts, which may show a hold being staged or released). Nothing may run between
     * a stage and its publish or {@link #unstage} that could take a tracked lock on this thread (listeners run after).
     * The common case, a free entry that was last checked for this same class (so, under the default policy, no site
     * to capture), is a handful of stores; the rest is out of line in {@link #prepare}, so that the JIT inlines this
     * whole into the lock methods.
     */
    void stage(Gate g) {
        int d = depth;
        HeldLock[] h = held;
        if (!FIRST_ONLY || d == h.length || h[d].lastClassId != g.side.cls.id) {
            prepare(g.side.cls, d);
        }
        fill(g);
    }

    /** Owner thread only: the staged entry becomes the top hold (the JDK lock is held now). */
    void publish() {
        beginChange();
        depth++;
        endChange();
    }

    /** Owner thread only: the acquisition failed or threw; the staged entry must not keep the lock reachable. */
    void unstage() {
        held[depth].clear();
    }

    /**
     * Grows the stack if it is full and stores the acquisition site in the free entry, if the site policy asks for
     * one (a free entry's site is null), and the class in it for the next push's check. Out of line, so that the one
     * reference store on the common path is the lock.
     */
    private void prepare(LockClass c, int d) {
        if (d == held.length) {
            grow();
        }
        // Outside the change: a capture takes microseconds.
        StackTraceElement[] site = siteFor(c);
        if (site != null) {
            held[d].site = site;
        }
        held[d].lastClassId = c.id; // c's first site is captured now: a later push of c here may skip this call
    }

    /**
     * Fills the free entry above the top of the stack and the hashes of the stack it would make (for a stack of one
     * hold they may already be there, see {@link #rootCode}).
     */
    private HeldLock fill(Gate g) {
        int d = depth;
        Side s = g.side;
        HeldLock e = held[d];
        e.set(g);
        if (d > 0) {
            extend(d, s);
        } else if (s.code != rootCode) {
            root(s);
        }
        return e;
    }

    /** The hashes of the stack held[0..d] from those of held[0..d-1], held[d] being of side {@code s}. */
    private void extend(int d, Side s) {
        chain[d + 1] = s.cls.tracked ? ChainCache.mix(chain[d], s.element) : chain[d];
        mask[d + 1] = mask[d] | s.cls.bit;
    }

    /** The hashes of a stack holding only {@code s}; kept while the outermost holds are of the same side. */
    private void root(Side s) {
        chain[1] = s.rootChain;
        mask[1] = s.cls.bit;
        rootCode = s.code;
    }

    /** Owner thread only: forgets the hold at index i (released in any order), keeping the hashes consistent. */
    void remove(int i) {
        beginChange();
        int d = depth;
        HeldLock gone = held[i];
        if (i < d - 1) {
            shiftDown(i, d);
        }
        depth = d - 1;
        gone.clear();
        endChange();
    }

    /** Released out of order: moves the entries above i down one place and recomputes their hashes. */
    private void shiftDown(int i, int d) {
        HeldLock gone = held[i];
        for (int j = i; j < d - 1; j++) {
            held[j] = held[j + 1];
            extend(j, held[j].gate.side);
        }
        if (i == 0) {
            rootCode = held[0].gate.side.code;
        }
        held[d - 1] = gone;
    }

    /**
     * Owner thread only: re-inserts a hold set aside for a Condition.await, with its count and site; with
     * {@code keepSince} also its start and hold-time sample (an await refused before anything was released: the
     * hold goes on), else it starts now, untimed.
     */
    void pushSaved(HeldLock saved, boolean keepSince) {
        if (depth == held.length) {
            grow();
        }
        HeldLock top = fill(saved.gate);
        top.site = saved.site;
        top.count = saved.count;
        if (keepSince) {
            top.since = saved.since;
            top.sampleStart = saved.sampleStart;
        }
        publish();
    }

    private void grow() {
        int n = held.length * 2;
        HeldLock[] h = Arrays.copyOf(held, n);
        for (int i = held.length; i < n; i++) {
            h[i] = new HeldLock();
        }
        held = h;
        chain = Arrays.copyOf(chain, n + 1);
        mask = Arrays.copyOf(mask, n + 1);
    }

    /**
     * Site policy: first acquisition of a class by this thread, every Nth acquisition, or always. The common case,
     * the default policy and a class this thread has taken before, is answered here in a few instructions; the rest is
     * in {@link #siteSlow}, kept out of line so that the hot path stays small enough for the JIT to inline it whole.
     */
    private StackTraceElement[] siteFor(LockClass c) {
        if (FIRST_ONLY) {
            int word = c.id >>> 6;
            long[] seen = seenClasses;
            if (word < seen.length && (seen[word] & (1L << c.id)) != 0) {
                return null;
            }
        }
        return siteSlow(c);
    }

    private StackTraceElement[] siteSlow(LockClass c) {
        switch (Config.SITES) {
            case "always":
                return Sites.capture();
            case "none":
                return null;
            default:
                int id = c.id;
                if (id >>> 6 >= seenClasses.length) {
                    seenClasses = Arrays.copyOf(seenClasses, Math.max(seenClasses.length * 2, (id >>> 6) + 1));
                }
                if ((seenClasses[id >>> 6] & (1L << id)) == 0) {
                    seenClasses[id >>> 6] |= 1L << id;
                    StackTraceElement[] s = Sites.capture();
                    if (c.tracked) {
                        if (id >= firstSites.length) {
                            firstSites = Arrays.copyOf(firstSites, Math.max(firstSites.length * 2, id + 1));
                        }
                        firstSites[id] = s;
                    }
                    return s;
                }
                if (Config.SITES_SAMPLE_EVERY > 0 && --sampleCountdown <= 0) {
                    sampleCountdown = Config.SITES_SAMPLE_EVERY;
                    return Sites.capture();
                }
                return null;
        }
    }

    /** Any thread: where this thread first took a lock of this class, or null. */
    StackTraceElement[] firstSite(LockClass c) {
        StackTraceElement[][] f = firstSites;
        return c.tracked && c.id < f.length ? f[c.id] : null;
    }

    /**
     * Publishes that this thread is about to wait for {@code g}, and since when. The start is exact (the watchdog
     * orders waiters by it: a reader that queued after a writer waits behind it), so this is the one
     * {@code System.nanoTime()} call of a contended acquisition (two with statistics on, see {@link #endWait}). The
     * fields are written with release stores: the watchdog and snapshots read them racily and confirm, so no
     * store-load fence is paid here.
     */
    long beginWait(Gate g) {
        if (abort != null) {
            abort = null;
        }
        long start = System.nanoTime();
        WAIT_START.setRelease(this, start);
        WAITING_FOR.setRelease(this, g);
        return start;
    }

    /**
     * Ends a wait begun by {@link #beginWait} and returns its length when statistics or event listeners are on;
     * otherwise nothing needs the length, so the clock is not read again and 0 is returned. The caller hands the
     * length to the listeners once its held stack is consistent again.
     */
    long endWait(long start) {
        WAITING_FOR.setRelease(this, (Gate) null);
        return Observers.on ? System.nanoTime() - start : 0;
    }

    /** Owner thread only: the counters array, grown to at least {@code length}. */
    long[] counters(int length) {
        if (counters.length < length) {
            counters = Arrays.copyOf(counters, Math.max(length, counters.length * 2));
        }
        return counters;
    }

    /** Any thread: the counters as they are (racy reads of monotonic values). */
    long[] countersView() {
        return counters;
    }

    /** Any thread: a consistent copy of the held stack as it is now, for snapshots, statistics and the watchdog. */
    HeldLock[] heldSnapshot() {
        return heldMatching(h -> true);
    }

    /**
     * Like {@link #heldSnapshot()}, copying only the entries {@code keep} accepts. It sees the live entry, which the
     * owner may clear meanwhile: it may read {@link HeldLock#lock()}, {@code since} and {@code count}, never
     * {@code cls()} or {@code mode()} (null lock side on a cleared entry). Retries
     * until the copy was taken while the stack did not change; under relentless churn it settles for a copy without
     * duplicates.
     */
    HeldLock[] heldMatching(java.util.function.Predicate<HeldLock> keep) {
        for (int attempt = 0; attempt < COPY_ATTEMPTS; attempt++) {
            int v = (int) VERSION.getAcquire(this);
            if ((v & 1) == 0) {
                HeldLock[] copy = copyMatching(keep);
                VarHandle.loadLoadFence(); // the copy's reads happen before the version is read again
                if ((int) VERSION.getOpaque(this) == v) {
                    return copy;
                }
            }
            Thread.onSpinWait();
        }
        return withoutDuplicates(copyMatching(keep));
    }

    private static HeldLock[] withoutDuplicates(HeldLock[] copy) {
        java.util.List<HeldLock> out = new java.util.ArrayList<>(copy.length);
        for (HeldLock h : copy) {
            if (out.stream().noneMatch(o -> o.gate == h.gate)) {
                out.add(h);
            }
        }
        return out.toArray(NO_HOLDS);
    }

    private HeldLock[] copyMatching(java.util.function.Predicate<HeldLock> keep) {
        int d = depth();
        HeldLock[] h = held;
        int len = Math.min(d, h.length);
        HeldLock[] out = null;
        int n = 0;
        for (int i = 0; i < len; i++) {
            HeldLock live = h[i];
            if (live.gate == null || !keep.test(live)) {
                continue;
            }
            HeldLock c = new HeldLock();
            c.copyFrom(live);
            if (c.gate != null) {
                if (out == null) {
                    out = new HeldLock[len];
                }
                out[n++] = c;
            }
        }
        return out == null ? NO_HOLDS : n == out.length ? out : Arrays.copyOf(out, n);
    }

    static final HeldLock[] NO_HOLDS = new HeldLock[0];
}
