package io.lockaware.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** {@link UncontendedBench} in a fork started with {@code -Dlockaware.enabled=false}: ours against the JDK. */
@Fork(value = 3, jvmArgsAppend = "-Dlockaware.enabled=false")
public class UncontendedDisabled extends UncontendedBench {
    @Param({"jdk", "aware"})
    public String impl;

    @Setup
    public void setUp() {
        init(Impl.setUp(impl, false));
    }
}
