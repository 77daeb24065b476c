package io.lockaware.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link Uncontended} in the heap of a long-running server: the locks, the thread and lockaware's thread record are
 * old objects in different G1 regions. A JMH fork allocates almost nothing, so without this every object stays young
 * for the whole run, and G1's post-write barrier stops at its young-card check. In a server they are promoted, and
 * every store of a reference into an old object that points into another region takes the barrier's slow path, a
 * StoreLoad fence included. The JDK's lock stores one such reference per acquisition (its owner thread), ours two
 * (the owner thread and the held entry's lock). No target: the targets are judged on {@link Uncontended}.
 */
public class UncontendedPromoted extends UncontendedBench {
    @Param({"jdk", "aware"})
    public String impl;

    /** Live objects allocated between the thread record and the locks, so that G1 cannot compact them together. */
    private static List<long[]> spacer;

    @Setup
    public void setUp() {
        Impl i = Impl.setUp(impl, true); // creates this thread's record (aware) and warms both up
        spacer = new ArrayList<>();
        for (long bytes = 0; bytes < 4 * regionSize(); bytes += 56) {
            spacer.add(new long[5]); // 56 bytes each with its header; small objects, so they are compacted in order
        }
        init(i);
        System.gc(); // a full collection in G1: everything live moves to old regions, in allocation order
    }

    private static long regionSize() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        long size = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
        return size > 0 ? size : 32L << 20; // not G1: the largest region size G1 could choose
    }
}
