package io.lockaware.demo;

import io.lockaware.LockAware;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Plays the five incidents of lockaware's design notes one after another, printing the library's reports as a user
 * would see them in a log, then serves {@code /metrics} for Prometheus and the shipped Grafana dashboard.
 *
 * <pre>
 *   java -jar lock-demo/target/lock-demo.jar [--once] [--port 9464] [--serve 600]
 * </pre>
 */
public final class Demo {
    static final ReportLog REPORTS = new ReportLog();
    /** The /metrics body after the last incident, for the demo's test. */
    static volatile String LAST_SCRAPE = "";

    private Demo() {
    }

    /** Command-line options. */
    record Options(boolean once, int port, Duration serve) {
        static Options parse(String... args) {
            boolean once = false;
            int port = 9464;
            Duration serve = Duration.ofMinutes(10);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--once" -> once = true;
                    case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                    case "--serve" -> serve = Duration.ofSeconds(Long.parseLong(value(args, ++i, "--serve")));
                    case "--help", "-h" -> throw new IllegalArgumentException(usage());
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
                }
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0..65535");
            }
            return new Options(once, port, serve);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + usage());
            }
            return args[i];
        }

        static String usage() {
            return "usage: lock-demo [--once] [--port N (default 9464, 0 = any free port)] "
                    + "[--serve SECONDS (default 600)]";
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        run(options, System.out);
    }

    static List<Incident> incidents() {
        return List.of(new RoomIncident(), new WatcherStoreIncident(), new LeakedReadLockIncident(),
                new SlowWriteIncident(), new EventOrderIncident());
    }

    static void run(Options options, PrintStream out) throws Exception {
        LockAware.addListener(REPORTS);
        LockAware.enableStatistics();
        try (MetricsEndpoint metrics = MetricsEndpoint.start(options.port())) {
            out.println("lockaware demo: five production incidents, each caught by the library.");
            out.println("Metrics: " + metrics.url() + "   (" + LockAware.watchdogSettings() + ")");
            for (Incident incident : incidents()) {
                REPORTS.mark();
                out.println();
                out.println("#".repeat(78));
                out.println("# Incident " + incident.title());
                for (String line : incident.story().split("\n")) {
                    out.println("#   " + line);
                }
                out.println("#".repeat(78));
                out.flush();
                String outcome = incident.play(out);
                LAST_SCRAPE = metrics.scrape();
                LockAware.checkNow(); // closing lines of what just resolved
                out.println();
                out.println(">>> Incident " + incident.title().substring(0, 1) + " over: " + outcome);
                out.flush();
            }
            out.println();
            out.println("All five incidents replayed; no demo thread is left running.");
            if (!options.once()) {
                out.println("Serving " + metrics.url() + " for " + options.serve().toSeconds()
                        + " s: point Prometheus at it and import lock-micrometer/dashboards/lockaware-locks.json into Grafana.");
                out.flush();
                Thread.sleep(options.serve().toMillis()); // the demo's serving window, not a synchronisation
            }
        } finally {
            LockAware.removeListener(REPORTS);
        }
    }
}
