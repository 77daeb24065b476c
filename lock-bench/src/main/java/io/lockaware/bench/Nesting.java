package io.lockaware.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** {@link NestingBench} with detection on: JDK, ours, ours with statistics, Guava. */
public class Nesting extends NestingBench {
    @Param({"jdk", "aware", "aware_stats", "guava"})
    public String impl;

    @Setup
    public void setUp() {
        init(Impl.setUp(impl, true));
    }
}
