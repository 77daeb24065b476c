package io.lockaware.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockaware.DeadlockAwareRWLock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's metric table and the dashboard's structure, checked against what the code and Grafana expect. */
@Timeout(60)
class DocsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(lock_[a-z_]+)` \\| `(lock\\.[a-z.]+)` \\| (\\w+) \\|.*");

    private static Map<String, String> documented(String readme) throws java.io.IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(Tools.moduleFile(readme), StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                documented.put(m.group(1), m.group(3));
            }
        }
        return documented;
    }

    @Test
    void readmeTableListsExactlyTheMetricsAPrometheusScrapeHas() throws Exception {
        Map<String, String> documented = documented("README.md");
        assertEquals(documented, documented("../README.md"), "the project README's table matches the module's");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (LockMetrics metrics = LockMetrics.builder().include(n -> n.equals("docs.rw")).build()) {
            metrics.bindTo(registry);
            DeadlockAwareRWLock rw = new DeadlockAwareRWLock("docs.rw");
            Threads.contend(rw, rw.writeLock(), rw.readLock(), Duration.ZERO);
            Map<String, String> scraped = new TreeMap<>();
            for (String line : registry.scrape().split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String[] p = line.split(" ");
                    scraped.put(p[2], p[3]);
                }
            }
            assertEquals(scraped, documented, "README table (Prometheus name -> type) vs. a real scrape");
            double first = Double.MAX_VALUE;
            for (String line : registry.scrape().split("\n")) {
                Matcher m = Pattern.compile("^lock_wait_seconds_bucket\\{lock=\"docs.rw\",mode=\"read\",le=\"([^\"]+)\"}.*").matcher(line);
                if (m.matches() && !m.group(1).equals("+Inf")) {
                    first = Math.min(first, Double.parseDouble(m.group(1)));
                }
            }
            assertEquals(1e-6, first, 1e-12, "the histogram starts at 1 µs");
        }
    }

    @Test
    void dashboardIsImportableWithADatasourceVariable() throws Exception {
        JsonNode d = Expressions.dashboard();
        assertEquals("lockaware-locks", d.path("uid").asText());
        assertFalse(d.path("title").asText().isEmpty());
        assertTrue(d.path("schemaVersion").asInt() >= 36, "a schema current Grafana imports as is");
        assertTrue(d.path("id").isMissingNode() || d.path("id").isNull(), "no database id in an importable dashboard");
        JsonNode vars = d.path("templating").path("list");
        JsonNode ds = vars.get(0);
        assertEquals("datasource", ds.path("type").asText());
        assertEquals("datasource", ds.path("name").asText());
        assertEquals("prometheus", ds.path("query").asText());
        Set<Integer> ids = new HashSet<>();
        int targets = 0;
        for (JsonNode p : d.path("panels")) {
            assertTrue(ids.add(p.path("id").asInt()), "unique panel id " + p.path("id"));
            JsonNode g = p.path("gridPos");
            assertTrue(g.path("w").asInt() > 0 && g.path("h").asInt() > 0 && g.path("x").asInt() + g.path("w").asInt() <= 24,
                    "gridPos of " + p.path("title"));
            if ("row".equals(p.path("type").asText())) {
                continue;
            }
            assertEquals("${datasource}", p.path("datasource").path("uid").asText(), "panel " + p.path("title"));
            for (JsonNode t : p.path("targets")) {
                assertEquals("${datasource}", t.path("datasource").path("uid").asText(), "target of " + p.path("title"));
                targets++;
            }
        }
        for (JsonNode v : vars) {
            if ("query".equals(v.path("type").asText())) {
                assertEquals("${datasource}", v.path("datasource").path("uid").asText(), "variable " + v.path("name"));
            }
        }
        assertTrue(targets >= 10);
    }

    @Test
    void dashboardShowsWhatTheIssueAsksFor() throws Exception {
        List<String> exprs = Expressions.dashboardQueries().stream().map(Expressions.Query::promql).toList();
        for (String metric : List.of("lock_wait_seconds_bucket", "lock_hold_seconds_bucket")) {
            for (String q : List.of("0.5", "0.99")) {
                assertTrue(exprs.stream().anyMatch(e -> e.startsWith("histogram_quantile(" + q + ",") && e.contains(metric)
                        && e.contains("by (lock, mode, le)")), "p" + q + " of " + metric + " per lock and mode");
            }
        }
        assertTrue(exprs.stream().anyMatch(e -> e.contains("rate(lock_contended_total")), "contention rate");
        assertTrue(exprs.stream().anyMatch(e -> e.contains("lock_wait_longest_seconds")), "longest current wait");
        assertTrue(exprs.stream().anyMatch(e -> e.contains("lock_hold_oldest_seconds")), "oldest current hold");
        assertTrue(exprs.stream().anyMatch(e -> e.contains("by (kind)") && e.contains("lock_reports_total")), "reports by kind");
    }
}
