package io.lockaware.bench;

import io.lockaware.LockAware;
import io.lockaware.LockMode;
import io.lockaware.LockStatsListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Stand-in for the lock-micrometer binder (written in parallel): a {@link LockStatsListener} that records every
 * wait and every sampled hold into a Micrometer {@link Timer} of a {@link SimpleMeterRegistry}, one timer per lock
 * name, mode and kind (no percentile histogram), looked up through a cache so that a record costs a map probe and
 * {@code Timer.record}, as a real binder's would.
 */
final class MicrometerStats implements LockStatsListener {
    static final MeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static volatile boolean installed;

    /** name -> {read wait, write wait, read hold, write hold} */
    private final ConcurrentHashMap<String, Timer[]> timers = new ConcurrentHashMap<>();

    static synchronized void install() {
        if (!installed) {
            LockAware.addStatsListener(new MicrometerStats());
            installed = true;
        }
    }

    private Timer[] timers(String name) {
        Timer[] t = timers.get(name);
        return t != null ? t : timers.computeIfAbsent(name, n -> new Timer[] {
            timer(n, "read", "wait"), timer(n, "write", "wait"), timer(n, "read", "hold"), timer(n, "write", "hold")});
    }

    private static Timer timer(String name, String mode, String kind) {
        return Timer.builder("lockaware.lock." + kind).tag("lock", name).tag("mode", mode).register(REGISTRY);
    }

    @Override
    public void waited(String name, LockMode mode, long nanos) {
        timers(name)[mode == LockMode.READ ? 0 : 1].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void held(String name, LockMode mode, long nanos) {
        timers(name)[mode == LockMode.READ ? 2 : 3].record(nanos, TimeUnit.NANOSECONDS);
    }
}
