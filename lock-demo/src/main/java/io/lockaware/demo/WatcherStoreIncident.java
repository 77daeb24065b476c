package io.lockaware.demo;

import io.lockaware.DeadlockAwareRWLock;
import io.lockaware.DeadlockRecoveryException;
import io.lockaware.LockAware;
import io.lockaware.ReportKind;
import java.io.PrintStream;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.Lock;

/**
 * Incident 2. A watcher holds the manager (write) and asks for the store (write); the parent query holds the store
 * (read) and asks for the manager (read). First the two orders run at different times, as in a test suite: the
 * inversion is reported although nothing hangs. Then the timing lines up, as in production: an actual deadlock,
 * found by the watchdog and broken by recovery.
 */
final class WatcherStoreIncident implements Incident {
    @Override
    public String title() {
        return "2. Watcher/store cycle: a possible deadlock, then a real one";
    }

    @Override
    public String story() {
        return "watcher: manager (write) then store (write); parent query: store (read) then manager (read).\n"
                + "In production the timing lined up every few minutes and the pod was killed.";
    }

    static final class Service {
        final DeadlockAwareRWLock manager = new DeadlockAwareRWLock("controller.manager");
        final DeadlockAwareRWLock store = new DeadlockAwareRWLock("controller.store");

        void onWatchEvent(CyclicBarrier meet) throws Exception {
            both(manager.writeLock(), store.writeLock(), meet);
        }

        void parentQuery(CyclicBarrier meet) throws Exception {
            both(store.readLock(), manager.readLock(), meet);
        }

        private static void both(Lock first, Lock second, CyclicBarrier meet) throws Exception {
            first.lock();
            try {
                if (meet != null) {
                    meet.await(30, TimeUnit.SECONDS);
                }
                second.lock();
                second.unlock();
            } finally {
                first.unlock();
            }
        }
    }

    @Override
    public String play(PrintStream out) throws Exception {
        Service quiet = new Service();
        try (Workers w = new Workers()) {
            Workers.result(w.run("watcher", () -> quiet.onWatchEvent(null)));
            Workers.result(w.run("parent-query", () -> quiet.parentQuery(null)));
        }
        Demo.REPORTS.await(ReportKind.LOCK_ORDER_INVERSION, 1);
        out.println("\n    ... the orders never overlapped, yet the inversion is reported. Now the timing lines up:\n");

        LockAware.setDeadlockRecovery(true);
        Service busy = new Service();
        CyclicBarrier meet = new CyclicBarrier(2);
        String outcome;
        try (Workers w = new Workers()) {
            FutureTask<String> watcher = w.start("watcher", () -> retrying(busy::onWatchEvent, meet));
            FutureTask<String> query = w.start("parent-query", () -> retrying(busy::parentQuery, meet));
            outcome = "watcher " + Workers.result(watcher) + ", parent query " + Workers.result(query);
        } finally {
            LockAware.setDeadlockRecovery(false);
        }
        return "the watchdog broke the deadlock; " + outcome;
    }

    interface Call {
        void run(CyclicBarrier meet) throws Exception;
    }

    /**
     * The caller's retry: the victim of recovery has released what it held, backs off, and tries again. Without the
     * back-off it can barge straight back into the nonfair write lock ahead of the queued reader and recreate the
     * deadlock (recovery then fails it again).
     */
    private static String retrying(Call call, CyclicBarrier meet) throws Exception {
        try {
            call.run(meet);
            return "completed";
        } catch (DeadlockRecoveryException e) {
            for (int attempt = 1; ; attempt++) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100L * attempt));
                try {
                    call.run(null);
                    return "was chosen to back off, then completed";
                } catch (DeadlockRecoveryException again) {
                    if (attempt == 5) {
                        throw again;
                    }
                }
            }
        }
    }
}
