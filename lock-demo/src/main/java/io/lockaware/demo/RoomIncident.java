package io.lockaware.demo;

import io.lockaware.DeadlockAwareRWLock;
import io.lockaware.LockAware;
import io.lockaware.ReportKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Incident 1. A chat room sends each broadcast to its members one by one while holding the room's read lock. One
 * member's connection is slow (here: a real loopback socket whose peer stops reading), so the read lock is held
 * for seconds; add() queues for the write lock, and every later reader queues behind add().
 */
final class RoomIncident implements Incident {
    private static final int PAYLOAD = 4 << 20;

    @Override
    public String title() {
        return "1. Room add/broadcast: a slow reader freezes the room";
    }

    @Override
    public String story() {
        return "broadcast() holds room.members (read) while it writes to every member's socket; one member is slow.\n"
                + "add() waits for the write lock, and every later reader waits behind add(): the whole room freezes.";
    }

    /** The room: the one-line swap from ReentrantReadWriteLock is the only lockaware-specific line. */
    static final class Room {
        private final ReadWriteLock lock = new DeadlockAwareRWLock("room.members");
        private final List<OutputStream> members = new ArrayList<>();

        void add(OutputStream member) {
            lock.writeLock().lock();
            try {
                members.add(member);
            } finally {
                lock.writeLock().unlock();
            }
        }

        int size() {
            lock.readLock().lock();
            try {
                return members.size();
            } finally {
                lock.readLock().unlock();
            }
        }

        void broadcast(byte[] message) throws IOException {
            lock.readLock().lock();
            try {
                for (OutputStream m : members) {
                    m.write(message); // a slow member blocks here, read lock held
                    m.flush();
                }
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    @Override
    public String play(PrintStream out) throws Exception {
        LockAware.setWaitWarn(Duration.ofMillis(300));
        LockAware.setHoldWarn(Duration.ofMinutes(1));
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(8192);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket client = new Socket()) {
                client.setSendBufferSize(8192);
                client.connect(server.getLocalSocketAddress(), 5000);
                try (Socket slowPeer = server.accept(); Workers w = new Workers()) {
                    Room room = new Room();
                    room.add(client.getOutputStream());
                    CountDownLatch drain = new CountDownLatch(1);
                    FutureTask<Void> reader = w.run("slow-member", () -> drainWhenAllowed(slowPeer.getInputStream(), drain));
                    FutureTask<Void> broadcast = w.run("broadcaster", () -> room.broadcast(new byte[PAYLOAD]));
                    awaitSocketBlocked(w.thread(1));
                    FutureTask<Void> add = w.run("room-add", () -> room.add(OutputStream.nullOutputStream()));
                    Workers.awaitBlocked(w.thread(2));
                    FutureTask<Integer> late = w.start("late-reader", room::size);
                    Workers.awaitBlocked(w.thread(3));
                    // Let the watchdog see the waits pass lockaware.wait.warn, then let the slow member catch up.
                    Demo.REPORTS.await(ReportKind.LONG_WAIT, 2);
                    drain.countDown();
                    Workers.result(broadcast);
                    Workers.result(add);
                    Workers.result(reader);
                    return "the slow member caught up; broadcast, add() and the late reader finished (room size "
                            + Workers.result(late) + ")";
                }
            }
        }
    }

    private static void drainWhenAllowed(InputStream in, CountDownLatch go) throws Exception {
        if (!go.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never allowed to drain");
        }
        byte[] buf = new byte[64 << 10];
        int total = 0;
        while (total < PAYLOAD) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            total += n;
        }
    }

    /** The broadcaster is stuck in the socket write once it is RUNNABLE inside socketWrite0 or parked in NIO. */
    private static void awaitSocketBlocked(Thread t) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getMethodName().startsWith("socketWrite") || e.getMethodName().equals("park")
                        || e.getMethodName().startsWith("implWrite") || e.getMethodName().equals("poll")) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("broadcaster never blocked on the socket");
            }
            Thread.onSpinWait();
        }
    }
}
