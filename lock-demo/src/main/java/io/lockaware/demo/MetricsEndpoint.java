package io.lockaware.demo;

/** Serves /metrics on 127.0.0.1 (filled in with the Prometheus registry once lock-micrometer is bound). */
final class MetricsEndpoint implements AutoCloseable {
    private final int port;

    private MetricsEndpoint(int port) {
        this.port = port;
    }

    static MetricsEndpoint start(int port) {
        return new MetricsEndpoint(port);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/metrics";
    }

    @Override
    public void close() {
    }
}
