package io.lockaware.demo;

import com.sun.net.httpserver.HttpServer;
import io.lockaware.micrometer.LockMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves the lock metrics in Prometheus format at {@code http://127.0.0.1:<port>/metrics}, loopback only. */
final class MetricsEndpoint implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LockMetrics locks = new LockMetrics();
    private final HttpServer server;

    private MetricsEndpoint(int port) throws IOException {
        locks.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    static MetricsEndpoint start(int port) throws IOException {
        return new MetricsEndpoint(port);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    /** The current scrape, as Prometheus would read it. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        server.stop(0);
        locks.close();
        registry.close();
    }
}
