package io.lockaware.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link Nesting} in the heap of a long-running server (see {@link Promotion}). {@code run.sh} runs depths 1 and 20.
 * No target: the targets are judged on {@link Nesting}.
 */
@Fork(value = 3, jvmArgsAppend = Promotion.REGION_1MB)
public class NestingPromoted extends NestingBench {
    @Param({"jdk", "aware", "guava"})
    public String impl;

    @Setup
    public void setUp() {
        Promotion.setUp(impl, this::init, this::firstUse);
    }
}
