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
import org.openjdk.jcstress.infra.results.IIJ_Result;

/**
 * Visibility: the first thread fills a plain object <em>before</em> taking the lock and publishes it inside; the next
 * holder reads it. Only the unlock-to-lock edge orders the object's fields before the reader's loads, so seeing the
 * reference without its contents (or a torn long) means that edge is missing. The reader uses the same mutex, or the
 * read lock of the read/write lock whose write lock the writer used. r1, r2, r3: the fields seen, -1 when the
 * reader came first.
 */
@Description("What a holder wrote before unlock() is seen by the next holder")
@Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "reader first: nothing published yet")
@Outcome(id = "1, 2, -1", expect = ACCEPTABLE, desc = "published object seen complete")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "published reference seen without its contents")
public abstract class LockPublishes {
    static final String NAME = "jcstress.LockPublishes";

    /** Deliberately mutable with plain fields: nothing but the lock makes them visible. */
    static final class Box {
        int a;
        int b;
        long c;
    }

    private final Lock publisher;
    private final Lock reader;
    private Box shared;

    LockPublishes(Side publisher, Side reader) {
        this.publisher = publisher.lock();
        this.reader = reader.lock();
    }

    final void publish() {
        Box box = new Box();
        box.a = 1;
        box.b = 2;
        box.c = -1L;
        publisher.lock();
        try {
            shared = box;
        } finally {
            publisher.unlock();
        }
    }

    final void read(IIJ_Result r) {
        Box box;
        reader.lock();
        try {
            box = shared;
        } finally {
            reader.unlock();
        }
        if (box == null) {
            r.r1 = -1;
            r.r2 = -1;
            r.r3 = -1;
        } else {
            r.r1 = box.a;
            r.r2 = box.b;
            r.r3 = box.c;
        }
    }

    @JCStressTest
    @State
    public static class MutexNonfair extends LockPublishes {
        public MutexNonfair() {
            this(Side.mutex(NAME, false));
        }

        private MutexNonfair(Side mutex) {
            super(mutex, mutex);
        }

        @Actor
        public void actor1() {
            publish();
        }

        @Actor
        public void actor2(IIJ_Result r) {
            read(r);
        }
    }

    @JCStressTest
    @State
    public static class MutexFair extends LockPublishes {
        public MutexFair() {
            this(Side.mutex(NAME, true));
        }

        private MutexFair(Side mutex) {
            super(mutex, mutex);
        }

        @Actor
        public void actor1() {
            publish();
        }

        @Actor
        public void actor2(IIJ_Result r) {
            read(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteToReadNonfair extends LockPublishes {
        public WriteToReadNonfair() {
            this(new Side.ReadWrite(NAME, false));
        }

        private WriteToReadNonfair(Side.ReadWrite rw) {
            super(rw.write, rw.read);
        }

        @Actor
        public void actor1() {
            publish();
        }

        @Actor
        public void actor2(IIJ_Result r) {
            read(r);
        }
    }

    @JCStressTest
    @State
    public static class WriteToReadFair extends LockPublishes {
        public WriteToReadFair() {
            this(new Side.ReadWrite(NAME, true));
        }

        private WriteToReadFair(Side.ReadWrite rw) {
            super(rw.write, rw.read);
        }

        @Actor
        public void actor1() {
            publish();
        }

        @Actor
        public void actor2(IIJ_Result r) {
            read(r);
        }
    }
}
