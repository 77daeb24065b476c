package io.lockaware.bench;

import io.lockaware.micrometer.LockMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The {@code aware_stats} setting: lock-micrometer's {@link LockMetrics} bound, with its defaults (percentile
 * histograms, microseconds to minutes), to a {@link PrometheusMeterRegistry}, as an application that exports to
 * Prometheus would run it. Binding switches exact per-lock counting and wait/hold timing on for every lock.
 */
final class Metrics {
    static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static LockMetrics bound;

    private Metrics() {
    }

    static synchronized void bind() {
        if (bound == null) {
            bound = new LockMetrics();
            bound.bindTo(REGISTRY);
        }
    }
}
