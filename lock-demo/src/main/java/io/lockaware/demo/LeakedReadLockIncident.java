package io.lockaware.demo;

import io.lockaware.DeadlockAwareRWLock;
import io.lockaware.LockAware;
import io.lockaware.ReportKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Incident 3. A lookup returns early on a cache miss without unlocking the read lock. Readers keep working until
 * the periodic refresher asks for the write lock: it queues, and from then on every reader queues behind it.
 */
final class LeakedReadLockIncident implements Incident {
    @Override
    public String title() {
        return "3. Leaked read lock: fine until the periodic writer arrives";
    }

    @Override
    public String story() {
        return "lookup() returns on a cache miss without unlock(). Readers still work; the refresher's write lock\n"
                + "never comes, and every reader queued behind the refresher hangs with it.";
    }

    static final class Cache {
        final DeadlockAwareRWLock lock = new DeadlockAwareRWLock("config.cache");
        final Map<String, String> entries = new HashMap<>(Map.of("timeout", "30s"));

        String lookup(String key) {
            lock.readLock().lock();
            String v = entries.get(key);
            if (v == null) {
                return null; // the bug: this path forgets lock.readLock().unlock()
            }
            lock.readLock().unlock();
            return v;
        }

        boolean refresh(Duration patience) throws InterruptedException {
            if (!lock.writeLock().tryLock(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            try {
                entries.put("timeout", "60s");
                return true;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    @Override
    public String play(PrintStream out) throws Exception {
        LockAware.setWaitWarn(Duration.ofMillis(300));
        Cache cache = new Cache();
        try (Workers w = new Workers()) {
            Workers.result(w.run("request-17", () -> cache.lookup("retries")));
            w.thread(0).join(30_000);
            Workers.result(w.start("request-18", () -> cache.lookup("timeout")));
            FutureTask<Boolean> refresher = w.start("refresher", () -> cache.refresh(Duration.ofSeconds(2)));
            Demo.REPORTS.await(ReportKind.LEAKED_LOCK, 1);
            boolean refreshed = Workers.result(refresher);
            return "request-18 still read fine; the refresher gave up after 2 s (refreshed=" + refreshed
                    + "); in production it retried forever";
        }
    }
}
