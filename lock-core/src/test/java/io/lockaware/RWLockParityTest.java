package io.lockaware;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DeadlockAwareRWLock} against {@link ReentrantReadWriteLock}: every scenario runs on the JDK class and on ours,
 * fair and nonfair, and what it observes must be identical; each scenario also asserts the documented contract
 * (writer preference, downgrade, no upgrade, re-entrant readers never blocking, interrupts, conditions on the write
 * lock, serialization, maximum hold counts).
 */
@Tag("parity")
@Timeout(30)
class RWLockParityTest {
    private static final int MAX_COUNT = 65535;

    /** The protected methods of ReentrantReadWriteLock, made public by the test subclasses. */
    interface Exposed {
        Thread getOwner();

        Collection<Thread> getQueuedThreads();

        Collection<Thread> getQueuedWriterThreads();

        Collection<Thread> getQueuedReaderThreads();

        Collection<Thread> getWaitingThreads(Condition c);
    }

    static final class JdkRW extends ReentrantReadWriteLock implements Exposed {
        private static final long serialVersionUID = 1L;

        JdkRW(boolean fair) {
            super(fair);
        }

        @Override
        public Thread getOwner() {
            return super.getOwner();
        }

        @Override
        public Collection<Thread> getQueuedThreads() {
            return super.getQueuedThreads();
        }

        @Override
        public Collection<Thread> getQueuedWriterThreads() {
            return super.getQueuedWriterThreads();
        }

        @Override
        public Collection<Thread> getQueuedReaderThreads() {
            return super.getQueuedReaderThreads();
        }

        @Override
        public Collection<Thread> getWaitingThreads(Condition c) {
            return super.getWaitingThreads(c);
        }
    }

    static final class OurRW extends DeadlockAwareRWLock implements Exposed {
        private static final long serialVersionUID = 1L;

        OurRW(boolean fair) {
            super(fair);
        }

        @Override
        public Thread getOwner() {
            return super.getOwner();
        }

        @Override
        public Collection<Thread> getQueuedThreads() {
            return super.getQueuedThreads();
        }

        @Override
        public Collection<Thread> getQueuedWriterThreads() {
            return super.getQueuedWriterThreads();
        }

        @Override
        public Collection<Thread> getQueuedReaderThreads() {
            return super.getQueuedReaderThreads();
        }

        @Override
        public Collection<Thread> getWaitingThreads(Condition c) {
            return super.getWaitingThreads(c);
        }
    }

    record Impl(boolean ours, boolean fair) {
        ReentrantReadWriteLock create() {
            return ours ? new OurRW(fair) : new JdkRW(fair);
        }

        @Override
        public String toString() {
            return (ours ? "DeadlockAwareRWLock" : "ReentrantReadWriteLock") + (fair ? " fair" : " nonfair");
        }
    }

    static Stream<Impl> impls() {
        return Stream.of(new Impl(false, false), new Impl(false, true), new Impl(true, false), new Impl(true, true));
    }

    interface Scenario {
        void run(ReentrantReadWriteLock lock, Impl impl, Trace tr) throws Exception;
    }

    static void check(Impl impl, Scenario s) throws Exception {
        List<String> got = run(impl, s);
        if (impl.ours()) {
            List<String> jdk = run(new Impl(false, impl.fair()), s);
            assertEquals(String.join("\n", jdk), String.join("\n", got),
                    "DeadlockAwareRWLock differs from ReentrantReadWriteLock");
        }
    }

    private static List<String> run(Impl impl, Scenario s) throws Exception {
        Trace tr = new Trace();
        ReentrantReadWriteLock lock = impl.create();
        s.run(lock, impl, tr);
        assertFalse(Thread.interrupted(), impl + ": scenario left the interrupt status set");
        assertFalse(lock.isWriteLocked(), impl + ": scenario left the write lock held");
        assertEquals(0, lock.getReadLockCount(), impl + ": scenario left a read lock held");
        return tr.lines();
    }

    @BeforeEach
    @AfterEach
    void clean() {
        Thread.interrupted();
        LockAware.forgetLearnedOrder(); // also restores the default policy (log), which never changes behaviour
    }

    // ----------------------------------------------------------------------------------------------- helpers

    static Exposed exposed(ReentrantReadWriteLock l) {
        return (Exposed) l;
    }

    static void state(Trace tr, String when, ReentrantReadWriteLock l) {
        tr.add(when + ": isWriteLocked", l.isWriteLocked());
        tr.add(when + ": isWriteLockedByCurrentThread", l.isWriteLockedByCurrentThread());
        tr.add(when + ": writeLock().isHeldByCurrentThread", l.writeLock().isHeldByCurrentThread());
        tr.add(when + ": getWriteHoldCount", l.getWriteHoldCount());
        tr.add(when + ": writeLock().getHoldCount", l.writeLock().getHoldCount());
        tr.add(when + ": getReadHoldCount", l.getReadHoldCount());
        tr.add(when + ": getReadLockCount", l.getReadLockCount());
        Thread owner = exposed(l).getOwner();
        tr.add(when + ": getOwner", owner == null ? null : owner.getName());
        tr.add(when + ": hasQueuedThreads", l.hasQueuedThreads());
        tr.add(when + ": getQueueLength", l.getQueueLength());
        tr.add(when + ": getQueuedThreads", Trace.sortedNames(exposed(l).getQueuedThreads()));
        tr.add(when + ": getQueuedWriterThreads", Trace.sortedNames(exposed(l).getQueuedWriterThreads()));
        tr.add(when + ": getQueuedReaderThreads", Trace.sortedNames(exposed(l).getQueuedReaderThreads()));
        tr.add(when + ": toString", Trace.state(l));
        tr.add(when + ": readLock().toString", Trace.state(l.readLock()));
        tr.add(when + ": writeLock().toString", Trace.state(l.writeLock()));
    }

    static void awaitQueued(ReentrantReadWriteLock l, Thread t) {
        Threads.await(t.getName() + " is queued", () -> l.hasQueuedThread(t));
    }

    static void awaitWaiting(ReentrantReadWriteLock l, Condition c, Thread t) {
        Threads.await(t.getName() + " waits on the condition", () -> {
            l.writeLock().lock();
            try {
                return exposed(l).getWaitingThreads(c).contains(t);
            } finally {
                l.writeLock().unlock();
            }
        });
    }

    // ----------------------------------------------------------------------------------------------- scenarios

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void stateOfFreshReadLockedAndWriteLocked(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            tr.add("isFair", l.isFair());
            assertEquals(im.fair(), l.isFair());
            tr.add("readLock() is one view", l.readLock() == l.readLock());
            tr.add("writeLock() is one view", l.writeLock() == l.writeLock());
            tr.add("toStrings start with the identity", Trace.identityPrefix(l) && Trace.identityPrefix(l.readLock())
                    && Trace.identityPrefix(l.writeLock()));
            state(tr, "fresh", l);
            assertEquals("[Write locks = 0, Read locks = 0]", Trace.state(l));
            l.writeLock().lock();
            state(tr, "write once", l);
            l.writeLock().lock();
            l.readLock().lock();
            state(tr, "write twice and read", l);
            assertEquals("[Locked by thread " + Thread.currentThread().getName() + "]", Trace.state(l.writeLock()));
            Trace seen = new Trace();
            Threads.start("observer", () -> state(seen, "seen from another thread", l)).get();
            tr.merge("observer", seen);
            l.writeLock().unlock();
            l.writeLock().unlock();
            state(tr, "read only", l);
            l.readLock().unlock();
            l.readLock().lock();
            l.readLock().lock();
            l.readLock().lock();
            state(tr, "read three times", l);
            Trace reader = new Trace();
            Threads.start("reader", () -> {
                l.readLock().lock();
                try {
                    state(reader, "a second reader", l);
                    assertEquals(4, l.getReadLockCount());
                    assertEquals(1, l.getReadHoldCount());
                } finally {
                    l.readLock().unlock();
                }
            }).get();
            tr.merge("reader", reader);
            l.readLock().unlock();
            l.readLock().unlock();
            l.readLock().unlock();
            state(tr, "free again", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void unlockingWhatIsNotHeldThrowsIllegalMonitorState(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            tr.run("write unlock, never locked", l.writeLock()::unlock);
            tr.run("read unlock, never locked", l.readLock()::unlock);
            assertThrows(IllegalMonitorStateException.class, () -> l.readLock().unlock());
            l.writeLock().lock();
            tr.run("read unlock holding only the write lock", l.readLock()::unlock);
            l.writeLock().unlock();
            l.readLock().lock();
            tr.run("write unlock holding only a read lock", l.writeLock()::unlock);
            Trace other = new Trace();
            Threads.start("intruder", () -> {
                other.run("read unlock of main's read lock", l.readLock()::unlock);
                other.run("write unlock while main reads", l.writeLock()::unlock);
            }).get();
            tr.merge("intruder", other);
            state(tr, "after the intruder", l);
            assertEquals(1, l.getReadHoldCount());
            l.readLock().unlock();
            tr.run("read unlock once too often", l.readLock()::unlock);
            l.writeLock().lock();
            Trace other2 = new Trace();
            Threads.start("intruder2", () -> {
                other2.run("write unlock of main's write lock", l.writeLock()::unlock);
                other2.run("read unlock while main writes", l.readLock()::unlock);
            }).get();
            tr.merge("intruder2", other2);
            state(tr, "after the second intruder", l);
            assertTrue(l.isWriteLockedByCurrentThread());
            l.writeLock().unlock();
            tr.run("write unlock once too often", l.writeLock()::unlock);
            l.writeLock().lock();
            l.readLock().lock();
            state(tr, "usable again", l);
            l.readLock().unlock();
            l.writeLock().unlock();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void aNewReaderQueuesBehindAWaitingWriterButAReentrantReaderNeverBlocks(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            l.readLock().lock();
            List<String> order = new CopyOnWriteArrayList<>();
            Threads.Running<Void> writer = Threads.taker("writer", l.writeLock(), order);
            awaitQueued(l, writer.thread());
            Threads.Running<Void> lateReader = Threads.taker("late-reader", l.readLock(), order);
            awaitQueued(l, lateReader.thread());
            Threads.awaitBlocked(lateReader.thread());
            state(tr, "main reads, writer then late reader queued", l);
            tr.add("getQueuedThreads in the order returned", Trace.names(exposed(l).getQueuedThreads()));
            assertTrue(l.hasQueuedThread(lateReader.thread()), "a new reader waits behind a waiting writer");
            assertEquals(1, l.getReadLockCount());
            tr.run("re-entrant read lock()", l.readLock()::lock);
            tr.run("re-entrant read lockInterruptibly()", l.readLock()::lockInterruptibly);
            tr.call("re-entrant read tryLock(0s)", () -> l.readLock().tryLock(0, SECONDS));
            tr.call("re-entrant read tryLock()", l.readLock()::tryLock);
            tr.add("read hold count", l.getReadHoldCount());
            assertEquals(5, l.getReadHoldCount(), "a thread re-entering its read lock never blocks");
            Trace barger = new Trace();
            Threads.start("barger", () -> {
                barger.call("timed read tryLock(0s) with a writer queued", () -> l.readLock().tryLock(0, SECONDS));
                barger.call("read tryLock() with a writer queued (barges)", l.readLock()::tryLock);
                barger.add("read hold count", l.getReadHoldCount());
                if (l.getReadHoldCount() > 0) {
                    l.readLock().unlock();
                }
            }).get();
            tr.merge("barger", barger);
            for (int i = 0; i < 4; i++) {
                l.readLock().unlock();
                tr.add("writer still waits for the last read hold", l.hasQueuedThread(writer.thread()));
            }
            assertTrue(order.isEmpty());
            l.readLock().unlock();
            writer.get();
            lateReader.get();
            tr.add("order", order);
            assertEquals(List.of("writer", "late-reader"), order);
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void downgradeIsAllowed(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            l.writeLock().lock();
            tr.run("read lock() while holding the write lock", l.readLock()::lock);
            l.writeLock().unlock();
            state(tr, "downgraded", l);
            assertFalse(l.isWriteLocked());
            assertEquals(1, l.getReadHoldCount());
            Trace other = new Trace();
            Threads.start("other", () -> {
                other.call("write tryLock()", l.writeLock()::tryLock);
                other.call("read tryLock()", l.readLock()::tryLock);
                if (l.getReadHoldCount() > 0) {
                    l.readLock().unlock();
                }
            }).get();
            tr.merge("other", other);
            l.readLock().unlock();
            // downgrading while a writer waits
            l.writeLock().lock();
            List<String> order = new CopyOnWriteArrayList<>();
            Threads.Running<Void> writer = Threads.taker("queued-writer", l.writeLock(), order);
            awaitQueued(l, writer.thread());
            tr.run("read lock() holding the write lock, a writer queued", l.readLock()::lock);
            tr.run("read lockInterruptibly() holding the write lock, a writer queued", l.readLock()::lockInterruptibly);
            tr.call("read tryLock(0s) holding the write lock, a writer queued", () -> l.readLock().tryLock(0, SECONDS));
            l.writeLock().unlock();
            state(tr, "downgraded while a writer waits", l);
            assertTrue(l.hasQueuedThread(writer.thread()));
            l.readLock().unlock();
            l.readLock().unlock();
            l.readLock().unlock();
            writer.get();
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void upgradeIsImpossible(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            l.readLock().lock();
            tr.call("write tryLock() holding read", l.writeLock()::tryLock);
            tr.call("write tryLock(0ms) holding read", () -> l.writeLock().tryLock(0, MILLISECONDS));
            tr.call("write tryLock(10ms) holding read", () -> l.writeLock().tryLock(10, MILLISECONDS));
            state(tr, "still reading", l);
            assertFalse(l.isWriteLocked());
            l.readLock().unlock();
            // a blocking upgrade waits for ever (it waits for its own read lock): only an interrupt ends it
            Trace sub = new Trace();
            Threads.Running<Void> upgrader = Threads.start("upgrader", () -> {
                l.readLock().lock();
                try {
                    sub.run("write lockInterruptibly() holding read", l.writeLock()::lockInterruptibly);
                    sub.add("read hold count", l.getReadHoldCount());
                    sub.add("write locked", l.isWriteLocked());
                } finally {
                    l.readLock().unlock();
                }
            });
            awaitQueued(l, upgrader.thread());
            Threads.awaitBlocked(upgrader.thread());
            tr.add("upgrader queued as a writer", Trace.names(exposed(l).getQueuedWriterThreads()));
            tr.add("read lock count while it waits", l.getReadLockCount());
            upgrader.thread().interrupt();
            upgrader.get();
            tr.merge("upgrader", sub);
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void interruptedThreadsAndInterruptsWhileBlocked(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            Thread me = Thread.currentThread();
            for (Lock v : List.of(l.readLock(), l.writeLock())) {
                String m = v == l.readLock() ? "read " : "write ";
                me.interrupt();
                tr.run(m + "lockInterruptibly(), interrupted, lock free", v::lockInterruptibly);
                tr.add("  interrupt status afterwards", Thread.interrupted());
                me.interrupt();
                tr.call(m + "tryLock(1s), interrupted, lock free", () -> v.tryLock(1, SECONDS));
                tr.add("  interrupt status afterwards", Thread.interrupted());
                me.interrupt();
                assertThrows(InterruptedException.class, v::lockInterruptibly);
                state(tr, m + "after the refusals", l);
                me.interrupt();
                tr.call(m + "tryLock(), interrupted", v::tryLock);
                tr.add("  interrupt status kept", Thread.interrupted());
                me.interrupt();
                tr.run(m + "lockInterruptibly() re-entry, interrupted", v::lockInterruptibly);
                tr.add("  interrupt status afterwards", Thread.interrupted());
                v.unlock();
                me.interrupt();
                tr.run(m + "lock(), interrupted", v::lock);
                tr.add("  interrupt status kept", Thread.interrupted());
                v.unlock();
            }
            for (Lock v : List.of(l.readLock(), l.writeLock())) {
                String m = v == l.readLock() ? "read" : "write";
                // a writer holds the lock: both modes block
                Hold holder = Hold.start("holder", l.writeLock());
                List<Threads.ThrowingRunnable> interruptible = List.of(v::lockInterruptibly,
                        () -> v.tryLock(Threads.TIMEOUT.toMillis(), MILLISECONDS));
                for (int i = 0; i < interruptible.size(); i++) {
                    Threads.ThrowingRunnable acquire = interruptible.get(i);
                    Trace sub = new Trace();
                    Threads.Running<Void> r = Threads.start("blocked-" + m + "-" + i, () -> {
                        sub.run("interruptible acquisition", acquire);
                        sub.add("read holds", l.getReadHoldCount());
                        sub.add("write holds", l.getWriteHoldCount());
                    });
                    awaitQueued(l, r.thread());
                    r.thread().interrupt();
                    r.get();
                    tr.merge(r.thread().getName(), sub);
                    state(tr, "after " + r.thread().getName() + " gave up", l);
                }
                Trace sub = new Trace();
                Threads.Running<Void> r = Threads.start("uninterruptible-" + m, () -> {
                    v.lock();
                    try {
                        sub.add("acquired with interrupt status", Thread.currentThread().isInterrupted());
                    } finally {
                        v.unlock();
                    }
                });
                awaitQueued(l, r.thread());
                r.thread().interrupt();
                tr.add(m + " lock() still queued after the interrupt", l.hasQueuedThread(r.thread()));
                holder.release();
                r.get();
                tr.merge(r.thread().getName(), sub);
            }
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void conditionMisuse(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            tr.call("readLock().newCondition()", () -> l.readLock().newCondition());
            assertThrows(UnsupportedOperationException.class, () -> l.readLock().newCondition());
            Condition c = l.writeLock().newCondition();
            Condition otherLocks = im.create().writeLock().newCondition();
            Condition plainJdk = new ReentrantReadWriteLock().writeLock().newCondition();
            Condition ours = new DeadlockAwareRWLock("parity.rw.foreign").writeLock().newCondition();
            for (int held = 0; held < 3; held++) { // nothing, the read lock, the write lock
                String when = new String[] {" (not held)", " (read held)", " (write held)"}[held];
                if (held == 1) {
                    l.readLock().lock();
                } else if (held == 2) {
                    l.writeLock().lock();
                }
                if (held < 2) {
                    for (Await a : Await.values()) {
                        tr.run(a + when, () -> a.await(c));
                    }
                    tr.run("signal()" + when, c::signal);
                    tr.run("signalAll()" + when, c::signalAll);
                    assertThrows(IllegalMonitorStateException.class, c::await);
                }
                inspect(tr, "own condition" + when, l, c, true);
                inspect(tr, "null" + when, l, null, true);
                inspect(tr, "another lock's condition" + when, l, otherLocks, true);
                inspect(tr, "a ReentrantReadWriteLock's condition" + when, l, plainJdk, false);
                inspect(tr, "a DeadlockAwareRWLock's condition" + when, l, ours, false);
                assertThrows(NullPointerException.class, () -> l.getWaitQueueLength(null));
                assertThrows(IllegalArgumentException.class, () -> l.hasWaiters(otherLocks));
                if (held == 1) {
                    l.readLock().unlock();
                } else if (held == 2) {
                    assertFalse(l.hasWaiters(c));
                    l.writeLock().unlock();
                }
            }
        });
    }

    private static void inspect(Trace tr, String what, ReentrantReadWriteLock l, Condition c, boolean messages) {
        Trace t = messages ? tr : new Trace();
        t.call("hasWaiters(" + what + ")", () -> l.hasWaiters(c));
        t.call("getWaitQueueLength(" + what + ")", () -> l.getWaitQueueLength(c));
        t.call("getWaitingThreads(" + what + ")", () -> Trace.names(exposed(l).getWaitingThreads(c)));
        if (!messages) {
            for (String line : t.lines()) {
                int colon = line.indexOf(": ", line.indexOf(" = "));
                tr.add("class of", colon < 0 ? line : line.substring(0, colon));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void writeConditionAwaitReleasesEveryWriteHoldAndSignalRestoresThem(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            Condition c = l.writeLock().newCondition();
            Trace t1 = new Trace();
            Threads.Running<Void> w1 = Threads.start("waiter1", () -> {
                l.writeLock().lock();
                l.writeLock().lock();
                try {
                    c.await();
                    t1.add("after await: write hold count", l.getWriteHoldCount());
                    t1.add("after await: owner is me", exposed(l).getOwner() == Thread.currentThread());
                } finally {
                    l.writeLock().unlock();
                    l.writeLock().unlock();
                }
            });
            awaitWaiting(l, c, w1.thread());
            Trace t2 = new Trace();
            Threads.Running<Void> w2 = Threads.start("waiter2", () -> {
                l.writeLock().lock();
                try {
                    t2.add("awaitNanos signalled in time", c.awaitNanos(Threads.TIMEOUT.toNanos()) > 0);
                } finally {
                    l.writeLock().unlock();
                }
            });
            awaitWaiting(l, c, w2.thread());
            Trace reader = new Trace();
            Threads.start("reader", () -> reader.call("read tryLock() while writers wait on the condition", () -> {
                boolean got = l.readLock().tryLock();
                if (got) {
                    l.readLock().unlock();
                }
                return got;
            })).get();
            tr.merge("reader", reader);
            l.writeLock().lock();
            try {
                state(tr, "two waiting, main writes", l);
                tr.add("hasWaiters", l.hasWaiters(c));
                tr.add("getWaitQueueLength", l.getWaitQueueLength(c));
                tr.add("getWaitingThreads", Trace.names(exposed(l).getWaitingThreads(c)));
                assertEquals(2, l.getWaitQueueLength(c));
                c.signal();
                tr.add("after signal: getWaitingThreads", Trace.names(exposed(l).getWaitingThreads(c)));
                tr.add("after signal: queued writers", Trace.names(exposed(l).getQueuedWriterThreads()));
                c.signalAll();
                tr.add("after signalAll: getWaitQueueLength", l.getWaitQueueLength(c));
                tr.add("after signalAll: queued writers", Trace.sortedNames(exposed(l).getQueuedWriterThreads()));
            } finally {
                l.writeLock().unlock();
            }
            w1.get();
            w2.get();
            tr.merge("waiter1", t1);
            tr.merge("waiter2", t2);
            assertEquals(List.of("after await: write hold count = 2", "after await: owner is me = true"), t1.lines());
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void writeConditionTimeoutsAndInterrupts(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            Condition c = l.writeLock().newCondition();
            l.writeLock().lock();
            try {
                tr.add("awaitNanos(1ms) <= 0", c.awaitNanos(1_000_000) <= 0);
                tr.call("await(1ms)", () -> c.await(1, MILLISECONDS));
                tr.call("awaitUntil(the past)", () -> c.awaitUntil(new Date(0)));
                for (Await a : Await.INTERRUPTIBLE) {
                    Thread.currentThread().interrupt();
                    tr.run(a + " while interrupted", () -> a.await(c));
                    tr.add("  interrupt status afterwards", Thread.interrupted());
                }
                state(tr, "after timeouts and refusals", l);
                assertEquals(1, l.getWriteHoldCount());
            } finally {
                l.writeLock().unlock();
            }
            Trace sub = new Trace();
            Threads.Running<Void> r = Threads.start("interrupted-waiter", () -> {
                l.writeLock().lock();
                try {
                    sub.run("await() interrupted while waiting", c::await);
                    sub.add("write lock held when it returns", l.isWriteLockedByCurrentThread());
                } finally {
                    l.writeLock().unlock();
                }
            });
            awaitWaiting(l, c, r.thread());
            r.thread().interrupt();
            r.get();
            tr.merge("interrupted-waiter", sub);
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void aDeserializedLockIsUnlockedAndUsable(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            l.writeLock().lock();
            l.readLock().lock();
            ReentrantReadWriteLock clone = Trace.serialClone(l);
            tr.add("same class", clone.getClass() == l.getClass());
            tr.add("same fairness", clone.isFair() == l.isFair());
            state(tr, "clone", clone);
            state(tr, "original", l);
            assertFalse(clone.isWriteLocked());
            assertEquals(0, clone.getReadLockCount());
            clone.writeLock().lock();
            clone.readLock().lock();
            state(tr, "clone write and read locked", clone);
            clone.readLock().unlock();
            clone.writeLock().unlock();
            l.readLock().unlock();
            l.writeLock().unlock();
            state(tr, "clone at the end", clone);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void maximumHoldCountsAreErrors(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            for (int i = 0; i < MAX_COUNT; i++) {
                l.writeLock().lock();
            }
            tr.add("write hold count", l.getWriteHoldCount());
            tr.run("write lock() past the maximum", l.writeLock()::lock);
            tr.call("write tryLock() past the maximum", l.writeLock()::tryLock);
            tr.call("write tryLock(1s) past the maximum", () -> l.writeLock().tryLock(1, SECONDS));
            tr.run("write lockInterruptibly() past the maximum", l.writeLock()::lockInterruptibly);
            Error e = assertThrows(Error.class, () -> l.writeLock().lock());
            assertEquals("Maximum lock count exceeded", e.getMessage());
            tr.add("write hold count", l.getWriteHoldCount());
            for (int i = 0; i < MAX_COUNT; i++) {
                l.writeLock().unlock();
            }
            for (int i = 0; i < MAX_COUNT; i++) {
                l.readLock().lock();
            }
            tr.add("read hold count", l.getReadHoldCount());
            tr.run("read lock() past the maximum", l.readLock()::lock);
            tr.call("read tryLock() past the maximum", l.readLock()::tryLock);
            tr.call("read tryLock(1s) past the maximum", () -> l.readLock().tryLock(1, SECONDS));
            tr.run("read lockInterruptibly() past the maximum", l.readLock()::lockInterruptibly);
            Trace other = new Trace();
            Threads.start("another-reader", () -> {
                other.run("read lock() when the shared count is at the maximum", l.readLock()::lock);
                other.call("read tryLock()", l.readLock()::tryLock);
                other.add("read hold count", l.getReadHoldCount());
            }).get();
            tr.merge("another-reader", other);
            tr.add("read hold count", l.getReadHoldCount());
            tr.add("read lock count", l.getReadLockCount());
            for (int i = 0; i < MAX_COUNT; i++) {
                l.readLock().unlock();
            }
            state(tr, "end", l);
        });
    }

    /**
     * Freed while a writer is queued, a fair lock's write lock is not taken past that writer by the releasing thread's
     * next lock(), which comes before the queued thread has run. A lock() that barges there takes it first almost
     * every time.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void aFairWriteLockFreedWhileAWriterIsQueuedGoesToThatWriterFirst(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            List<String> order = new CopyOnWriteArrayList<>();
            l.writeLock().lock();
            Threads.Running<Void> queued = Threads.taker("queued", l.writeLock(), order);
            awaitQueued(l, queued.thread());
            l.writeLock().unlock();
            l.writeLock().lock();
            try {
                order.add("releaser, again");
            } finally {
                l.writeLock().unlock();
            }
            queued.get();
            if (im.fair()) {
                assertEquals(List.of("queued", "releaser, again"), order, "a fair lock goes to the queued writer first");
                tr.add("order granted", order);
            } else {
                tr.add("both granted", order.stream().sorted().toList());
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void queueInspectionAndFairOrder(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            l.writeLock().lock();
            List<String> order = new CopyOnWriteArrayList<>();
            List<Threads.Running<Void>> queued = new ArrayList<>();
            queued.add(Threads.taker("r1", l.readLock(), order));
            awaitQueued(l, queued.get(0).thread());
            queued.add(Threads.taker("w", l.writeLock(), order));
            awaitQueued(l, queued.get(1).thread());
            queued.add(Threads.taker("r2", l.readLock(), order));
            awaitQueued(l, queued.get(2).thread());
            state(tr, "three queued", l);
            tr.add("getQueuedThreads in the order returned", Trace.names(exposed(l).getQueuedThreads()));
            tr.add("getQueuedWriterThreads", Trace.names(exposed(l).getQueuedWriterThreads()));
            tr.add("getQueuedReaderThreads in the order returned", Trace.names(exposed(l).getQueuedReaderThreads()));
            assertEquals(List.of("w"), Trace.names(exposed(l).getQueuedWriterThreads()));
            assertEquals(List.of("r1", "r2"), Trace.sortedNames(exposed(l).getQueuedReaderThreads()));
            for (Threads.Running<Void> r : queued) {
                tr.add("hasQueuedThread(" + r.thread().getName() + ")", l.hasQueuedThread(r.thread()));
            }
            tr.add("hasQueuedThread(owner)", l.hasQueuedThread(Thread.currentThread()));
            tr.run("hasQueuedThread(null)", () -> l.hasQueuedThread(null));
            assertSame(Thread.currentThread(), exposed(l).getOwner());
            l.writeLock().unlock();
            for (Threads.Running<Void> r : queued) {
                r.get();
            }
            if (im.fair()) {
                assertEquals(List.of("r1", "w", "r2"), order, "a fair lock is granted in arrival order");
                tr.add("order granted", order);
            } else {
                tr.add("all granted", order.stream().sorted().toList());
            }
            state(tr, "end", l);
        });
    }
}
