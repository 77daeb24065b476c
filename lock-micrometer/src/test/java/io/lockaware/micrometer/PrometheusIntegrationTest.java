package io.lockaware.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.lockaware.DeadlockAwareMutex;
import io.lockaware.DeadlockAwareRWLock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole chain against the real Prometheus server: a contended workload on lockaware locks, {@link LockMetrics}
 * on a {@link PrometheusMeterRegistry}, served by a JDK {@link HttpServer} on 127.0.0.1, scraped every second by a
 * Prometheus started for this test; then every PromQL expression of the Grafana dashboard and of the alert rules is
 * evaluated through Prometheus's HTTP API and must return data, and the alert rules are loaded and seen firing.
 *
 * <p>Skipped (with a message) only when the {@code prometheus} binary is absent and {@code CI} is not {@code true};
 * in CI it fails instead. Bounded: every wait has a deadline, the workload stops itself, the server is killed in
 * {@code finally}.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PrometheusIntegrationTest {
    private static final String JOB = "lockaware-it";
    private static final Duration DATA_WITHIN = Duration.ofSeconds(60);

    /**
     * How the copy of the rules lowers each alert's threshold so that it fires on this test's data within seconds.
     * The report alerts need no lowering: the workload raises real reports, and the original rules must fire on them.
     */
    private static final Map<String, String> LOWERED = Map.of(
            "LockOrderInversion", "> 0",
            "LockDeadlock", "> 0",
            "LockWaitP99High", "> 0",        // real waits of a few hundred microseconds
            "LockHeldTooLong", "> 1",        // it.slow's write lock, held for the whole test
            "LockWaitTooLong", "> 1");       // a reader blocked behind it for the whole test

    @Test
    void everyDashboardAndAlertExpressionReturnsDataFromARealPrometheus() throws Exception {
        long started = System.nanoTime();
        Path binary = Tools.require("prometheus");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LockMetrics metrics = new LockMetrics();
        metrics.bindTo(registry);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        http.start();
        Workload workload = new Workload();
        Path rulesDir = Files.createTempDirectory("lockaware-rules");
        PrometheusServer prometheus = null;
        try {
            workload.start();
            Path lowered = rulesDir.resolve("lockaware-alerts-lowered.yml");
            Files.writeString(lowered, Expressions.loweredRules(LOWERED), StandardCharsets.UTF_8);
            String config = String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  scrape_timeout: 1s",
                    "  evaluation_interval: 1s",
                    "rule_files:",
                    "  - " + Tools.moduleFile(Expressions.RULES.toString()).toAbsolutePath(),
                    "  - " + lowered.toAbsolutePath(),
                    "scrape_configs:",
                    "  - job_name: " + JOB,
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + http.getAddress().getPort() + "']",
                    "");
            prometheus = PrometheusServer.start(binary, config, Duration.ofSeconds(30));
            String version = prometheus.api("/api/v1/status/buildinfo").path("version").asText();
            System.out.println("[lockaware-it] Prometheus " + version + " on 127.0.0.1:" + prometheus.port
                    + ", ready after " + millisSince(started) + " ms");
            check(prometheus, workload);
            System.out.println("[lockaware-it] all dashboard and alert expressions returned data; test took "
                    + millisSince(started) + " ms");
        } catch (Throwable t) {
            if (prometheus != null) {
                System.err.println("--- prometheus log ---\n" + prometheus.log());
            }
            throw t;
        } finally {
            workload.stop();
            http.stop(0);
            metrics.close();
            if (prometheus != null) {
                prometheus.close();
            }
            Tools.deleteTree(rulesDir);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private void check(PrometheusServer p, Workload workload) throws Exception {
        long deadline = System.nanoTime() + DATA_WITHIN.toNanos();
        awaitData(p, "the scrape target is up", "up{job=\"" + JOB + "\"} == 1", deadline);

        // the dashboard: every panel's expression, and its variables' queries
        List<Expressions.Query> panels = Expressions.dashboardQueries();
        assertTrue(panels.size() >= 10, "the dashboard has its panels: " + panels.size());
        for (Expressions.Query q : panels) {
            awaitData(p, q.where(), q.promql(), deadline);
        }
        Map<String, Expressions.Query> variables = Expressions.variableQueries();
        assertEquals(Set.of("job", "instance", "lock"), variables.keySet());
        assertTrue(labelValues(awaitData(p, "$job", variables.get("job").promql(), deadline), "job").contains(JOB));
        Set<String> locks = labelValues(awaitData(p, "$lock", variables.get("lock").promql(), deadline), "lock");
        assertTrue(locks.containsAll(Set.of("it.room", "it.mutex", "it.slow")), locks.toString());
        awaitData(p, "$instance", variables.get("instance").promql(), deadline);

        // the alert rules: each full expression is valid PromQL, and its signal (the part before '>') returns data
        List<Expressions.Alert> alerts = Expressions.alerts();
        assertEquals(LOWERED.keySet(), alerts.stream().map(Expressions.Alert::name).collect(java.util.stream.Collectors.toSet()));
        for (Expressions.Alert a : alerts) {
            p.query(a.expr());
            awaitData(p, "signal of alert " + a.name(), a.signal(), deadline);
        }
        // the real thresholds are crossed by real reports for the report alerts
        JsonNode inversion = awaitData(p, "LockOrderInversion as written", expr(alerts, "LockOrderInversion"), deadline);
        assertEquals("lock-order-inversion", inversion.get(0).path("metric").path("kind").asText());
        JsonNode upgrade = awaitData(p, "LockDeadlock as written", expr(alerts, "LockDeadlock"), deadline);
        assertEquals("read-write-upgrade", upgrade.get(0).path("metric").path("kind").asText());

        // Prometheus loaded both rule files, evaluates every rule without error, and the alerts fire
        awaitRulesHealthy(p, alerts.size() * 2, deadline);
        Set<String> want = new HashSet<>();
        want.add("LockOrderInversion kind=lock-order-inversion");
        want.add("LockDeadlock kind=read-write-upgrade");
        for (String a : LOWERED.keySet()) {
            want.add("lowered " + a);
        }
        want.add("lowered LockHeldTooLong lock=it.slow mode=write");
        want.add("lowered LockWaitTooLong lock=it.slow mode=read");
        awaitFiring(p, want, deadline);
        assertTrue(workload.failedTryLocks > 0, "the workload made failed tryLocks");
    }

    private static String expr(List<Expressions.Alert> alerts, String name) {
        return alerts.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().expr();
    }

    private static Set<String> labelValues(JsonNode result, String label) {
        Set<String> out = new HashSet<>();
        for (JsonNode r : result) {
            out.add(r.path("metric").path(label).asText());
        }
        return out;
    }

    /** Polls an instant query until it returns at least one sample with a finite value; fails at the deadline. */
    private static JsonNode awaitData(PrometheusServer p, String what, String promql, long deadline) throws Exception {
        JsonNode last = null;
        while (true) {
            last = p.query(promql);
            for (JsonNode r : last) {
                double v = parse(r.path("value").get(1).asText());
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    return last;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail(what + " returned no data within " + DATA_WITHIN + ":\n  " + promql + "\n  last result: " + last);
            }
            Thread.sleep(250);
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static void awaitRulesHealthy(PrometheusServer p, int expected, long deadline) throws Exception {
        while (true) {
            List<String> problems = new ArrayList<>();
            int evaluated = 0;
            int rules = 0;
            for (JsonNode g : p.api("/api/v1/rules").path("groups")) {
                for (JsonNode r : g.path("rules")) {
                    rules++;
                    String health = r.path("health").asText();
                    if ("ok".equals(health)) {
                        evaluated++;
                    } else if ("err".equals(health)) {
                        problems.add(r.path("name").asText() + ": " + r.path("lastError").asText());
                    }
                }
            }
            assertTrue(problems.isEmpty(), "rules failing in Prometheus: " + problems);
            if (rules == expected && evaluated == expected) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("expected " + expected + " rules evaluated ok, got " + evaluated + " of " + rules);
            }
            Thread.sleep(250);
        }
    }

    private static void awaitFiring(PrometheusServer p, Set<String> want, long deadline) throws Exception {
        Set<String> firing = new HashSet<>();
        while (true) {
            firing.clear();
            for (JsonNode a : p.api("/api/v1/alerts").path("alerts")) {
                if (!"firing".equals(a.path("state").asText())) {
                    continue;
                }
                JsonNode l = a.path("labels");
                String prefix = "lowered".equals(l.path("copy").asText()) ? "lowered " : "";
                String name = prefix + l.path("alertname").asText();
                firing.add(name);
                firing.add(name + " kind=" + l.path("kind").asText());
                firing.add(name + " lock=" + l.path("lock").asText() + " mode=" + l.path("mode").asText());
                assertFalse(l.path("severity").asText().isEmpty(), "every alert has a severity: " + a);
                assertFalse(a.path("annotations").path("summary").asText().isEmpty(), "every alert has a summary: " + a);
            }
            if (firing.containsAll(want)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                Set<String> missing = new HashSet<>(want);
                missing.removeAll(firing);
                fail("alerts not firing within " + DATA_WITHIN + ": " + missing + "; firing: " + firing);
            }
            Thread.sleep(250);
        }
    }

    /**
     * Contention of several shapes, on lock names of its own; every thread stops on {@link #stop()} or by itself
     * after two minutes. Mostly parked: a few thousand acquisitions a second, gentle on two shared cores.
     */
    static final class Workload {
        private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(2);
        private final List<Thread> threads = new ArrayList<>();
        private final CountDownLatch stop = new CountDownLatch(1);
        private volatile boolean running = true;
        private final long until = System.nanoTime() + MAX_NANOS;
        volatile int failedTryLocks;

        final DeadlockAwareRWLock room = new DeadlockAwareRWLock("it.room");
        final DeadlockAwareMutex mutex = new DeadlockAwareMutex("it.mutex");
        final DeadlockAwareRWLock slow = new DeadlockAwareRWLock("it.slow");

        void start() throws Exception {
            // reports: a lock-order inversion (both orders seen once) and a read-to-write upgrade (bounded: it times out)
            DeadlockAwareMutex manager = new DeadlockAwareMutex("it.manager");
            DeadlockAwareRWLock store = new DeadlockAwareRWLock("it.store");
            nest(manager, store.writeLock());
            nest(store.writeLock(), manager);
            DeadlockAwareRWLock upgrade = new DeadlockAwareRWLock("it.upgrade");
            upgrade.readLock().lock();
            try {
                assertFalse(upgrade.writeLock().tryLock(1, TimeUnit.MILLISECONDS));
            } finally {
                upgrade.readLock().unlock();
            }

            // a write lock held for the whole test, a reader blocked behind it, and tryLocks that fail on it
            CountDownLatch held = new CountDownLatch(1);
            spawn("it-slow-holder", () -> {
                slow.writeLock().lock();
                try {
                    held.countDown();
                    stop.await(MAX_NANOS, TimeUnit.NANOSECONDS);
                } finally {
                    slow.writeLock().unlock();
                }
            });
            Threads.await(held);
            spawn("it-slow-reader", () -> {
                slow.readLock().lock();
                slow.readLock().unlock();
            });
            for (int i = 0; i < 3; i++) {
                if (!slow.writeLock().tryLock()) {
                    failedTryLocks++;
                }
                if (!slow.readLock().tryLock()) {
                    failedTryLocks++;
                }
            }
            // steady contention: a writer and two readers on it.room, two threads on it.mutex
            spawn("it-room-writer", () -> loop(room.writeLock(), 300_000, 700_000));
            spawn("it-room-reader-1", () -> loop(room.readLock(), 300_000, 200_000));
            spawn("it-room-reader-2", () -> loop(room.readLock(), 200_000, 300_000));
            spawn("it-mutex-1", () -> loop(mutex, 200_000, 300_000));
            spawn("it-mutex-2", () -> loop(mutex, 250_000, 250_000));
        }

        private void loop(Lock lock, long holdNanos, long pauseNanos) {
            while (running && System.nanoTime() - until < 0) {
                lock.lock();
                try {
                    LockSupport.parkNanos(holdNanos);
                } finally {
                    lock.unlock();
                }
                LockSupport.parkNanos(pauseNanos);
            }
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

        private void spawn(String name, Threads.ThrowingRunnable body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        void stop() throws InterruptedException {
            running = false;
            stop.countDown();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(10));
                if (t.isAlive()) {
                    throw new AssertionError("workload thread " + t.getName() + " did not stop");
                }
            }
        }
    }
}
