package io.lockaware.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** {@link NewEdgesBench} in a fork started with {@code -Dlockaware.enabled=false}: ours against the JDK. */
@Fork(value = 1, jvmArgsAppend = "-Dlockaware.enabled=false")
public class NewEdgesDisabled extends NewEdgesBench {
    @Param({"jdk", "aware"})
    public String impl;

    @Setup
    public void setUp() {
        init(Impl.setUp(impl, false));
    }
}
