package io.lockaware.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockaware.DeadlockAwareMutex;
import io.lockaware.DeadlockAwareRWLock;
import io.lockaware.ReportKind;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The binder on a {@link SimpleMeterRegistry} with a {@link MockClock}: the clock only moves when a test moves it,
 * so the statistics snapshot behind the counters and gauges is refreshed exactly when a test says so.
 *
 * <p>Statistics are process-wide, so every test uses lock names of its own. The surefire configuration sets
 * {@code lockaware.stats.holdSampleEvery=1}: every hold is timed, so hold histograms can be checked exactly.
 */
@Timeout(60)
class LockMetricsTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private LockMetrics metrics;
    private String prefix;

    @BeforeAll
    static void everyHoldIsTimed() {
        assertEquals("1", System.getProperty("lockaware.stats.holdSampleEvery"),
                "these tests need every hold timed: run them with -Dlockaware.stats.holdSampleEvery=1 (the pom does)");
    }

    @BeforeEach
    void setUp(TestInfo info) {
        prefix = info.getTestMethod().orElseThrow().getName() + "." + IDS.incrementAndGet() + ".";
    }

    @AfterEach
    void tearDown() {
        if (metrics != null) {
            metrics.close();
        }
    }

    private String name(String suffix) {
        return prefix + suffix;
    }

    private void bind(LockMetrics.Builder b) {
        metrics = b.build();
        metrics.bindTo(registry);
    }

    /** Lets the statistics snapshot expire, so the next read of a counter or gauge scans again. */
    private void nextScrape() {
        clock.add(LockMetrics.DEFAULT_STATISTICS_MAX_AGE.plusMillis(1));
    }

    /** What a registry does when it publishes: the snapshot expires and every meter is read. */
    private void scrape() {
        nextScrape();
        for (Meter m : registry.getMeters()) {
            m.measure().forEach(x -> x.getValue());
        }
    }

    /**
     * Binds to a Prometheus registry as well: a {@link SimpleMeterRegistry} publishes only SLO buckets (it does not
     * support aggregable percentiles), a Prometheus registry the whole percentile histogram.
     */
    private PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry p = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
        metrics.bindTo(p);
        return p;
    }

    private static Timer timer(MeterRegistry r, String meter, String lock, String mode) {
        return r.get(meter).tags("lock", lock, "mode", mode).timer();
    }

    private RequiredSearch get(String meter, String lock, String mode) {
        return registry.get(meter).tags("lock", lock, "mode", mode);
    }

    private double count(String meter, String lock, String mode) {
        return get(meter, lock, mode).functionCounter().count();
    }

    private double gauge(String meter, String lock, String mode) {
        Meter m = get(meter, lock, mode).meter();
        return m.measure().iterator().next().getValue();
    }

    private Timer timer(String meter, String lock, String mode) {
        return get(meter, lock, mode).timer();
    }

    /** Cumulative count at the largest bucket whose bound is at most {@code d}; 0 when no bucket is that low. */
    private static double countAtOrBelow(HistogramSnapshot s, Duration d) {
        double c = 0;
        for (CountAtBucket b : s.histogramCounts()) {
            if (b.bucket(TimeUnit.NANOSECONDS) <= d.toNanos()) {
                c = b.count();
            }
        }
        return c;
    }

    /** The value of one {@code _bucket} line of a Prometheus scrape. */
    static double bucket(String scrape, String metric, String lock, String mode, String le) {
        String head = metric + "_bucket{";
        for (String line : scrape.split("\n")) {
            if (line.startsWith(head) && line.contains("lock=\"" + lock + "\"") && line.contains("mode=\"" + mode + "\"")
                    && line.contains("le=\"" + le + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no " + head + "lock=" + lock + ",mode=" + mode + ",le=" + le + "} in the scrape");
    }

    private static double countBelow(HistogramSnapshot s, Duration d) {
        double c = 0;
        for (CountAtBucket b : s.histogramCounts()) {
            if (b.bucket(TimeUnit.NANOSECONDS) < d.toNanos()) {
                c = b.count();
            }
        }
        return c;
    }

    @Test
    void countsAreExact() throws Exception {
        bind(LockMetrics.builder());
        String n = name("mutex");
        DeadlockAwareMutex m = new DeadlockAwareMutex(n);
        for (int i = 0; i < 1000; i++) {
            m.lock();
            m.unlock();
        }
        for (int i = 0; i < 5; i++) {
            assertTrue(m.tryLock());
            m.unlock();
        }
        // failed tryLocks: 3 untimed, 2 timed (each timed one also waits, and that wait is recorded)
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Threads.Running holder = Threads.start("holder", () -> {
            m.lock();
            try {
                holding.countDown();
                Threads.await(release);
            } finally {
                m.unlock();
            }
        });
        Threads.await(holding);
        for (int i = 0; i < 3; i++) {
            assertFalse(m.tryLock());
        }
        for (int i = 0; i < 2; i++) {
            assertFalse(m.tryLock(1, TimeUnit.MILLISECONDS));
        }
        release.countDown();
        holder.join();
        for (int i = 0; i < 3; i++) {
            Threads.contend(m, m, m, Duration.ZERO);
        }
        nextScrape();
        assertEquals(1000 + 5 + 1 + 3 * 2, count("lock.acquisitions", n, "write"));
        assertEquals(3, count("lock.contended", n, "write"));
        assertEquals(5, count("lock.trylock.failed", n, "write"));
        assertEquals(3 + 2, timer("lock.wait", n, "write").count(), "3 contended acquisitions and 2 timed-out tryLocks");
        assertEquals(1000 + 5 + 1 + 3 * 2, timer("lock.hold", n, "write").count(), "every hold, at holdSampleEvery=1");
        assertNull(registry.find("lock.acquisitions").tags("lock", n, "mode", "read").meter(), "a mutex has no read mode");
    }

    @Test
    void uncontendedAcquisitionsNeverReachTheWaitTimer() {
        bind(LockMetrics.builder());
        String n = name("rw");
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock(n);
        for (int i = 0; i < 500; i++) {
            rw.readLock().lock();
            rw.readLock().unlock();
            rw.writeLock().lock();
            rw.writeLock().unlock();
        }
        nextScrape();
        assertEquals(500, count("lock.acquisitions", n, "read"));
        assertEquals(500, count("lock.acquisitions", n, "write"));
        assertEquals(0, count("lock.contended", n, "read"));
        assertEquals(0, timer("lock.wait", n, "read").count());
        assertEquals(0, timer("lock.wait", n, "write").count());
    }

    @Test
    void countersAndGaugesReadOneScanPerScrape() {
        bind(LockMetrics.builder());
        String n = name("cached");
        DeadlockAwareMutex m = new DeadlockAwareMutex(n);
        m.lock();
        m.unlock();
        nextScrape();
        assertEquals(1, count("lock.acquisitions", n, "write"));
        m.lock();
        m.unlock();
        assertEquals(1, count("lock.acquisitions", n, "write"), "the same scrape's snapshot");
        clock.add(Duration.ofMillis(500));
        assertEquals(1, count("lock.acquisitions", n, "write"), "still younger than statisticsMaxAge");
        clock.add(Duration.ofMillis(501));
        assertEquals(2, count("lock.acquisitions", n, "write"), "rescanned once older");
    }

    @Test
    void waitHistogramsHaveKnownWaitsInTheRightBucketsAndModesApart() throws Exception {
        Duration writeWait = Duration.ofMillis(60);
        Duration readWait = Duration.ofMillis(15);
        bind(LockMetrics.builder().serviceLevelObjectives(Duration.ofMillis(1), readWait, writeWait, Duration.ofSeconds(10)));
        PrometheusMeterRegistry prometheus = prometheus();
        String n = name("rw");
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock(n);
        // a writer waits at least 60 ms behind a writer; then a reader at least 15 ms behind a writer
        Threads.contend(rw, rw.writeLock(), rw.writeLock(), writeWait);
        Threads.contend(rw, rw.writeLock(), rw.readLock(), readWait);

        for (MeterRegistry reg : List.of(registry, prometheus)) {
            String where = reg.getClass().getSimpleName() + ": ";
            Timer w = timer(reg, "lock.wait", n, "write");
            Timer r = timer(reg, "lock.wait", n, "read");
            assertEquals(1, w.count(), where);
            assertEquals(1, r.count(), where + "the reader's wait is a read wait, not a write wait");
            assertTrue(w.max(TimeUnit.NANOSECONDS) >= writeWait.toNanos(), where + w.max(TimeUnit.MILLISECONDS) + " ms");
            assertTrue(r.max(TimeUnit.NANOSECONDS) >= readWait.toNanos(), where + r.max(TimeUnit.MILLISECONDS) + " ms");

            HistogramSnapshot ws = w.takeSnapshot();
            HistogramSnapshot rs = r.takeSnapshot();
            assertTrue(ws.histogramCounts().length >= 4, where + "buckets: " + ws);
            assertEquals(0, countBelow(ws, writeWait), where + "no write wait below 60 ms: " + ws);
            assertEquals(1, countAtOrBelow(ws, Duration.ofSeconds(10)), where + "the write wait is in a finite bucket: " + ws);
            assertEquals(0, countBelow(rs, readWait), where + "no read wait below 15 ms: " + rs);
            assertEquals(1, countAtOrBelow(rs, Duration.ofSeconds(10)), where + rs);
        }
        // the same, as Prometheus scrapes it: cumulative le buckets
        String text = prometheus.scrape();
        assertEquals(0, bucket(text, "lock_wait_seconds", n, "write", "0.001"), text);
        assertEquals(0, bucket(text, "lock_wait_seconds", n, "write", "0.015"));
        assertEquals(1, bucket(text, "lock_wait_seconds", n, "write", "10.0"));
        assertEquals(0, bucket(text, "lock_wait_seconds", n, "read", "0.001"));
        assertEquals(1, bucket(text, "lock_wait_seconds", n, "read", "10.0"));

        nextScrape();
        assertEquals(1, count("lock.contended", n, "write"));
        assertEquals(1, count("lock.contended", n, "read"));
        assertEquals(3, count("lock.acquisitions", n, "write"), "two holders and one waiter took the write lock");
        assertEquals(1, count("lock.acquisitions", n, "read"));
    }

    @Test
    void holdHistogramsHaveKnownHoldsInTheRightBuckets() throws Exception {
        Duration writeHold = Duration.ofMillis(40);
        Duration readHold = Duration.ofMillis(12);
        bind(LockMetrics.builder().serviceLevelObjectives(Duration.ofMillis(1), readHold, writeHold, Duration.ofSeconds(10)));
        PrometheusMeterRegistry prometheus = prometheus();
        String n = name("rw");
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock(n);
        Threads.start("writer", () -> hold(rw.writeLock(), writeHold)).join();
        Threads.start("reader", () -> {
            hold(rw.readLock(), readHold);
            for (int i = 0; i < 10; i++) {
                rw.readLock().lock();
                rw.readLock().unlock();
            }
        }).join();

        for (MeterRegistry reg : List.of(registry, prometheus)) {
            String where = reg.getClass().getSimpleName() + ": ";
            HistogramSnapshot ws = timer(reg, "lock.hold", n, "write").takeSnapshot();
            HistogramSnapshot rs = timer(reg, "lock.hold", n, "read").takeSnapshot();
            assertEquals(1, ws.count(), where);
            assertEquals(11, rs.count(), where);
            assertEquals(0, countBelow(ws, writeHold), where + ws);
            assertEquals(1, countAtOrBelow(ws, Duration.ofSeconds(10)), where + ws);
            assertTrue(countBelow(rs, readHold) <= 10, where + "only the ten quick holds can be below 12 ms: " + rs);
            assertEquals(11, countAtOrBelow(rs, Duration.ofSeconds(10)), where + rs);
            assertTrue(ws.max(TimeUnit.NANOSECONDS) >= writeHold.toNanos(), where);
        }
        String text = prometheus.scrape();
        assertEquals(0, bucket(text, "lock_hold_seconds", n, "write", "0.012"));
        assertEquals(0, bucket(text, "lock_hold_seconds", n, "write", "0.04"), "above 40 ms, not at or below");
        assertEquals(1, bucket(text, "lock_hold_seconds", n, "write", "10.0"));
        assertEquals(11, bucket(text, "lock_hold_seconds", n, "read", "10.0"));
    }

    private static void hold(Lock lock, Duration atLeast) {
        lock.lock();
        try {
            Threads.passAtLeast(System.nanoTime(), atLeast);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void histogramRangeRunsFromMicrosecondsToMinutesAndTakesSlos() throws Exception {
        bind(LockMetrics.builder().serviceLevelObjectives(Duration.ofMillis(250), Duration.ofSeconds(3)));
        PrometheusMeterRegistry prometheus = prometheus();
        String n = name("m");
        DeadlockAwareMutex m = new DeadlockAwareMutex(n);
        m.lock();
        m.unlock();
        TreeSet<Long> sorted = java.util.Arrays.stream(timer(prometheus, "lock.hold", n, "write").takeSnapshot().histogramCounts())
                .map(b -> (long) b.bucket(TimeUnit.NANOSECONDS)).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(sorted.first() >= 1_000 && sorted.first() <= 2_000, "first bucket near 1 µs: " + sorted.first());
        assertTrue(sorted.last() >= Duration.ofMinutes(2).toNanos(), "last finite bucket at 2 min: " + sorted.last());
        assertTrue(sorted.contains(250_000_000L), "the 250 ms SLO is a bucket: " + sorted);
        assertTrue(sorted.contains(3_000_000_000L), "the 3 s SLO is a bucket");
        assertEquals(122 + 2, sorted.size(), "Micrometer's percentile buckets for 1 µs..2 min, and two SLOs");
    }

    @Test
    void compactHistogramHasOneTwoAndAHalfFiveBuckets() {
        bind(LockMetrics.builder().compactHistogram());
        PrometheusMeterRegistry prometheus = prometheus();
        String n = name("m");
        DeadlockAwareMutex m = new DeadlockAwareMutex(n);
        m.lock();
        m.unlock();
        List<Long> bounds = java.util.Arrays.stream(timer(prometheus, "lock.hold", n, "write").takeSnapshot().histogramCounts())
                .map(b -> (long) b.bucket(TimeUnit.NANOSECONDS)).toList();
        assertEquals(26, bounds.size(), bounds.toString());
        assertEquals(List.of(1_000L, 2_500L, 5_000L, 10_000L), bounds.subList(0, 4));
        assertEquals(List.of(50_000_000_000L, 100_000_000_000L, 120_000_000_000L), bounds.subList(23, 26));
        assertEquals(1, timer(prometheus, "lock.hold", n, "write").takeSnapshot().histogramCounts()[25].count());
    }

    @Test
    void histogramRangeIsConfigurable() {
        bind(LockMetrics.builder().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)));
        PrometheusMeterRegistry prometheus = prometheus();
        String n = name("m");
        DeadlockAwareMutex m = new DeadlockAwareMutex(n);
        m.lock();
        m.unlock();
        CountAtBucket[] b = timer(prometheus, "lock.hold", n, "write").takeSnapshot().histogramCounts();
        assertTrue(b[0].bucket(TimeUnit.NANOSECONDS) >= 1_000_000, "floor 1 ms");
        assertTrue(b[b.length - 1].bucket(TimeUnit.NANOSECONDS) <= 11_000_000_000.0 + 1, "ceiling about 10 s");
        assertThrows(IllegalArgumentException.class,
                () -> LockMetrics.builder().minimumExpectedValue(Duration.ofSeconds(2)).maximumExpectedValue(Duration.ofSeconds(1)).build());
        assertThrows(IllegalArgumentException.class, () -> LockMetrics.builder().tags("lock", "x"));
    }

    @Test
    void liveGaugesShowHoldersWaitersAndAges() throws Exception {
        bind(LockMetrics.builder());
        String n = name("rw");
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock(n);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Threads.Running reader = Threads.start("reader", () -> {
            rw.readLock().lock();
            try {
                holding.countDown();
                Threads.await(release);
            } finally {
                rw.readLock().unlock();
            }
        });
        Threads.await(holding);
        Threads.Running writer = Threads.start("writer", () -> {
            rw.writeLock().lock();
            rw.writeLock().unlock();
        });
        Threads.await("the writer is queued", () -> Threads.queuedOn(rw, writer.thread));
        long seen = System.nanoTime();
        Threads.passAtLeast(seen, Duration.ofMillis(30));
        try {
            scrape(); // registers the meters of the read mode and the write mode, seen by the scan only
            nextScrape();
            assertEquals(1, gauge("lock.holders", n, "read"));
            assertEquals(0, gauge("lock.waiters", n, "read"));
            assertEquals(1, gauge("lock.waiters", n, "write"));
            assertEquals(0, gauge("lock.holders", n, "write"));
            // TimeGauges report in the registry's base time unit (seconds for SimpleMeterRegistry)
            assertTrue(gauge("lock.wait.longest", n, "write") >= 0.030, "the wait is at least 30 ms old");
            assertTrue(gauge("lock.hold.oldest", n, "read") >= 0.030, "the read hold is older than the wait");
            assertEquals(0, gauge("lock.hold.oldest", n, "write"));
        } finally {
            release.countDown();
            reader.join();
            writer.join();
        }
        nextScrape();
        assertEquals(0, gauge("lock.holders", n, "read"));
        assertEquals(0, gauge("lock.waiters", n, "write"));
        assertEquals(0, gauge("lock.wait.longest", n, "write"));
        assertEquals(0, gauge("lock.hold.oldest", n, "read"));
    }

    @Test
    void metersOfALockSeenOnlyByTheScanAreRegisteredAtScrapeTime() throws Exception {
        String before = name("held.before.bind");
        String after = name("held.after.bind");
        DeadlockAwareMutex a = new DeadlockAwareMutex(before);
        DeadlockAwareMutex b = new DeadlockAwareMutex(after);
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Threads.Running t = Threads.start("holder", () -> {
            a.lock();
            holding.countDown();
            try {
                Threads.await(release);
            } finally {
                a.unlock();
            }
        });
        // a is held before the binder exists: no listener ever saw it, the bind-time scan finds it
        // held as lockaware sees it (isLocked() turns true at the JDK's CAS, a moment before the hold is recorded)
        Threads.await("a is held", () -> a.snapshot().writer().isPresent());
        bind(LockMetrics.builder());
        assertEquals(1, gauge("lock.holders", before, "write"));
        // b is first taken after binding and still held: no hold sample has ended, so only a scan can find it
        Threads.Running u = Threads.start("holder2", () -> {
            b.lock();
            holding.countDown();
            try {
                Threads.await(release);
            } finally {
                b.unlock();
            }
        });
        Threads.await(holding);
        try {
            assertNull(registry.find("lock.holders").tags("lock", after).meter());
            scrape();
            assertEquals(1, gauge("lock.holders", after, "write"));
            metrics.close();
            // a scrape with no lock meter at all still finds new locks, through lock.classes
            metrics = LockMetrics.builder().include(s -> s.equals(after)).build();
            metrics.bindTo(registry);
            assertEquals(1, gauge("lock.holders", after, "write"), "found by the bind-time scan");
            metrics.close();
            metrics = LockMetrics.builder().include(s -> s.equals(before)).build();
            SimpleMeterRegistry fresh = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
            metrics.bindTo(fresh);
            assertEquals(1, fresh.get("lock.holders").tags("lock", before).gauge().value());
        } finally {
            release.countDown();
            t.join();
            u.join();
        }
    }

    @Test
    void pastTheCapFurtherNamesAreAggregatedUnderOtherWithOneLogLine() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            bind(LockMetrics.builder().maxLockNames(3).include(s -> s.startsWith(prefix)));
            for (int i = 0; i < 6; i++) {
                DeadlockAwareMutex m = new DeadlockAwareMutex(name("n" + i));
                for (int k = 0; k <= i; k++) {
                    m.lock();
                    m.unlock();
                }
            }
            // a read mode past the cap goes to other's read meters
            DeadlockAwareRWLock late = new DeadlockAwareRWLock(name("late"));
            Threads.start("late", () -> {
                late.readLock().lock();
                late.readLock().unlock();
            }).join();
            nextScrape();
        } finally {
            System.setErr(saved);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, count("lock.acquisitions", name("n" + i), "write"));
        }
        for (int i = 3; i < 6; i++) {
            assertNull(registry.find("lock.acquisitions").tag("lock", name("n" + i)).meter(), "n" + i + " is past the cap");
        }
        assertEquals(4 + 5 + 6, count("lock.acquisitions", LockMetrics.OTHER, "write"));
        assertEquals(4 + 5 + 6, timer("lock.hold", LockMetrics.OTHER, "write").count());
        assertEquals(1, count("lock.acquisitions", LockMetrics.OTHER, "read"));
        Set<String> lockTags = registry.find("lock.acquisitions").meters().stream()
                .map(m -> m.getId().getTag("lock")).collect(Collectors.toSet());
        assertEquals(Set.of(name("n0"), name("n1"), name("n2"), LockMetrics.OTHER), lockTags);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("maxLockNames cap")).toList();
        assertEquals(1, lines.size(), "one log line: " + err);
        assertTrue(lines.get(0).contains("WARN") && lines.get(0).contains(name("n3")) && lines.get(0).contains("lock=\"other\""),
                lines.get(0));
    }

    @Test
    void includeFilterLeavesOtherLocksWithoutMeters() throws Exception {
        bind(LockMetrics.builder().include(s -> s.endsWith(".in")));
        DeadlockAwareMutex in = new DeadlockAwareMutex(name("x.in"));
        DeadlockAwareMutex out = new DeadlockAwareMutex(name("x.out"));
        Threads.contend(in, in, in, Duration.ZERO);
        Threads.contend(out, out, out, Duration.ZERO);
        nextScrape();
        assertEquals(2, count("lock.acquisitions", name("x.in"), "write"));
        assertEquals(1, timer("lock.wait", name("x.in"), "write").count());
        assertTrue(registry.find("lock.wait").tag("lock", name("x.out")).meters().isEmpty());
        assertTrue(registry.find("lock.acquisitions").tag("lock", LockMetrics.OTHER).meters().isEmpty(),
                "excluded names are not aggregated anywhere");
    }

    @Test
    void reportsAreCountedByKindFromZero() {
        bind(LockMetrics.builder());
        for (ReportKind k : ReportKind.values()) {
            assertEquals(0, registry.get("lock.reports").tag("kind", k.key()).counter().count(), k.key());
        }
        DeadlockAwareMutex a = new DeadlockAwareMutex(name("a"));
        DeadlockAwareMutex b = new DeadlockAwareMutex(name("b"));
        nest(a, b);
        nest(b, a); // an inversion: both orders seen
        nest(b, a); // the same problem again: reported once
        assertEquals(1, registry.get("lock.reports").tag("kind", "lock-order-inversion").counter().count());
        assertEquals(0, registry.get("lock.reports").tag("kind", "actual-deadlock").counter().count());
    }

    @Test
    void aProblemIsCountedOnceNotForItsRemindersOrItsEnd() throws Exception {
        bind(LockMetrics.builder());
        AtomicInteger newLongHolds = new AtomicInteger(); // any lock: other tests' leftovers may pass 20 ms too
        CountDownLatch reminded = new CountDownLatch(1);
        CountDownLatch resolved = new CountDownLatch(1);
        DeadlockAwareMutex m = new DeadlockAwareMutex(name("held"));
        io.lockaware.LockReportListener watch = r -> {
            if (r.kind() != ReportKind.LONG_HOLD) {
                return;
            }
            if (r.stage() == io.lockaware.LockReport.Stage.NEW) {
                newLongHolds.incrementAndGet();
            } else if (r.text().contains(m.getName())) {
                (r.stage() == io.lockaware.LockReport.Stage.REMINDER ? reminded : resolved).countDown();
            }
        };
        io.lockaware.LockAware.addListener(watch);
        io.lockaware.LockAware.setHoldWarn(Duration.ofMillis(20));
        try {
            m.lock();
            try {
                // the NEW report, then at least one REMINDER (at 2x the threshold), while it is held
                assertTrue(reminded.await(10, TimeUnit.SECONDS));
            } finally {
                m.unlock();
            }
            assertTrue(resolved.await(10, TimeUnit.SECONDS));
        } finally {
            io.lockaware.LockAware.setHoldWarn(Duration.ofSeconds(5)); // the default, which this module does not change
            io.lockaware.LockAware.removeListener(watch);
        }
        assertTrue(newLongHolds.get() >= 1);
        assertEquals(newLongHolds.get(), registry.get("lock.reports").tag("kind", "long-hold").counter().count());
    }

    private static void nest(Lock outer, Lock inner) {
        outer.lock();
        try {
            inner.lock();
            inner.unlock();
        } finally {
            outer.unlock();
        }
    }

    @Test
    void everyMeterNameHasOneFixedSetOfTagKeysAndTheExtraTags() throws Exception {
        bind(LockMetrics.builder().tags("pool", "ingest"));
        DeadlockAwareRWLock rw = new DeadlockAwareRWLock(name("rw"));
        DeadlockAwareMutex m = new DeadlockAwareMutex(name("m"));
        Threads.contend(rw, rw.writeLock(), rw.readLock(), Duration.ZERO);
        Threads.contend(m, m, m, Duration.ZERO);
        nextScrape();
        count("lock.acquisitions", name("m"), "write");
        Map<String, Set<Set<String>>> keys = new HashMap<>();
        for (Meter meter : registry.getMeters()) {
            Set<String> k = meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toCollection(TreeSet::new));
            keys.computeIfAbsent(meter.getId().getName(), x -> new java.util.HashSet<>()).add(k);
            assertEquals("ingest", meter.getId().getTag("pool"), meter.getId().toString());
        }
        assertEquals(Set.of("lock.wait", "lock.hold", "lock.acquisitions", "lock.contended", "lock.trylock.failed",
                "lock.holders", "lock.waiters", "lock.hold.oldest", "lock.wait.longest", "lock.reports", "lock.classes"),
                keys.keySet());
        keys.forEach((meter, sets) -> {
            assertEquals(1, sets.size(), meter + " has one set of tag keys: " + sets);
            Set<String> expected = meter.equals("lock.reports") ? Set.of("kind", "pool")
                    : meter.equals("lock.classes") ? Set.of("pool") : Set.of("lock", "mode", "pool");
            assertEquals(expected, sets.iterator().next(), meter);
        });
    }

    @Test
    void closeRemovesEveryMeterAndListener() throws Exception {
        bind(LockMetrics.builder());
        String n = name("m");
        DeadlockAwareMutex m = new DeadlockAwareMutex(n);
        Threads.contend(m, m, m, Duration.ZERO);
        nextScrape();
        assertEquals(2, count("lock.acquisitions", n, "write"));
        assertFalse(registry.getMeters().isEmpty());
        metrics.close();
        assertTrue(registry.getMeters().isEmpty(), "every meter removed: " + registry.getMeters());
        // listeners are gone too: new waits, holds, locks and reports register nothing
        Threads.contend(m, m, m, Duration.ZERO);
        DeadlockAwareMutex a = new DeadlockAwareMutex(name("a"));
        DeadlockAwareMutex b = new DeadlockAwareMutex(name("b"));
        nest(a, b);
        nest(b, a);
        assertTrue(registry.getMeters().isEmpty(), "nothing registered after close: " + registry.getMeters());
        assertThrows(IllegalStateException.class, () -> metrics.bindTo(registry));
        metrics.close(); // idempotent
    }

    @Test
    void bindingTwiceToOneRegistryCountsOnce() throws Exception {
        bind(LockMetrics.builder());
        metrics.bindTo(registry);
        String n = name("m");
        DeadlockAwareMutex m = new DeadlockAwareMutex(n);
        Threads.contend(m, m, m, Duration.ZERO);
        assertEquals(1, timer("lock.wait", n, "write").count());
    }

    @Test
    void oneBinderFeedsSeveralRegistriesAndClosesThemAll() throws Exception {
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        bind(LockMetrics.builder());
        metrics.bindTo(second);
        String n = name("m");
        DeadlockAwareMutex m = new DeadlockAwareMutex(n);
        Threads.contend(m, m, m, Duration.ZERO);
        assertEquals(1, timer("lock.wait", n, "write").count());
        assertEquals(1, second.get("lock.wait").tags("lock", n, "mode", "write").timer().count());
        metrics.close();
        assertTrue(registry.getMeters().isEmpty());
        assertTrue(second.getMeters().isEmpty());
    }
}
