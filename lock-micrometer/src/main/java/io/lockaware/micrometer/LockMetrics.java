package io.lockaware.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Binds the statistics of every lockaware lock in the process to a Micrometer {@link MeterRegistry}, one set of meters
 * per lock class (lock name) and mode.
 *
 * <pre>{@code
 * LockMetrics lockMetrics = new LockMetrics();          // or LockMetrics.builder()...build()
 * lockMetrics.bindTo(registry);
 * ...
 * lockMetrics.close();                                  // removes every meter and listener it registered
 * }</pre>
 *
 * <p>Meters (the README has the table with Prometheus names):
 * <ul>
 *   <li>{@code lock.wait}, {@code lock.hold}: timers with a percentile histogram from {@link #DEFAULT_MINIMUM_EXPECTED}
 *   to {@link #DEFAULT_MAXIMUM_EXPECTED} by default. Every contended wait is recorded; holds are a <em>sample</em>
 *   (one in {@code lockaware.stats.holdSampleEvery} per thread on average, default 256, at random gaps), so the hold
 *   timer's count is not the number of holds;</li>
 *   <li>{@code lock.acquisitions}, {@code lock.contended}, {@code lock.trylock.failed}: exact counters, read at scrape
 *   time from per-thread counts kept by the core;</li>
 *   <li>{@code lock.holders}, {@code lock.waiters}, {@code lock.hold.oldest}, {@code lock.wait.longest}: gauges of
 *   what is happening now, read at scrape time;</li>
 *   <li>{@code lock.reports}: reports by {@code kind} (lock-order inversions, deadlocks, long waits...);</li>
 *   <li>{@code lock.classes}: how many lock classes (distinct names) the core knows.</li>
 * </ul>
 * Tags: {@code lock} (the lock name, or {@value #OTHER} past the cap) and {@code mode} ({@code read} or {@code write};
 * a mutex is {@code write}) on every lock meter, {@code kind} on {@code lock.reports}, plus the builder's extra tags.
 *
 * <p><b>The hot path.</b> Nothing here runs on an uncontended acquisition. The core counts acquisitions in plain
 * per-thread arrays and this binder sums them only when a meter is read; {@code Timer.record} is called on the slow
 * path (after a wait) and for sampled holds. One scan of the core's statistics serves every meter of a scrape: it is
 * cached for {@link Builder#statisticsMaxAge(Duration) statisticsMaxAge} (1 s by default) by the registry's clock.
 *
 * <p><b>New locks.</b> Lock names appear over time. A name's meters are registered the first time it is seen: by the
 * wait or hold listener, or by the statistics scan behind a scrape (reading any lock meter, or {@code lock.classes},
 * runs it), so a new lock's meters appear at the latest one scrape after the one that first saw it.
 *
 * <p><b>Cardinality.</b> At most {@link Builder#maxLockNames(int) maxLockNames} names (default
 * {@value #DEFAULT_MAX_LOCK_NAMES}) get a {@code lock} tag value of their own; later names are aggregated under
 * {@code lock="other"} (counts summed, gauges summed or maxed), with one WARN line saying so. A lock actually named
 * {@code other} is aggregated there too. Names rejected by {@link Builder#include(Predicate) include} get no meters.
 *
 * <p><b>Lifecycle.</b> Following Micrometer's own binders ({@code JvmThreadMetrics}, {@code CaffeineStatsCounter}),
 * this is a {@link MeterBinder} and {@link AutoCloseable}: {@link #close()} removes every meter and every listener it
 * registered. Binding twice to the same registry is a no-op. What the meters read is reachable from the core's
 * listener list until {@code close()}, so a binder that is not kept in a field keeps working until closed. The core's
 * exact counting, once switched on by the first binder, stays on after close (a few nanoseconds per acquisition, in
 * per-thread memory).
 */
public final class LockMetrics implements MeterBinder, AutoCloseable {
    /** The {@code lock} tag value that aggregates every lock name past {@link Builder#maxLockNames(int)}. */
    public static final String OTHER = "other";
    public static final int DEFAULT_MAX_LOCK_NAMES = 1000;
    /**
     * Lower end of the default histogram range: 1 µs. A handoff between two threads on two cores takes a few
     * microseconds; Micrometer's default floor of 1 ms would put every short wait in its first bucket.
     */
    public static final Duration DEFAULT_MINIMUM_EXPECTED = Duration.ofNanos(1_000);
    /** Upper end of the default histogram range: 2 minutes, the order of the incidents this library exists for. */
    public static final Duration DEFAULT_MAXIMUM_EXPECTED = Duration.ofMinutes(2);
    public static final Duration DEFAULT_STATISTICS_MAX_AGE = Duration.ofSeconds(1);

    final Tags tags;
    final Predicate<String> include;
    final int maxLockNames;
    final boolean percentileHistogram;
    final boolean compactHistogram;
    final Duration minimumExpected;
    final Duration maximumExpected;
    final Duration[] serviceLevelObjectives;
    final Duration statisticsMaxAge;

    private final List<Binding> bindings = new ArrayList<>();
    private boolean closed;

    /** Every lock, default histogram range, default cap, no extra tags. */
    public LockMetrics() {
        this(builder());
    }

    /** Every lock with extra tags on every meter, as {@code new JvmThreadMetrics(tags)}. */
    public LockMetrics(Iterable<Tag> tags) {
        this(builder().tags(tags));
    }

    private LockMetrics(Builder b) {
        this.tags = b.tags;
        this.include = b.include;
        this.maxLockNames = b.maxLockNames;
        this.percentileHistogram = b.percentileHistogram;
        this.compactHistogram = b.compactHistogram;
        this.minimumExpected = b.minimumExpected;
        this.maximumExpected = b.maximumExpected;
        this.serviceLevelObjectives = b.serviceLevelObjectives.clone();
        this.statisticsMaxAge = b.statisticsMaxAge;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The histogram buckets besides Micrometer's percentile ones: the compact ones and the SLOs, ascending. */
    Duration[] extraBuckets() {
        TreeSet<Duration> b = new TreeSet<>(Arrays.asList(serviceLevelObjectives));
        if (compactHistogram) {
            long min = minimumExpected.toNanos();
            long max = maximumExpected.toNanos();
            for (long p = 1; p <= max && p > 0; p *= 10) {
                for (long v : new long[] {p, p * 5 / 2, p * 5}) {
                    if (v >= min && v <= max) {
                        b.add(Duration.ofNanos(v));
                    }
                }
            }
            b.add(maximumExpected);
        }
        return b.toArray(new Duration[0]);
    }

    /**
     * Registers this binder's listeners with the core (switching statistics on) and the meters of every lock known
     * now; later locks get theirs when first seen. Binding again to a registry already bound is a no-op.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        if (closed) {
            throw new IllegalStateException("this LockMetrics is closed; create a new one to bind again");
        }
        for (Binding b : bindings) {
            if (b.registry == registry) {
                return;
            }
        }
        Binding b = new Binding(this, registry);
        bindings.add(b);
        b.start();
    }

    /** Removes every meter this binder registered, from every registry it was bound to, and its listeners. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Binding b : bindings) {
            b.close();
        }
        bindings.clear();
    }

    /** Configuration of a {@link LockMetrics}. */
    public static final class Builder {
        private Tags tags = Tags.empty();
        private Predicate<String> include = name -> true;
        private int maxLockNames = DEFAULT_MAX_LOCK_NAMES;
        private boolean percentileHistogram = true;
        private boolean compactHistogram;
        private Duration minimumExpected = DEFAULT_MINIMUM_EXPECTED;
        private Duration maximumExpected = DEFAULT_MAXIMUM_EXPECTED;
        private Duration[] serviceLevelObjectives = new Duration[0];
        private Duration statisticsMaxAge = DEFAULT_STATISTICS_MAX_AGE;

        private Builder() {
        }

        /** Extra tags on every meter (e.g. {@code pool=ingest}). Their keys must not be {@code lock}, {@code mode} or {@code kind}. */
        public Builder tags(Iterable<Tag> tags) {
            Tags t = Tags.of(Objects.requireNonNull(tags, "tags must not be null"));
            for (Tag tag : t) {
                String k = tag.getKey();
                if (k.equals("lock") || k.equals("mode") || k.equals("kind")) {
                    throw new IllegalArgumentException("tag key '" + k + "' is set by LockMetrics itself; pick another key");
                }
            }
            this.tags = this.tags.and(t);
            return this;
        }

        /** Extra tags as key/value pairs: {@code tags("pool", "ingest")}. */
        public Builder tags(String... keyValues) {
            return tags(Tags.of(keyValues));
        }

        /**
         * Which lock names get meters; others are ignored entirely (not even under {@value #OTHER}). Called once per
         * name (the answer is remembered), from whichever thread first sees the name; must not throw.
         */
        public Builder include(Predicate<String> include) {
            this.include = Objects.requireNonNull(include, "include must not be null");
            return this;
        }

        /**
         * How many lock names get a {@code lock} tag value of their own (default {@value #DEFAULT_MAX_LOCK_NAMES});
         * later names are aggregated under {@code lock="other"}. Each name costs up to two modes times (two timers'
         * histogram buckets plus seven series).
         */
        public Builder maxLockNames(int maxLockNames) {
            if (maxLockNames < 0) {
                throw new IllegalArgumentException("maxLockNames must be >= 0, was " + maxLockNames);
            }
            this.maxLockNames = maxLockNames;
            return this;
        }

        /**
         * Whether the wait and hold timers publish Micrometer's percentile histogram (default true): about nine
         * buckets per factor of four, 122 for the default range of 1 µs to 2 min. With false, only the
         * {@link #serviceLevelObjectives SLO} buckets (if any) are published.
         */
        public Builder percentileHistogram(boolean enabled) {
            this.percentileHistogram = enabled;
            this.compactHistogram = false;
            return this;
        }

        /**
         * Publishes a compact histogram instead of Micrometer's percentile histogram: buckets at 1, 2.5 and 5 times
         * each power of ten from the minimum to the maximum expected value, and at the maximum (26 buckets for the
         * default range instead of 122), plus any SLOs. {@code histogram_quantile} works the same, with coarser
         * interpolation; choose it when many lock names make series count matter.
         */
        public Builder compactHistogram() {
            this.percentileHistogram = false;
            this.compactHistogram = true;
            return this;
        }

        /** Lowest bucket of the percentile histogram (default 1 µs). */
        public Builder minimumExpectedValue(Duration min) {
            this.minimumExpected = positive(min, "minimumExpectedValue");
            return this;
        }

        /** Highest finite bucket of the percentile histogram (default 2 minutes); longer times land in +Inf. */
        public Builder maximumExpectedValue(Duration max) {
            this.maximumExpected = positive(max, "maximumExpectedValue");
            return this;
        }

        /** Extra histogram buckets at exactly these durations, e.g. the thresholds your alerts use. */
        public Builder serviceLevelObjectives(Duration... slos) {
            Duration[] s = Objects.requireNonNull(slos, "slos must not be null").clone();
            for (Duration d : s) {
                positive(d, "serviceLevelObjectives");
            }
            this.serviceLevelObjectives = s;
            return this;
        }

        /**
         * How long one scan of the core's statistics serves the counters and gauges (default 1 s, measured by the
         * registry's clock): a scrape reads every meter, and one scan serves them all. Zero scans on every read.
         */
        public Builder statisticsMaxAge(Duration maxAge) {
            Objects.requireNonNull(maxAge, "maxAge must not be null");
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("statisticsMaxAge must not be negative, was " + maxAge);
            }
            this.statisticsMaxAge = maxAge;
            return this;
        }

        public LockMetrics build() {
            if (minimumExpected.compareTo(maximumExpected) >= 0) {
                throw new IllegalArgumentException("minimumExpectedValue " + minimumExpected
                        + " must be below maximumExpectedValue " + maximumExpected);
            }
            return new LockMetrics(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what + " must not be null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d;
        }

        @Override
        public String toString() {
            return "LockMetrics.Builder[tags=" + tags + ", maxLockNames=" + maxLockNames + ", histogram="
                    + percentileHistogram + " " + minimumExpected + ".." + maximumExpected + ", slos="
                    + Arrays.toString(serviceLevelObjectives) + "]";
        }
    }
}
