package io.lockaware;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DeadlockAwareMutex} against {@link ReentrantLock}: every scenario runs on the JDK class and on ours, fair and
 * nonfair, and what it observes (return values, exceptions with their messages, hold counts, owners, queues, condition
 * waiters, toString) must be identical. Each scenario also asserts the documented contract, so a scenario that is
 * wrong about the JDK fails on the JDK run.
 *
 * <p>Our lock is used the way the JSR-166 TCK uses it: through a subclass built with the unnamed constructors that
 * makes the protected inspection methods public.
 */
@Tag("parity")
@Timeout(30)
class MutexParityTest {

    /** The protected methods of ReentrantLock, made public by the test subclasses. */
    interface Exposed {
        Thread getOwner();

        Collection<Thread> getQueuedThreads();

        Collection<Thread> getWaitingThreads(Condition c);
    }

    static final class JdkMutex extends ReentrantLock implements Exposed {
        private static final long serialVersionUID = 1L;

        JdkMutex(boolean fair) {
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
        public Collection<Thread> getWaitingThreads(Condition c) {
            return super.getWaitingThreads(c);
        }
    }

    static final class OurMutex extends DeadlockAwareMutex implements Exposed {
        private static final long serialVersionUID = 1L;

        OurMutex(boolean fair) {
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
        public Collection<Thread> getWaitingThreads(Condition c) {
            return super.getWaitingThreads(c);
        }
    }

    record Impl(boolean ours, boolean fair) {
        ReentrantLock create() {
            return ours ? new OurMutex(fair) : new JdkMutex(fair);
        }

        @Override
        public String toString() {
            return (ours ? "DeadlockAwareMutex" : "ReentrantLock") + (fair ? " fair" : " nonfair");
        }
    }

    static Stream<Impl> impls() {
        return Stream.of(new Impl(false, false), new Impl(false, true), new Impl(true, false), new Impl(true, true));
    }

    interface Scenario {
        void run(ReentrantLock lock, Impl impl, Trace tr) throws Exception;
    }

    /** Runs the scenario on {@code impl}; for ours, runs it on the JDK class too and compares what both observed. */
    static void check(Impl impl, Scenario s) throws Exception {
        List<String> got = run(impl, s);
        if (impl.ours()) {
            List<String> jdk = run(new Impl(false, impl.fair()), s);
            assertEquals(String.join("\n", jdk), String.join("\n", got), "DeadlockAwareMutex differs from ReentrantLock");
        }
    }

    private static List<String> run(Impl impl, Scenario s) throws Exception {
        Trace tr = new Trace();
        ReentrantLock lock = impl.create();
        s.run(lock, impl, tr);
        assertFalse(Thread.interrupted(), impl + ": scenario left the interrupt status set");
        assertFalse(lock.isLocked(), impl + ": scenario left the lock held");
        return tr.lines();
    }

    @BeforeEach
    @AfterEach
    void clean() {
        Thread.interrupted();
        LockAware.forgetLearnedOrder(); // also restores the default policy (log), which never changes behaviour
    }

    // ----------------------------------------------------------------------------------------------- helpers

    static Exposed exposed(ReentrantLock l) {
        return (Exposed) l;
    }

    static void state(Trace tr, String when, ReentrantLock l) {
        tr.add(when + ": isLocked", l.isLocked());
        tr.add(when + ": isHeldByCurrentThread", l.isHeldByCurrentThread());
        tr.add(when + ": getHoldCount", l.getHoldCount());
        Thread owner = exposed(l).getOwner();
        tr.add(when + ": getOwner", owner == null ? null : owner.getName());
        tr.add(when + ": hasQueuedThreads", l.hasQueuedThreads());
        tr.add(when + ": getQueueLength", l.getQueueLength());
        tr.add(when + ": getQueuedThreads", Trace.sortedNames(exposed(l).getQueuedThreads()));
        tr.add(when + ": toString", Trace.state(l));
    }

    static void awaitQueued(ReentrantLock l, Thread t) {
        Threads.await(t.getName() + " is queued", () -> l.hasQueuedThread(t));
    }

    /** Waits until {@code t} is in the condition's wait queue (it released the lock to wait). */
    static void awaitWaiting(ReentrantLock l, Condition c, Thread t) {
        Threads.await(t.getName() + " waits on the condition", () -> {
            l.lock();
            try {
                return exposed(l).getWaitingThreads(c).contains(t);
            } finally {
                l.unlock();
            }
        });
    }

    // ----------------------------------------------------------------------------------------------- scenarios

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void stateOfAFreshAndOfAHeldLock(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            tr.add("isFair", l.isFair());
            assertEquals(im.fair(), l.isFair());
            tr.add("toString starts with the identity", Trace.identityPrefix(l));
            state(tr, "fresh", l);
            assertEquals("[Unlocked]", Trace.state(l));
            l.lock();
            state(tr, "locked once", l);
            l.lock();
            l.lock();
            state(tr, "locked three times", l);
            assertEquals(3, l.getHoldCount());
            assertEquals(Thread.currentThread(), exposed(l).getOwner());
            assertEquals("[Locked by thread " + Thread.currentThread().getName() + "]", Trace.state(l));
            Trace seen = new Trace();
            Threads.start("observer", () -> state(seen, "seen from another thread", l)).get();
            tr.merge("observer", seen);
            l.unlock();
            state(tr, "after one unlock", l);
            l.unlock();
            l.unlock();
            state(tr, "after three unlocks", l);
            assertFalse(l.isLocked());
            Lock asLock = l;
            asLock.lock();
            tr.add("through the Lock interface: held", l.isHeldByCurrentThread());
            asLock.unlock();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void unlockingALockNotHeldThrowsIllegalMonitorState(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            tr.run("unlock, never locked", l::unlock);
            assertThrows(IllegalMonitorStateException.class, l::unlock);
            l.lock();
            Trace other = new Trace();
            Threads.start("intruder", () -> {
                other.run("unlock a lock held by main", l::unlock);
                assertThrows(IllegalMonitorStateException.class, l::unlock);
            }).get();
            tr.merge("intruder", other);
            state(tr, "after the intruder's unlock", l);
            assertEquals(1, l.getHoldCount());
            l.unlock();
            tr.run("unlock once too often", l::unlock);
            state(tr, "after the extra unlock", l);
            l.lock();
            l.lock();
            state(tr, "usable again", l);
            l.unlock();
            l.unlock();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void tryLockAndTimedTryLock(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            tr.call("tryLock() on a free lock", l::tryLock);
            tr.call("tryLock() re-entry", l::tryLock);
            tr.call("tryLock(0s) re-entry", () -> l.tryLock(0, SECONDS));
            tr.add("holdCount", l.getHoldCount());
            assertEquals(3, l.getHoldCount());
            l.unlock();
            l.unlock();
            l.unlock();
            Hold holder = Hold.start("holder", l);
            Trace other = new Trace();
            Threads.start("contender", () -> {
                other.call("tryLock() while held elsewhere", l::tryLock);
                other.call("tryLock(0ms) while held elsewhere", () -> l.tryLock(0, MILLISECONDS));
                other.call("tryLock(-1s) while held elsewhere", () -> l.tryLock(-1, SECONDS));
                long start = System.nanoTime();
                assertFalse(l.tryLock(20, MILLISECONDS));
                other.add("tryLock(20ms) waited its timeout", System.nanoTime() - start >= MILLISECONDS.toNanos(20));
                other.add("holdCount", l.getHoldCount());
                other.add("queued after giving up", l.hasQueuedThread(Thread.currentThread()));
            }).get();
            tr.merge("contender", other);
            Threads.Running<Boolean> waiter = Threads.start("waiter", () -> {
                boolean got = l.tryLock(Threads.TIMEOUT.toMillis(), MILLISECONDS);
                try {
                    return got && l.isHeldByCurrentThread() && l.getHoldCount() == 1;
                } finally {
                    if (got) {
                        l.unlock();
                    }
                }
            });
            awaitQueued(l, waiter.thread());
            state(tr, "holder holds, waiter queued", l);
            holder.release();
            tr.add("timed tryLock acquires once the holder lets go", waiter.get());
            assertTrue(waiter.get());
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void queueInspectionAndFairOrder(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            l.lock();
            List<String> order = new CopyOnWriteArrayList<>();
            List<Threads.Running<Void>> queued = new ArrayList<>();
            for (String name : List.of("q1", "q2", "q3")) {
                Threads.Running<Void> r = Threads.taker(name, l, order);
                awaitQueued(l, r.thread());
                queued.add(r);
            }
            state(tr, "three queued", l);
            assertEquals(3, l.getQueueLength());
            tr.add("getQueuedThreads in the order returned", Trace.names(exposed(l).getQueuedThreads()));
            for (Threads.Running<Void> r : queued) {
                tr.add("hasQueuedThread(" + r.thread().getName() + ")", l.hasQueuedThread(r.thread()));
                assertTrue(l.hasQueuedThread(r.thread()));
            }
            tr.add("hasQueuedThread(owner)", l.hasQueuedThread(Thread.currentThread()));
            tr.run("hasQueuedThread(null)", () -> l.hasQueuedThread(null));
            l.unlock();
            for (Threads.Running<Void> r : queued) {
                r.get();
            }
            if (im.fair()) {
                assertEquals(List.of("q1", "q2", "q3"), order, "a fair lock is granted in arrival order");
                tr.add("order granted", order);
            } else {
                tr.add("all granted", order.stream().sorted().toList());
            }
            state(tr, "all done", l);
        });
    }

    /**
     * Freed while a thread is queued, a fair lock is not taken past that thread by a new lock() of the releasing
     * thread, which comes before the queued thread has run (its first attempt is the fast path). A lock() that barges
     * there takes the lock first almost every time.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void aFairLockFreedWhileAThreadIsQueuedGoesToThatThreadFirst(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            List<String> order = new CopyOnWriteArrayList<>();
            l.lock();
            Threads.Running<Void> queued = Threads.taker("queued", l, order);
            awaitQueued(l, queued.thread());
            l.unlock();
            l.lock();
            try {
                order.add("releaser, again");
            } finally {
                l.unlock();
            }
            queued.get();
            if (im.fair()) {
                assertEquals(List.of("queued", "releaser, again"), order, "a fair lock goes to the queued thread first");
                tr.add("order granted", order);
            } else {
                tr.add("both granted", order.stream().sorted().toList());
            }
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void interruptibleAcquisitionsThrowForAnInterruptedThreadEvenWhenTheLockIsFree(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            Thread me = Thread.currentThread();
            me.interrupt();
            tr.run("lockInterruptibly(), interrupted, lock free", l::lockInterruptibly);
            tr.add("  interrupt status afterwards", Thread.interrupted());
            tr.add("  isLocked", l.isLocked());
            me.interrupt();
            assertThrows(InterruptedException.class, l::lockInterruptibly);
            assertFalse(l.isLocked());
            me.interrupt();
            tr.call("tryLock(1s), interrupted, lock free", () -> l.tryLock(1, SECONDS));
            tr.add("  interrupt status afterwards", Thread.interrupted());
            me.interrupt();
            assertThrows(InterruptedException.class, () -> l.tryLock(0, SECONDS));
            assertFalse(l.isLocked());
            me.interrupt();
            tr.call("tryLock(), interrupted", l::tryLock);
            tr.add("  interrupt status kept", Thread.interrupted());
            l.unlock();
            me.interrupt();
            tr.run("lock(), interrupted", l::lock);
            tr.add("  interrupt status kept", Thread.interrupted());
            me.interrupt();
            tr.run("lockInterruptibly() re-entry, interrupted", l::lockInterruptibly);
            tr.add("  interrupt status afterwards", Thread.interrupted());
            me.interrupt();
            tr.call("tryLock(1s) re-entry, interrupted", () -> l.tryLock(1, SECONDS));
            tr.add("  interrupt status afterwards", Thread.interrupted());
            tr.add("holdCount", l.getHoldCount());
            assertEquals(1, l.getHoldCount());
            l.unlock();
            state(tr, "after the immediate cases", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void interruptWhileBlocked(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            Hold holder = Hold.start("holder", l);
            List<Threads.ThrowingRunnable> interruptible = List.of(l::lockInterruptibly,
                    () -> l.tryLock(Threads.TIMEOUT.toMillis(), MILLISECONDS));
            for (int i = 0; i < interruptible.size(); i++) {
                Threads.ThrowingRunnable acquire = interruptible.get(i);
                Trace sub = new Trace();
                Threads.Running<Void> r = Threads.start("blocked-" + i, () -> {
                    sub.run("interruptible acquisition", acquire);
                    sub.add("holds the lock", l.isHeldByCurrentThread());
                    sub.add("interrupt status", Thread.currentThread().isInterrupted());
                });
                awaitQueued(l, r.thread());
                r.thread().interrupt();
                r.get();
                tr.merge("blocked-" + i, sub);
                state(tr, "after blocked-" + i + " gave up", l);
            }
            // lock() is not interruptible: it keeps waiting and acquires with the interrupt status still set
            Trace sub = new Trace();
            Threads.Running<Void> r = Threads.start("uninterruptible", () -> {
                l.lock();
                try {
                    sub.add("acquired with interrupt status", Thread.currentThread().isInterrupted());
                } finally {
                    l.unlock();
                }
            });
            awaitQueued(l, r.thread());
            r.thread().interrupt();
            tr.add("still queued after the interrupt", l.hasQueuedThread(r.thread()));
            holder.release();
            r.get();
            tr.merge("uninterruptible", sub);
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void conditionMisuse(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            Condition c = l.newCondition();
            Condition otherLocks = im.create().newCondition();
            Condition plainJdk = new ReentrantLock().newCondition();
            Condition ours = new DeadlockAwareMutex("parity.mutex.foreign").newCondition();
            for (Await a : Await.values()) {
                tr.run(a + " without holding the lock", () -> a.await(c));
            }
            tr.run("signal() without holding the lock", c::signal);
            tr.run("signalAll() without holding the lock", c::signalAll);
            assertThrows(IllegalMonitorStateException.class, c::await);
            assertThrows(IllegalMonitorStateException.class, c::signal);
            for (boolean held : new boolean[] {false, true}) {
                if (held) {
                    l.lock();
                }
                String when = held ? " (held)" : " (not held)";
                inspect(tr, "own condition" + when, l, c, true);
                inspect(tr, "null" + when, l, null, true);
                inspect(tr, "another lock's condition" + when, l, otherLocks, true);
                // The two kinds of foreign condition are not the same object for the two classes: compare classes only.
                inspect(tr, "a ReentrantLock's condition" + when, l, plainJdk, false);
                inspect(tr, "a DeadlockAwareMutex's condition" + when, l, ours, false);
                assertThrows(NullPointerException.class, () -> l.hasWaiters(null));
                assertThrows(IllegalArgumentException.class, () -> l.getWaitQueueLength(otherLocks));
                if (held) {
                    assertFalse(l.hasWaiters(c));
                    l.unlock();
                } else {
                    assertThrows(IllegalMonitorStateException.class, () -> l.hasWaiters(c));
                }
            }
            tr.add("newCondition() gives a new condition each time", l.newCondition() != l.newCondition());
        });
    }

    private static void inspect(Trace tr, String what, ReentrantLock l, Condition c, boolean messages) {
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
    void awaitReleasesEveryHoldAndSignalRestoresThem(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            Condition c = l.newCondition();
            Trace t1 = new Trace();
            Trace t2 = new Trace();
            Threads.Running<Void> w1 = Threads.start("waiter1", () -> {
                l.lock();
                l.lock();
                try {
                    c.await();
                    t1.add("after await: holdCount", l.getHoldCount());
                    t1.add("after await: owner is me", exposed(l).getOwner() == Thread.currentThread());
                } finally {
                    l.unlock();
                    l.unlock();
                }
            });
            awaitWaiting(l, c, w1.thread());
            Threads.Running<Void> w2 = Threads.start("waiter2", () -> {
                l.lock();
                try {
                    t2.call("await(timeout) signalled", () -> c.await(Threads.TIMEOUT.toMillis(), MILLISECONDS));
                    t2.add("holdCount", l.getHoldCount());
                } finally {
                    l.unlock();
                }
            });
            awaitWaiting(l, c, w2.thread());
            l.lock();
            try {
                state(tr, "two waiting, main holds", l);
                assertEquals(1, l.getHoldCount(), "await released both of waiter1's holds");
                tr.add("hasWaiters", l.hasWaiters(c));
                tr.add("getWaitQueueLength", l.getWaitQueueLength(c));
                tr.add("getWaitingThreads", Trace.names(exposed(l).getWaitingThreads(c)));
                assertEquals(2, l.getWaitQueueLength(c));
                c.signal();
                tr.add("after signal: getWaitingThreads", Trace.names(exposed(l).getWaitingThreads(c)));
                tr.add("after signal: queued for the lock", Trace.names(exposed(l).getQueuedThreads()));
                c.signalAll();
                tr.add("after signalAll: hasWaiters", l.hasWaiters(c));
                tr.add("after signalAll: getWaitQueueLength", l.getWaitQueueLength(c));
                tr.add("after signalAll: queued for the lock", Trace.sortedNames(exposed(l).getQueuedThreads()));
                assertFalse(l.hasWaiters(c));
            } finally {
                l.unlock();
            }
            w1.get();
            w2.get();
            tr.merge("waiter1", t1);
            tr.merge("waiter2", t2);
            assertEquals(List.of("after await: holdCount = 2", "after await: owner is me = true"), t1.lines());
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void timedAwaitsTimeOutAndKeepTheHold(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            Condition c = l.newCondition();
            l.lock();
            l.lock();
            try {
                tr.add("awaitNanos(1ms) <= 0", c.awaitNanos(1_000_000) <= 0);
                tr.add("awaitNanos(0) <= 0", c.awaitNanos(0) <= 0);
                tr.add("awaitNanos(-1) <= 0", c.awaitNanos(-1) <= 0);
                tr.call("await(1ms)", () -> c.await(1, MILLISECONDS));
                tr.call("await(0ms)", () -> c.await(0, MILLISECONDS));
                tr.call("awaitUntil(in 1ms)", () -> c.awaitUntil(new Date(System.currentTimeMillis() + 1)));
                tr.call("awaitUntil(the past)", () -> c.awaitUntil(new Date(0)));
                tr.call("await(1, null)", () -> c.await(1, null));
                tr.call("awaitUntil(null)", () -> c.awaitUntil(null));
                state(tr, "after the timed waits", l);
                assertEquals(2, l.getHoldCount());
            } finally {
                l.unlock();
                l.unlock();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void awaitAndInterrupts(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            Condition c = l.newCondition();
            l.lock();
            try {
                for (Await a : Await.INTERRUPTIBLE) {
                    Thread.currentThread().interrupt();
                    tr.run(a + " while interrupted", () -> a.await(c));
                    tr.add("  interrupt status afterwards", Thread.interrupted());
                    tr.add("  holdCount afterwards", l.getHoldCount());
                }
            } finally {
                l.unlock();
            }
            for (Await a : Await.INTERRUPTIBLE) {
                Trace sub = new Trace();
                Threads.Running<Void> r = Threads.start("waiter-" + a, () -> {
                    l.lock();
                    try {
                        sub.run(a + " interrupted while waiting", () -> a.await(c));
                        sub.add("holds the lock when it returns", l.isHeldByCurrentThread());
                        sub.add("interrupt status", Thread.currentThread().isInterrupted());
                    } finally {
                        l.unlock();
                    }
                });
                awaitWaiting(l, c, r.thread());
                r.thread().interrupt();
                r.get();
                tr.merge(r.thread().getName(), sub);
                assertEquals("holds the lock when it returns = true", sub.lines().get(1));
            }
            Trace sub = new Trace();
            Threads.Running<Void> r = Threads.start("uninterruptible-waiter", () -> {
                l.lock();
                try {
                    Thread.currentThread().interrupt();
                    c.awaitUninterruptibly();
                    sub.add("returns with interrupt status", Thread.interrupted());
                    sub.add("holds the lock", l.isHeldByCurrentThread());
                } finally {
                    l.unlock();
                }
            });
            awaitWaiting(l, c, r.thread());
            r.thread().interrupt();
            l.lock();
            try {
                tr.add("awaitUninterruptibly still waits after interrupts", l.hasWaiters(c));
                c.signal();
            } finally {
                l.unlock();
            }
            r.get();
            tr.merge("uninterruptible-waiter", sub);
            state(tr, "end", l);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void aDeserializedLockIsUnlockedAndUsable(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            l.lock();
            ReentrantLock clone = Trace.serialClone(l);
            tr.add("same class", clone.getClass() == l.getClass());
            tr.add("same fairness", clone.isFair() == l.isFair());
            state(tr, "clone", clone);
            state(tr, "original", l);
            assertFalse(clone.isLocked());
            clone.lock();
            clone.lock();
            state(tr, "clone locked twice", clone);
            Condition c = clone.newCondition();
            tr.add("clone's condition: getWaitQueueLength", clone.getWaitQueueLength(c));
            clone.unlock();
            clone.unlock();
            l.unlock();
            state(tr, "clone at the end", clone);
        });
    }

    /** Integer.MAX_VALUE re-entries take too long to make; the synchronizer's state is set to the maximum instead. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void maximumHoldCountIsAnError(Impl impl) throws Exception {
        check(impl, (l, im, tr) -> {
            l.lock();
            setState(l, Integer.MAX_VALUE);
            tr.add("holdCount at the maximum", l.getHoldCount());
            tr.run("lock() past the maximum", l::lock);
            tr.call("tryLock() past the maximum", l::tryLock);
            tr.call("tryLock(1s) past the maximum", () -> l.tryLock(1, SECONDS));
            tr.run("lockInterruptibly() past the maximum", l::lockInterruptibly);
            Error e = assertThrows(Error.class, l::lock);
            assertEquals("Maximum lock count exceeded", e.getMessage());
            tr.add("holdCount unchanged", l.getHoldCount());
            setState(l, 1);
            l.unlock();
            state(tr, "after", l);
            l.lock();
            l.unlock();
        });
    }

    static void setState(ReentrantLock l, int state) throws Exception {
        Field sync = ReentrantLock.class.getDeclaredField("sync");
        sync.setAccessible(true); // needs --add-opens java.base/java.util.concurrent.locks=ALL-UNNAMED (see pom.xml)
        Method setState = AbstractQueuedSynchronizer.class.getDeclaredMethod("setState", int.class);
        setState.setAccessible(true);
        setState.invoke(sync.get(l), state);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void aSubclassBuiltWithoutANameIsStillTheRightKindOfLock(Impl impl) {
        ReentrantLock l = impl.create();
        if (impl.ours() && LockAware.isEnabled()) {
            DeadlockAwareMutex m = assertInstanceOf(DeadlockAwareMutex.class, l);
            String expected = MutexParityTest.class.getName();
            assertTrue(m.getName().startsWith(expected + "$Impl:") || m.getName().startsWith(expected + ":"),
                    "an unnamed lock is named after the line that built it, outside lock constructors: " + m.getName());
        }
        assertEquals(impl.fair(), l.isFair());
    }
}
