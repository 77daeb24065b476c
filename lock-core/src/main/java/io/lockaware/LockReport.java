package io.lockaware;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A problem the library found, as data (for listeners, tests and tools) and as text for people ({@link #text()}).
 *
 * <p>Reports of {@linkplain ReportKind#isPotential() potential} kinds carry the lock-order {@link #edges() edges}
 * that form the problem; reports of actual kinds carry the {@link #participants() threads} involved, with what
 * each holds or waits for and its current stack.
 */
public final class LockReport {

    /** Where a report stands in the life of its problem. Potential problems are reported once, as {@link #NEW}. */
    public enum Stage {
        /** First report of this problem. */
        NEW,
        /** The problem is still going on; sent at growing intervals (2x, 4x, 8x the threshold). */
        REMINDER,
        /** The problem went away; the text is a closing line such as "wait on room.members resolved after 12.3 s". */
        RESOLVED
    }

    /**
     * One edge of the lock-order graph: a thread held {@code from} in {@code heldMode} and asked for {@code to} in
     * {@code requestedMode}. {@code stack} is where that happened the first time ({@link SiteSource#FIRST_SEEN_ORDER}),
     * or now for the edge being added.
     */
    public record Edge(String from, LockMode heldMode, String to, LockMode requestedMode, String thread,
                       boolean bounded, List<StackTraceElement> stack) {
        public Edge {
            stack = List.copyOf(stack);
        }
    }

    /**
     * A thread involved in an actual problem: what it holds or waits for, for how long, where it took the lock, and
     * what it is doing now. {@code role} is a short word such as {@code waiter}, {@code holder}, {@code queued-writer}.
     */
    public record Participant(String thread, long threadId, Thread.State state, String role, String lock,
                              LockMode mode, Duration duration, List<StackTraceElement> acquiredAt,
                              SiteSource acquiredAtSource, List<StackTraceElement> currentStack) {
        public Participant {
            acquiredAt = List.copyOf(acquiredAt);
            currentStack = List.copyOf(currentStack);
        }
    }

    private final ReportKind kind;
    private final Stage stage;
    private final boolean bounded;
    private final Instant time;
    private final String summary;
    private final String text;
    private final List<String> locks;
    private final List<String> threads;
    private final List<Edge> edges;
    private final List<Participant> participants;
    private final String key;

    LockReport(ReportKind kind, boolean bounded, String summary, String text, List<String> locks,
               List<String> threads, List<Edge> edges, List<Participant> participants, String key) {
        this(kind, Stage.NEW, bounded, summary, text, locks, threads, edges, participants, key);
    }

    LockReport(ReportKind kind, Stage stage, boolean bounded, String summary, String text, List<String> locks,
               List<String> threads, List<Edge> edges, List<Participant> participants, String key) {
        this.kind = kind;
        this.stage = stage;
        this.bounded = bounded;
        this.time = Instant.now();
        this.summary = summary;
        this.text = text;
        this.locks = List.copyOf(locks);
        this.threads = List.copyOf(threads);
        this.edges = List.copyOf(edges);
        this.participants = List.copyOf(participants);
        this.key = key;
    }

    public ReportKind kind() {
        return kind;
    }

    /** {@link Stage#NEW} for a new problem; the watchdog also sends reminders and a closing line. */
    public Stage stage() {
        return stage;
    }

    /**
     * True when every way this problem could hang involves a timed {@code tryLock}: it would time out instead of
     * hanging forever. Such reports are warnings and are never turned into exceptions.
     */
    public boolean bounded() {
        return bounded;
    }

    public Instant time() {
        return time;
    }

    /** One line: what happened, to which locks. */
    public String summary() {
        return summary;
    }

    /** The whole report as written to the log: locks, modes, threads, stacks and what to do. */
    public String text() {
        return text;
    }

    /** Names of the lock classes involved, in the order the report discusses them. */
    public List<String> locks() {
        return locks;
    }

    /** Names of the threads involved. */
    public List<String> threads() {
        return threads;
    }

    /** For potential kinds: the lock-order edges that form the problem, the new one last. */
    public List<Edge> edges() {
        return edges;
    }

    /** For actual kinds: the threads involved and what each is doing. */
    public List<Participant> participants() {
        return participants;
    }

    /** Identity of the problem: two reports with the same key are the same problem seen again. */
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return text;
    }
}
