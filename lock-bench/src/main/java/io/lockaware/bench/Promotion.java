package io.lockaware.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a benchmark's objects where a long-running server has them: old, and in different G1 regions. A JMH fork
 * allocates almost nothing, so without this every object stays young for the whole run and G1's post-write barrier
 * stops at its young-card check. In a server the locks, the threads and lockaware's thread records are promoted, and
 * every store of a reference into an old object that points into another region takes the barrier's slow path, a
 * StoreLoad fence included. The JDK's lock makes one such store per acquisition (its owner thread), ours two (the
 * owner thread and the held entry's lock), Guava's at least two (its owner thread and the thread's held list).
 *
 * <p>Where a full collection puts each object is not under the benchmark's control (it compacts region by region,
 * not in allocation order). With G1's default regions for this machine (4 MB) the JDK's lock and the benchmark
 * thread shared a region in about half the forks, and those forks ran the JDK's lock 2 ns faster (addresses read
 * with JOL). So the classes that use this fork with {@link #REGION_1MB}, G1's smallest region (its choice for heaps
 * under 2 GB; larger heaps have larger regions but thousands of them). Checked the same way, eight forks each: the
 * JDK's lock and ours never shared the thread's region, and every JDK fork ran in the slow state; Guava's shared
 * it in three.
 */
final class Promotion {
    /** JVM flag of the forks of the classes that use this. */
    static final String REGION_1MB = "-XX:G1HeapRegionSize=1m";

    /** Live objects allocated between what a setup allocated before and after, so that G1 cannot compact them together. */
    private static final List<long[]> SPACER = new ArrayList<>();

    private Promotion() {
    }

    /** Call between the allocations to keep apart: four regions of live objects make a shared region less likely. */
    static void spaceApart() {
        for (long bytes = 0; bytes < 4 * regionSize(); bytes += 56) {
            SPACER.add(new long[5]); // 56 bytes each with its header
        }
    }

    /** A full collection, which in G1 moves everything live into old regions. */
    static void promoteAll() {
        System.gc();
    }

    private static long regionSize() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        long size = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
        return size > 0 ? size : 32L << 20; // not G1: the largest region size G1 could choose
    }
}
