package io.lockaware.micrometer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real Prometheus server, on 127.0.0.1 and a free port, with its config, data and log in a temp directory. Every
 * wait is bounded; {@link #close()} stops the process (forcibly if it does not stop within 10 s) and deletes the
 * directory. A JVM shutdown hook kills it too if the test JVM goes away first.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final Path log;
    private final Process process;
    private final Thread killer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final int port;

    private PrometheusServer(Path dir, Path log, Process process, int port) {
        this.dir = dir;
        this.log = log;
        this.process = process;
        this.port = port;
        this.killer = new Thread(process::destroyForcibly, "prometheus-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts {@code binary} with {@code config} (a prometheus.yml text; {@code ${dir}} in it is replaced by the temp
     * directory) and waits until it is ready. A port taken between choosing and binding is retried with another.
     */
    static PrometheusServer start(Path binary, String config, Duration readyWithin) throws Exception {
        Path dir = Files.createTempDirectory("lockaware-prometheus");
        String cfg = config.replace("${dir}", dir.toString());
        Files.writeString(dir.resolve("prometheus.yml"), cfg, StandardCharsets.UTF_8);
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Path log = dir.resolve("prometheus-" + attempt + ".log");
            Process p = new ProcessBuilder(binary.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data-" + attempt),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--storage.tsdb.retention.time=1h",
                    "--log.level=info")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusServer s = new PrometheusServer(dir, log, p, port);
            try {
                s.awaitReady(readyWithin);
                return s;
            } catch (IOException e) {
                String text = s.log();
                s.close(false);
                if (!text.contains("address already in use")) {
                    Tools.deleteTree(dir);
                    throw new IOException(e.getMessage() + "\n--- prometheus log ---\n" + text, e);
                }
                last = e;
            }
        }
        Tools.deleteTree(dir);
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited with " + process.exitValue() + " before it was ready");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/-/ready")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("prometheus not ready within " + within);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** GET on the HTTP API; returns the {@code data} of a {@code success} answer, or throws with the error. */
    JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException("GET " + pathAndQuery + " -> " + r.statusCode() + ": " + r.body());
        }
        return body.path("data");
    }

    /** An instant query: the result vector. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        JsonNode data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"vector".equals(data.path("resultType").asText())) {
            throw new IOException("expected a vector from " + promql + ", got " + data);
        }
        return data.path("result");
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        close(true);
    }

    private void close(boolean deleteDir) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (deleteDir) {
            Tools.deleteTree(dir);
        }
    }
}
