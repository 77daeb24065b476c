package io.lockaware.demo;

import io.lockaware.DeadlockAwareRWLock;
import io.lockaware.LockAware;
import io.lockaware.ReportKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.LockSupport;

/**
 * Incident 4. A writer holds the write lock while it marshals the document and writes it to a slow disk; readers
 * starve. The long-hold report comes while the lock is still held, with the holder's current stack, and escalates to
 * a full thread dump.
 */
final class SlowWriteIncident implements Incident {
    private static final int CHUNKS = 25;

    @Override
    public String title() {
        return "4. Write lock held across slow I/O";
    }

    @Override
    public String story() {
        return "save() holds document (write) while it marshals and writes a file to a slow disk; readers starve.";
    }

    /** Stands in for a slow disk: each chunk takes 100 ms. */
    static final class SlowDisk extends OutputStream {
        private final OutputStream file;

        SlowDisk(OutputStream file) {
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            file.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            LockSupport.parkNanos(100_000_000L);
            file.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    static final class Document {
        final DeadlockAwareRWLock lock = new DeadlockAwareRWLock("editor.document");
        final StringBuilder text = new StringBuilder("x".repeat(4096));

        void save(Path target) throws IOException {
            lock.writeLock().lock();
            try (OutputStream out = new SlowDisk(Files.newOutputStream(target))) {
                for (int i = 0; i < CHUNKS; i++) {
                    out.write(marshal());
                }
            } finally {
                lock.writeLock().unlock();
            }
        }

        byte[] marshal() {
            return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        int length() {
            lock.readLock().lock();
            try {
                return text.length();
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    @Override
    public String play(PrintStream out) throws Exception {
        LockAware.setWaitWarn(Duration.ofMinutes(1));
        LockAware.setHoldWarn(Duration.ofMillis(500));
        LockAware.setDumpAfter(Duration.ofMillis(1500));
        Path file = Files.createTempFile("lockaware-demo", ".doc");
        try (Workers w = new Workers()) {
            Document doc = new Document();
            FutureTask<Void> save = w.run("saver", () -> doc.save(file));
            Demo.REPORTS.await(ReportKind.LONG_HOLD, 1);
            FutureTask<Integer> reader = w.start("reader", doc::length);
            Workers.result(save);
            Workers.result(reader);
            return "the save finished after " + CHUNKS * 100 + " ms; the reader waited for all of it";
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
