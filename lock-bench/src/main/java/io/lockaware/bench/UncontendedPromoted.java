package io.lockaware.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link Uncontended} in the heap of a long-running server (see {@link Promotion}): every object old, the locks in
 * other G1 regions than the thread's. No target: the targets are judged on {@link Uncontended}.
 */
@Fork(value = 3, jvmArgsAppend = Promotion.REGION_1MB)
public class UncontendedPromoted extends UncontendedBench {
    @Param({"jdk", "aware", "guava"})
    public String impl;

    @Setup
    public void setUp() {
        Promotion.setUp(impl, this::init, this::firstUse);
    }
}
