package io.lockaware.micrometer;

import io.lockaware.LockAware;
import io.lockaware.LockMode;
import io.lockaware.LockReport;
import io.lockaware.LockReportListener;
import io.lockaware.LockStatistics;
import io.lockaware.LockStatsListener;
import io.lockaware.ReportKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters and listeners of one {@link LockMetrics} on one registry.
 *
 * <p>Three paths, from hottest to coldest:
 * <ol>
 *   <li>{@link #waited}/{@link #held} (a lock's own thread, after a contended wait or at the end of a sampled hold):
 *   one {@code ConcurrentHashMap.get} by name, one array read, one {@code Timer.record}. Nothing is allocated.</li>
 *   <li>The first event for a name or mode: the include filter and the cap decide the name's tag value and its
 *   meters are registered, under this binding's monitor. Happens once per (name, mode).</li>
 *   <li>A scrape: the counters and gauges read a {@link Snapshot}, one {@link LockAware#statistics()} scan
 *   aggregated by tag value, refreshed at most every {@code statisticsMaxAge}. The scan registers the meters of
 *   names it sees for the first time, after it has let go of the scan lock (registration takes the registry's own
 *   locks; a gauge callback must never hold ours while it does).</li>
 * </ol>
 */
final class Binding implements LockStatsListener, LockReportListener {
    private static final Logger LOG = LoggerFactory.getLogger(LockMetrics.class);
    private static final int MODES = LockMode.values().length;
    /** Past this many remembered decisions, names (over the cap or excluded) are decided again on each event. */
    private static final int MAX_REMEMBERED_EXTRA = 10_000;

    final MeterRegistry registry;
    private final LockMetrics config;
    private final Tags tags;
    private final Duration[] extraBuckets;

    /** Decisions by lock name: a name's own entry, {@link #other}, or {@link #excluded}. */
    private final ConcurrentHashMap<String, Entry> byName = new ConcurrentHashMap<>();
    private final Entry other = new Entry(LockMetrics.OTHER);
    private final Entry excluded = new Entry(null);
    /** Names with a tag value of their own; guarded by this. */
    private int ownNames;
    private boolean capLogged;
    private boolean filterFailureLogged;
    private boolean registrationFailureLogged;

    /** Everything registered, for {@link #close()}; changed under this. */
    private final Set<Meter> meters = ConcurrentHashMap.newKeySet();
    private final EnumMap<ReportKind, Counter> reports = new EnumMap<>(ReportKind.class);
    private volatile boolean closed;

    private final Object scanLock = new Object();
    private volatile Snapshot snapshot;

    Binding(LockMetrics config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.tags = config.tags;
        this.extraBuckets = config.extraBuckets();
    }

    void start() {
        synchronized (this) {
            for (ReportKind k : ReportKind.values()) {
                // registered up front at 0, so that a rate over the first report sees it (a counter born at 1 would not)
                Counter c = Counter.builder("lock.reports")
                        .description("Reports raised by lockaware, by kind (lock-order inversions, deadlocks, long waits...)")
                        .tags(tags).tag("kind", k.key())
                        .register(registry);
                meters.add(c);
                reports.put(k, c);
            }
            // Also the scrape-time hook: reading it refreshes the snapshot, which registers the meters of lock names
            // no listener has seen yet, even when no lock meter exists yet to trigger that scan.
            meters.add(Gauge.builder("lock.classes", this, b -> {
                        b.snapshot();
                        return LockAware.lockClassCount();
                    })
                    .description("Lock classes (distinct lock names) known to lockaware, bound to meters or not")
                    .tags(tags).strongReference(true).register(registry));
        }
        LockAware.addListener(this);
        LockAware.addStatsListener(this);
        refresh(); // meters of the locks that are already known
    }

    void close() {
        closed = true;
        LockAware.removeStatsListener(this);
        LockAware.removeListener(this);
        synchronized (this) {
            for (Meter m : meters) {
                registry.remove(m);
            }
            meters.clear();
        }
        snapshot = null;
    }

    // ---- path 1: events from the core --------------------------------------------------------------------------

    @Override
    public void waited(String name, LockMode mode, long nanos) {
        ModeMeters m = meters(name, mode);
        if (m != null && m.wait != null) {
            m.wait.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void held(String name, LockMode mode, long nanos) {
        ModeMeters m = meters(name, mode);
        if (m != null && m.hold != null) {
            m.hold.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void onReport(LockReport report) {
        if (report.stage() != LockReport.Stage.NEW) {
            return; // one count per problem: its reminders and its closing line are not new problems
        }
        Counter c = closed ? null : reports.get(report.kind());
        if (c != null) {
            c.increment();
        }
    }

    private ModeMeters meters(String name, LockMode mode) {
        if (closed) {
            return null;
        }
        Entry e = byName.get(name);
        if (e == null) {
            e = decide(name);
        }
        if (e == excluded) {
            return null;
        }
        ModeMeters m = e.modes.get(mode.ordinal());
        return m != null ? m : register(e, mode);
    }

    // ---- path 2: first sight of a name or mode -----------------------------------------------------------------

    /** The entry for a name seen for the first time: its own (under the cap), {@link #other}, or {@link #excluded}. */
    private Entry decide(String name) {
        boolean include;
        try {
            include = config.include.test(name);
        } catch (RuntimeException ex) {
            synchronized (this) {
                if (!filterFailureLogged) {
                    filterFailureLogged = true;
                    LOG.error("lockaware: the LockMetrics include filter threw on lock name \"{}\"; such names get no "
                            + "meters (logged once)", name, ex);
                }
            }
            include = false;
        }
        synchronized (this) {
            Entry e = byName.get(name);
            if (e != null) {
                return e;
            }
            if (!include) {
                e = excluded;
            } else if (name.equals(LockMetrics.OTHER)) {
                e = other; // the aggregate's own tag value: one set of meters, not two fighting over one id
            } else if (ownNames < config.maxLockNames) {
                ownNames++;
                e = new Entry(name);
                byName.put(name, e);
                return e;
            } else {
                e = other;
                if (!capLogged) {
                    capLogged = true;
                    LOG.warn("lockaware: {} lock names have meters of their own (the LockMetrics maxLockNames cap); "
                            + "further names, starting with \"{}\", are aggregated under lock=\"{}\". Lock names should "
                            + "name a role (\"room.members\"), not an instance (\"room-4711\"); raise the cap with "
                            + "LockMetrics.builder().maxLockNames(n) or narrow it with include(...)",
                            config.maxLockNames, name, LockMetrics.OTHER);
                }
            }
            if (byName.size() < config.maxLockNames + MAX_REMEMBERED_EXTRA) {
                byName.put(name, e);
            }
            return e;
        }
    }

    /** Registers the meters of one (tag value, mode); null once closed. */
    private synchronized ModeMeters register(Entry e, LockMode mode) {
        ModeMeters m = e.modes.get(mode.ordinal());
        if (m != null || closed) {
            return m;
        }
        Tags t = tags.and("lock", e.tag, "mode", mode.label());
        List<Meter> made = new ArrayList<>();
        Timer wait = null;
        Timer hold = null;
        try {
            wait = made(made, timer("lock.wait", "Time threads waited to acquire the lock (every contended acquisition)", t));
            hold = made(made, timer("lock.hold", "Time the lock was held, on a sample of acquisitions "
                    + "(lockaware.stats.holdSampleEvery); the count is the sample's size, not the number of holds", t));
            // FunctionCounter holds its state object weakly: self stays reachable through e.modes (and e through
            // byName or the other field) for as long as this binding is registered with the core
            ModeMeters self = new ModeMeters(e.tag, mode, wait, hold);
            made.add(FunctionCounter.builder("lock.acquisitions", self, figure(s -> s.acquisitions))
                    .description("Successful acquisitions, re-entrant ones included (exact)")
                    .tags(t).register(registry));
            made.add(FunctionCounter.builder("lock.contended", self, figure(s -> s.contended))
                    .description("Acquisitions that had to wait because the lock was taken (exact)")
                    .tags(t).register(registry));
            made.add(FunctionCounter.builder("lock.trylock.failed", self, figure(s -> s.failedTryLocks))
                    .description("tryLock calls that returned false, timed or not (exact)")
                    .tags(t).register(registry));
            made.add(Gauge.builder("lock.holders", self, figure(s -> s.holders))
                    .description("Threads holding the lock in this mode now (summed over the locks of this name)")
                    .baseUnit("threads").tags(t).strongReference(true).register(registry));
            made.add(Gauge.builder("lock.waiters", self, figure(s -> s.waiters))
                    .description("Threads blocked acquiring the lock in this mode now")
                    .baseUnit("threads").tags(t).strongReference(true).register(registry));
            made.add(TimeGauge.builder("lock.hold.oldest", self, TimeUnit.NANOSECONDS, figure(s -> s.oldestHoldNanos))
                    .description("Age of the oldest current hold, 0 when not held (accurate to about 10 ms)")
                    .tags(t).strongReference(true).register(registry));
            made.add(TimeGauge.builder("lock.wait.longest", self, TimeUnit.NANOSECONDS, figure(s -> s.longestWaitNanos))
                    .description("Age of the longest current wait, 0 when nobody waits")
                    .tags(t).strongReference(true).register(registry));
            meters.addAll(made);
            e.modes.set(mode.ordinal(), self);
            return self;
        } catch (RuntimeException ex) {
            // e.g. another binder registered lock.wait with other tag keys on a Prometheus registry: remember the
            // failure (a null timer records nothing) rather than failing every event of this lock
            for (Meter made1 : made) {
                registry.remove(made1);
            }
            if (!registrationFailureLogged) {
                registrationFailureLogged = true;
                LOG.error("lockaware: could not register the meters of lock \"{}\" ({}); that lock and mode get no "
                        + "meters (logged once)", e.tag, mode.label(), ex);
            }
            ModeMeters none = new ModeMeters(e.tag, mode, null, null);
            e.modes.set(mode.ordinal(), none);
            return none;
        }
    }

    private static Timer made(List<Meter> made, Timer t) {
        made.add(t);
        return t;
    }

    private Timer timer(String name, String description, Tags t) {
        Timer.Builder b = Timer.builder(name).description(description).tags(t)
                .serviceLevelObjectives(extraBuckets);
        if (config.percentileHistogram) {
            b.publishPercentileHistogram()
                    .minimumExpectedValue(config.minimumExpected)
                    .maximumExpectedValue(config.maximumExpected);
        }
        return b.register(registry);
    }

    /** A meter function reading one figure of the current snapshot for its (tag value, mode). */
    private ToDoubleFunction<ModeMeters> figure(ToDoubleFunction<Agg> figure) {
        return m -> figure.applyAsDouble(snapshot().of(m.tag, m.mode));
    }

    // ---- path 3: scrape time -----------------------------------------------------------------------------------

    /** The snapshot, rescanned when older than statisticsMaxAge by the registry's clock. */
    Snapshot snapshot() {
        Snapshot s = snapshot;
        return fresh(s, registry.config().clock().monotonicTime()) ? s : refresh();
    }

    private boolean fresh(Snapshot s, long now) {
        return s != null && now - s.at < config.statisticsMaxAge.toNanos();
    }

    private Snapshot refresh() {
        Snapshot s;
        List<Entry> newEntries = new ArrayList<>();
        List<LockMode> newModes = new ArrayList<>();
        synchronized (scanLock) {
            long now = registry.config().clock().monotonicTime();
            s = snapshot;
            if (fresh(s, now)) {
                return s; // another reader of this scrape refreshed it while this one waited for the lock
            }
            Map<String, Agg[]> byTag = new HashMap<>();
            for (LockStatistics st : LockAware.statistics()) {
                if (closed) {
                    break;
                }
                Entry e = byName.get(st.name());
                if (e == null) {
                    e = decide(st.name());
                }
                if (e == excluded) {
                    continue;
                }
                Agg a = byTag.computeIfAbsent(e.tag, k -> new Agg[MODES])[st.mode().ordinal()];
                if (a == null) {
                    a = new Agg();
                    byTag.get(e.tag)[st.mode().ordinal()] = a;
                }
                a.add(st);
                if (e.modes.get(st.mode().ordinal()) == null) {
                    newEntries.add(e);
                    newModes.add(st.mode());
                }
            }
            s = new Snapshot(now, byTag);
            snapshot = s;
        }
        for (int i = 0; i < newEntries.size(); i++) {
            register(newEntries.get(i), newModes.get(i));
        }
        return s;
    }

    /** One lock name's decision: its tag value and its meters per mode (set once, read without locking). */
    private static final class Entry {
        final String tag;
        final AtomicReferenceArray<ModeMeters> modes = new AtomicReferenceArray<>(MODES);

        Entry(String tag) {
            this.tag = tag;
        }
    }

    /** The meters of one (tag value, mode); the function meters read the snapshot through it. */
    private static final class ModeMeters {
        final String tag;
        final LockMode mode;
        final Timer wait;
        final Timer hold;

        ModeMeters(String tag, LockMode mode, Timer wait, Timer hold) {
            this.tag = tag;
            this.mode = mode;
            this.wait = wait;
            this.hold = hold;
        }
    }

    /** Statistics of one tag value and mode, summed over the names aggregated there (max for the ages). */
    static final class Agg {
        static final Agg ZERO = new Agg();
        long acquisitions;
        long contended;
        long failedTryLocks;
        long holders;
        long waiters;
        long oldestHoldNanos;
        long longestWaitNanos;

        void add(LockStatistics s) {
            acquisitions += s.acquisitions();
            contended += s.contended();
            failedTryLocks += s.failedTryLocks();
            holders += s.holders();
            waiters += s.waiters();
            oldestHoldNanos = Math.max(oldestHoldNanos, s.oldestHoldNanos());
            longestWaitNanos = Math.max(longestWaitNanos, s.longestWaitNanos());
        }
    }

    /** One scan of the core's statistics, aggregated by tag value and mode; immutable once published. */
    static final class Snapshot {
        final long at;
        private final Map<String, Agg[]> byTag;

        Snapshot(long at, Map<String, Agg[]> byTag) {
            this.at = at;
            this.byTag = byTag;
        }

        Agg of(String tag, LockMode mode) {
            Agg[] a = byTag.get(tag);
            Agg x = a == null ? null : a[mode.ordinal()];
            return x == null ? Agg.ZERO : x;
        }
    }
}
