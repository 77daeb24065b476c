package io.lockaware.jcstress.jdk;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.jcstress.Side;
import java.util.concurrent.locks.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A writer sets two plain fields under the write lock; a reader reads both under the read lock. A reader inside
 * together with the writer could see one field written and not the other. r1: the writer got in; r2, r3: what the
 * reader saw, or -1, -1 when it was refused. The Try variants use {@code tryLock()} on both sides.
 */
@Description("A reader and a writer are never inside together")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "reader first")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "writer first")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "writer refused while the reader was inside (Try only)")
@Outcome(id = "1, -1, -1", expect = ACCEPTABLE, desc = "reader refused while the writer was inside (Try only)")
@Outcome(id = {"1, 1, 0", "1, 0, 1"}, expect = FORBIDDEN, desc = "reader inside together with the writer")
@Outcome(id = "0, -1, -1", expect = FORBIDDEN, desc = "both refused although neither held the lock")
public abstract class ReadWriteExclusion {
    static final String NAME = "jcstress.ReadWriteExclusion";

    private final Lock read;
    private final Lock write;
    private final boolean useTryLock;
    private int x;
    private int y;

    ReadWriteExclusion(boolean fair, boolean useTryLock) {
        Side.ReadWrite rw = new Side.ReadWrite(NAME, fair);
        this.read = rw.read.lock();
        this.write = rw.write.lock();
        this.useTryLock = useTryLock;
    }

    private static boolean acquire(Lock lock, boolean useTryLock) {
        if (useTryLock) {
            return lock.tryLock();
        }
        lock.lock();
        return true;
    }

    final void writer(III_Result r) {
        if (!acquire(write, useTryLock)) {
            return;
        }
        try {
            x = 1;
            y = 1;
        } finally {
            write.unlock();
        }
        r.r1 = 1;
    }

    final void reader(III_Result r) {
        if (!acquire(read, useTryLock)) {
            r.r2 = -1;
            r.r3 = -1;
            return;
        }
        try {
            r.r2 = x;
            r.r3 = y;
        } finally {
            read.unlock();
        }
    }

    @JCStressTest
    @State
    public static class Nonfair extends ReadWriteExclusion {
        public Nonfair() {
            super(false, false);
        }

        @Actor
        public void actor1(III_Result r) {
            writer(r);
        }

        @Actor
        public void actor2(III_Result r) {
            reader(r);
        }
    }

    @JCStressTest
    @State
    public static class Fair extends ReadWriteExclusion {
        public Fair() {
            super(true, false);
        }

        @Actor
        public void actor1(III_Result r) {
            writer(r);
        }

        @Actor
        public void actor2(III_Result r) {
            reader(r);
        }
    }

    @JCStressTest
    @State
    public static class TryNonfair extends ReadWriteExclusion {
        public TryNonfair() {
            super(false, true);
        }

        @Actor
        public void actor1(III_Result r) {
            writer(r);
        }

        @Actor
        public void actor2(III_Result r) {
            reader(r);
        }
    }

    @JCStressTest
    @State
    public static class TryFair extends ReadWriteExclusion {
        public TryFair() {
            super(true, true);
        }

        @Actor
        public void actor1(III_Result r) {
            writer(r);
        }

        @Actor
        public void actor2(III_Result r) {
            reader(r);
        }
    }
}
