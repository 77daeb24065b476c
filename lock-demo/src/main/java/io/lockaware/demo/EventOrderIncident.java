package io.lockaware.demo;

import io.lockaware.DeadlockAwareRWLock;
import io.lockaware.LockAware;
import io.lockaware.LockEventListener;
import io.lockaware.LockMode;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Incident 5. Two lifecycle events travelling on separate paths could be observed in the wrong order. In this
 * library the same hazard is its own event stream: a listener must never see a release before the matching acquire,
 * and a current-holders gauge must never go negative. Here four threads hammer one lock while a listener keeps the
 * gauge; the jcstress harnesses in lock-jcstress prove the same property under every interleaving they find.
 */
final class EventOrderIncident implements Incident {
    private static final int OPS = 50_000;

    @Override
    public String title() {
        return "5. Add/done ordering: events never arrive out of order";
    }

    @Override
    public String story() {
        return "'peer added' and 'peer done' travelled on separate paths and could be seen in the wrong order.\n"
                + "Here: a holders gauge kept from the library's acquire/release events must never go negative.";
    }

    /** Keeps a holders gauge from events, and remembers its lowest value and any writer overlap. */
    static final class Gauge implements LockEventListener {
        final AtomicInteger holders = new AtomicInteger();
        final AtomicInteger writers = new AtomicInteger();
        final AtomicInteger lowest = new AtomicInteger();
        final AtomicLong events = new AtomicLong();
        final AtomicInteger violations = new AtomicInteger();

        @Override
        public void acquired(Object lock, String name, LockMode mode, Thread thread) {
            if (!name.equals("peers")) {
                return;
            }
            events.incrementAndGet();
            holders.incrementAndGet();
            if (mode == LockMode.WRITE && writers.incrementAndGet() != 1) {
                violations.incrementAndGet();
            }
        }

        @Override
        public void released(Object lock, String name, LockMode mode, Thread thread) {
            if (!name.equals("peers")) {
                return;
            }
            events.incrementAndGet();
            if (mode == LockMode.WRITE) {
                writers.decrementAndGet();
            }
            int now = holders.decrementAndGet();
            lowest.accumulateAndGet(now, Math::min);
            if (now < 0) {
                violations.incrementAndGet();
            }
        }
    }

    @Override
    public String play(PrintStream out) throws Exception {
        DeadlockAwareRWLock peers = new DeadlockAwareRWLock("peers");
        Gauge gauge = new Gauge();
        LockAware.addEventListener(gauge);
        try (Workers w = new Workers()) {
            for (int t = 0; t < 4; t++) {
                boolean writer = t == 0;
                w.run(writer ? "peer-added" : "peer-reader-" + t, () -> {
                    for (int i = 0; i < OPS; i++) {
                        var l = writer || i % 10 == 0 ? peers.writeLock() : peers.readLock();
                        l.lock();
                        l.unlock();
                    }
                });
            }
        } finally {
            LockAware.removeEventListener(gauge);
        }
        if (gauge.violations.get() != 0 || gauge.holders.get() != 0) {
            throw new IllegalStateException("event order violated: " + gauge.violations.get() + " violations, gauge "
                    + gauge.holders.get());
        }
        return String.format("%,d events from 4 threads; holders gauge lowest %d, ends at %d; releases seen before "
                + "their acquire: 0; two writers seen inside at once: 0", gauge.events.get(), gauge.lowest.get(),
                gauge.holders.get());
    }
}
