package io.lockaware.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.openjdk.jol.vm.VM;

/**
 * Puts a benchmark's objects where a long-running server has them: old, and in other G1 regions than the thread
 * that takes the locks. A JMH fork allocates almost nothing, so without this every object stays young for the whole
 * run and G1's post-write barrier stops at its young-card check. In a server the locks, the threads and lockaware's
 * thread records are promoted, and every non-null reference store into an old object that points into another region
 * takes the barrier's slow path, a StoreLoad fence included. Per acquisition the JDK's lock makes one such store (its
 * owner thread; the read lock's first reader), ours two (that one and the held entry's lock side), Guava's two (that
 * one and the thread's list of held locks).
 *
 * <p>Where a full collection moves each object is not under the benchmark's control, and a lock that shares the
 * thread's region skips the slow path (with G1's 4 MB regions for this machine, the JDK's lock did in about half the
 * forks and ran 2 ns faster in them). So the forks use 1 MB regions ({@link #REGION_1MB}, what G1 picks for heaps up
 * to 2 GB) and {@link #setUp} checks the addresses, allocating again when a lock landed in the thread's region.
 */
final class Promotion {
    /** JVM flag of the forks of the classes that use this. */
    static final String REGION_1MB = "-XX:G1HeapRegionSize=1m";
    private static final long REGION = 1 << 20;
    private static final int ATTEMPTS = 5;
    /** Live objects allocated before each attempt's locks: more live regions, fewer chances of a shared one. */
    private static final List<long[]> SPACER = new ArrayList<>();

    private Promotion() {
    }

    /**
     * A promoted benchmark's setup: {@link Impl#setUp} (which, for ours, creates this thread's record before the
     * locks), then {@code init} creates the locks and {@code firstUse} runs the op once, so that whatever a first run
     * allocates is promoted too (e.g. ours' held stack grown to 20 entries), and a full collection promotes it all;
     * again while a lock {@code firstUse} returns shares the current thread's region.
     */
    static void setUp(String impl, Consumer<Impl> init, Supplier<Object[]> firstUse) {
        checkG1();
        Impl i = Impl.setUp(impl, true);
        Thread me = Thread.currentThread();
        for (int attempt = 1; ; attempt++) {
            for (long bytes = 0; bytes < 4 * REGION; bytes += 56) {
                SPACER.add(new long[5]); // 56 bytes each with its header
            }
            init.accept(i);
            Object[] locks = firstUse.get();
            fullCollection();
            if (apart(me, locks)) {
                return;
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("a lock shares the benchmark thread's G1 region after " + ATTEMPTS
                        + " attempts");
            }
        }
    }

    private static boolean apart(Object thread, Object[] locks) {
        long region = VM.current().addressOf(thread) / REGION;
        for (Object l : locks) {
            if (VM.current().addressOf(l) / REGION == region) {
                return false;
            }
        }
        return true;
    }

    /** A full collection moves everything live into old regions; refuses flags under which System.gc() does not. */
    private static void fullCollection() {
        long before = fullCollections();
        System.gc();
        if (fullCollections() == before) {
            throw new IllegalStateException("System.gc() ran no full collection (-XX:+DisableExplicitGC or "
                    + "-XX:+ExplicitGCInvokesConcurrent?): nothing was promoted");
        }
    }

    private static long fullCollections() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().equals("G1 Old Generation")) {
                return gc.getCollectionCount();
            }
        }
        return 0;
    }

    private static void checkG1() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (!vm.getVMOption("UseG1GC").getValue().equals("true")
                || Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()) != REGION) {
            throw new IllegalStateException("these benchmarks need G1 with " + REGION_1MB + " (a fork of their own)");
        }
    }
}
