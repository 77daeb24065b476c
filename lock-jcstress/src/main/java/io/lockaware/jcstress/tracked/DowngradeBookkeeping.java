package io.lockaware.jcstress.tracked;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.lockaware.jcstress.Side;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A writer downgrades (read taken under its write, then the write released) while a second writer waits. After the
 * downgrade the library must record the first thread as a reader with one hold and no longer as the writer; once
 * everyone is done, as nothing at all. r1, r2: its tracked read and write holds after the downgrade; r3 (arbiter):
 * holders left.
 */
@Description("A downgrade moves the tracked hold from writer to reader, and nothing is left afterwards")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "one read hold after the downgrade, nothing afterwards")
@Outcome(id = ".*", expect = FORBIDDEN, desc = "the tracked holds do not match the real ones")
public abstract class DowngradeBookkeeping {
    private final Side read;
    private final Side write;

    DowngradeBookkeeping(boolean fair) {
        Side.ReadWrite rw = new Side.ReadWrite("jcstress.DowngradeBookkeeping", fair);
        this.read = rw.read;
        this.write = rw.write;
    }

    final void downgrader(III_Result r) {
        write.lock().lock();
        read.lock().lock();
        write.lock().unlock();
        try {
            r.r1 = read.trackedHoldCount();
            r.r2 = write.trackedHoldCount();
        } finally {
            read.lock().unlock();
        }
    }

    final void writer() {
        write.lock().lock();
        write.lock().unlock();
    }

    final void verdict(III_Result r) {
        r.r3 = read.snapshot().holders().size();
    }

    @JCStressTest
    @State
    public static class Nonfair extends DowngradeBookkeeping {
        public Nonfair() {
            super(false);
        }

        @Actor
        public void actor1(III_Result r) {
            downgrader(r);
        }

        @Actor
        public void actor2() {
            writer();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            verdict(r);
        }
    }

    @JCStressTest
    @State
    public static class Fair extends DowngradeBookkeeping {
        public Fair() {
            super(true);
        }

        @Actor
        public void actor1(III_Result r) {
            downgrader(r);
        }

        @Actor
        public void actor2() {
            writer();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            verdict(r);
        }
    }
}
