package io.lockaware;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * The library's one daemon thread, started on first need (the first thread that takes a tracked lock). It ticks the
 * {@link Clock coarse clock} and runs the watchdog's scans on their period. No timer per lock.
 */
final class Daemon implements Runnable {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    static final Daemon INSTANCE = new Daemon();

    private Daemon() {
    }

    static void ensureStarted() {
        if (STARTED.get() || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(INSTANCE, "lockaware-daemon");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        long tickNanos = Clock.TICK_MILLIS * 1_000_000L;
        while (true) {
            try {
                Clock.tick();
                Watchdog.onTick(Clock.coarseNanos());
            } catch (Throwable e) {
                LoggerFactory.getLogger("io.lockaware.Daemon").error("lockaware: daemon tick failed; continuing", e);
            }
            LockSupport.parkNanos(tickNanos);
        }
    }
}
