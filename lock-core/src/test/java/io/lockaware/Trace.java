package io.lockaware;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What one run of a parity scenario observed, line by line. The same scenario runs against the JDK lock and against
 * ours; the two traces must be equal. Only deterministic observations go in (no timings, no identity hash codes),
 * and lines from other threads are merged by the scenario's main thread at a known point.
 */
final class Trace {
    private final List<String> lines = new ArrayList<>();

    synchronized void add(String what, Object value) {
        lines.add(what + " = " + value);
    }

    /** Runs {@code body}, records its result or the exception it threw (class and message), and returns the result. */
    <T> T call(String what, Callable<T> body) {
        try {
            T v = body.call();
            add(what, v);
            return v;
        } catch (Exception | Error e) {
            add(what, outcome(e));
            return null;
        }
    }

    void run(String what, Threads.ThrowingRunnable body) {
        call(what, () -> {
            body.run();
            return "returned";
        });
    }

    /** The exception as compared: class and message (the JDK's messages are part of what users see). */
    static String outcome(Throwable e) {
        return "threw " + e.getClass().getName() + ": " + e.getMessage();
    }

    synchronized void merge(String prefix, Trace other) {
        for (String l : other.lines()) {
            lines.add(prefix + ": " + l);
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The part of a lock's toString after its identity ("ClassName@hash"), which differs between classes. */
    static String state(Object lock) {
        String s = lock.toString();
        int i = s.indexOf('[');
        return i < 0 ? "(no state in " + s + ")" : s.substring(i);
    }

    /** toString starts with Object's identity string, as in the JDK. */
    static boolean identityPrefix(Object lock) {
        return lock.toString().startsWith(lock.getClass().getName() + "@" + Integer.toHexString(lock.hashCode()));
    }

    static List<String> names(java.util.Collection<Thread> threads) {
        List<String> out = new ArrayList<>();
        for (Thread t : threads) {
            out.add(t.getName());
        }
        return out;
    }

    static List<String> sortedNames(java.util.Collection<Thread> threads) {
        List<String> out = names(threads);
        out.sort(null);
        return out;
    }

    @SuppressWarnings("unchecked")
    static <T> T serialClone(T o) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
