package io.lockaware.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** {@link UncontendedBench} with detection on: JDK, ours, ours with statistics, Guava. */
public class Uncontended extends UncontendedBench {
    @Param({"jdk", "aware", "aware_stats", "guava"})
    public String impl;

    @Setup
    public void setUp() {
        init(Impl.setUp(impl, true));
    }
}
