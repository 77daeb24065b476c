package io.lockaware.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one run's output directory (JMH JSON files, {@link Footprint} and {@link Retention} CSV) into the Markdown
 * results tables of the README: the median of every measured iteration, ratios of medians to the JDK lock measured
 * in the same run, and each performance target marked met or missed.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.lockaware.bench.Table <results-dir>}.
 */
public final class Table {
    private final List<Row> jmh = new ArrayList<>();
    private final List<Map<String, String>> footprint = new ArrayList<>();
    private final List<Map<String, String>> retention = new ArrayList<>();
    private final List<String[]> targets = new ArrayList<>();
    private final PrintStream out;

    private Table(PrintStream out) {
        this.out = out;
    }

    /** One primary JMH result: the median of all its measured iterations, and its allocation per operation. */
    private static final class Row {
        String bench;      // "Uncontended", "UncontendedDisabled", ...
        String method;
        int threads;
        String impl;
        Map<String, String> params = new TreeMap<>(); // without impl
        double score;      // median over every measured iteration of every fork
        List<List<Double>> forks = new ArrayList<>(); // every measured iteration, in order, per fork
        double min;
        double max;
        double allocNorm = Double.NaN;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Table <results-dir>");
            System.exit(2);
        }
        Table t = new Table(System.out);
        t.read(Paths.get(args[0]));
        t.print();
    }

    private void read(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{csv,json}")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            if (f.toString().endsWith(".json")) {
                readJmh(f);
                continue;
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(f));
            lines.removeIf(l -> l.isBlank() || l.startsWith("#"));
            if (lines.isEmpty()) {
                continue;
            }
            List<String> header = split(lines.get(0));
            List<Map<String, String>> target = header.contains("retained_bytes") ? retention : footprint;
            for (String l : lines.subList(1, lines.size())) {
                List<String> v = split(l);
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < v.size(); i++) {
                    m.put(header.get(i), v.get(i));
                }
                target.add(m);
            }
        }
    }

    /** Reads a JMH {@code -rf json} file: its raw data holds every iteration, so the median can be taken. */
    private void readJmh(Path f) throws IOException {
        JsonArray results;
        try (Reader r = Files.newBufferedReader(f)) {
            results = JsonParser.parseReader(r).getAsJsonArray();
        }
        for (JsonElement e : results) {
            JsonObject o = e.getAsJsonObject();
            Row r = new Row();
            String[] parts = o.get("benchmark").getAsString().split("\\.");
            r.bench = parts[parts.length - 2];
            r.method = parts[parts.length - 1];
            r.threads = o.get("threads").getAsInt();
            r.impl = "";
            if (o.has("params")) {
                for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
                    if (p.getKey().equals("impl")) {
                        r.impl = p.getValue().getAsString();
                    } else {
                        r.params.put(p.getKey(), p.getValue().getAsString());
                    }
                }
            }
            JsonObject primary = o.getAsJsonObject("primaryMetric");
            List<Double> all = new ArrayList<>();
            for (JsonElement fork : primary.getAsJsonArray("rawData")) {
                List<Double> its = new ArrayList<>();
                for (JsonElement it : fork.getAsJsonArray()) {
                    its.add(it.getAsDouble());
                }
                r.forks.add(its);
                all.addAll(its);
            }
            all.sort(null);
            int n = all.size();
            r.score = n == 0 ? primary.get("score").getAsDouble() : quantile(all, 0.5);
            r.min = n == 0 ? Double.NaN : all.get(0);
            r.max = n == 0 ? Double.NaN : all.get(n - 1);
            JsonObject secondary = o.getAsJsonObject("secondaryMetrics");
            if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
                r.allocNorm = secondary.getAsJsonObject("gc.alloc.rate.norm").get("score").getAsDouble();
            }
            jmh.add(r);
        }
    }

    /** The {@code q} quantile of the values, interpolated between neighbours (0.5: the usual median). */
    private static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        double pos = q * (sorted.size() - 1);
        int lo = (int) pos;
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (pos - lo) * (sorted.get(hi) - sorted.get(lo));
    }

    /** Splits one CSV line as JMH writes it (double quotes, no embedded quotes). */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }

    private Row find(String bench, String method, int threads, String impl, Map<String, String> params) {
        for (Row r : jmh) {
            if (r.bench.equals(bench) && r.method.equals(method) && r.impl.equals(impl) && r.params.equals(params)
                    && (threads < 0 || r.threads == threads)) {
                return r;
            }
        }
        return null;
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "?";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    private static String cell(Row r) {
        if (r == null) {
            return "–";
        }
        return num(r.score);
    }

    private static double ratio(Row r, Row base) {
        return r == null || base == null ? Double.NaN : r.score / base.score;
    }

    private static String withRatio(Row r, Row base) {
        if (r == null) {
            return "–";
        }
        return cell(r) + " (" + String.format(Locale.ROOT, "%.2fx", ratio(r, base)) + ")";
    }

    private static String x(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** Records a target line for the summary: {what, limit, measured, met?}. */
    private void target(String what, String limit, double measured, boolean atMost, double bound) {
        boolean met = !Double.isNaN(measured) && (atMost ? measured <= bound : measured >= bound);
        targets.add(new String[] {what, limit, Double.isNaN(measured) ? "not measured" : x(measured),
            Double.isNaN(measured) ? "?" : met ? "met" : "**missed**"});
    }

    private void print() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        PrintStream p = new PrintStream(buf, true);
        timeTable(p, "Uncontended", "Uncontended lock()+unlock(), one thread (ns/op, lower is better)", "lock",
                new String[] {"mutex", "read", "write"});
        promoted(p);
        nesting(p);
        floor(p);
        newEdges(p);
        contended(p);
        paired(p);
        watchdog(p);
        footprint(p);
        retention(p);
        out.println("### Targets (ratios measured side by side in this run)");
        out.println();
        out.println("| target | limit | measured | |");
        out.println("|---|---|---|---|");
        for (String[] t : targets) {
            out.println("| " + String.join(" | ", t) + " |");
        }
        out.println();
        out.print(buf.toString());
    }

    private void timeTable(PrintStream p, String bench, String title, String rowLabel, String[] methods) {
        p.println("### " + title);
        p.println();
        p.println("| " + rowLabel + " | JDK | ours | ours + Micrometer | Guava | JDK (disabled fork) | ours, disabled "
                + "| ours B/op |");
        p.println("|---|---|---|---|---|---|---|---|");
        Map<String, String> none = new TreeMap<>();
        for (String m : methods) {
            Row jdk = find(bench, m, -1, "jdk", none);
            Row aware = find(bench, m, -1, "aware", none);
            Row stats = find(bench, m, -1, "aware_stats", none);
            Row guava = find(bench, m, -1, "guava", none);
            Row djdk = find(bench + "Disabled", m, -1, "jdk", none);
            Row daware = find(bench + "Disabled", m, -1, "aware", none);
            p.println("| " + m + " | " + cell(jdk) + " | " + withRatio(aware, jdk) + " | " + withRatio(stats, jdk)
                    + " | " + withRatio(guava, jdk) + " | " + cell(djdk) + " | " + withRatio(daware, djdk) + " | "
                    + (aware == null ? "–" : num(aware.allocNorm)) + " |");
            target("uncontended " + m + ", detection on", "≤ 3x JDK", ratio(aware, jdk), true, 3);
            target("uncontended " + m + ", Micrometer binder bound", "≤ 6x JDK", ratio(stats, jdk), true, 6);
            target("uncontended " + m + ", disabled", "≤ 1.2x JDK", ratio(daware, djdk), true, 1.2);
        }
        p.println();
    }

    /**
     * {@link UncontendedPromoted} and {@link NestingPromoted} beside the same ops in the young heap of {@link
     * Uncontended} and {@link Nesting} (no target).
     */
    private void promoted(PrintStream p) {
        if (jmh.stream().noneMatch(r -> r.bench.endsWith("Promoted"))) {
            return;
        }
        p.println("### The same ops with every object promoted to old G1 regions, as in a long-running server "
                + "(ns/op, ratio to JDK; no target)");
        p.println();
        p.println("| op | JDK | ours | Guava | JDK, young heap | ours, young heap | Guava, young heap |");
        p.println("|---|---|---|---|---|---|---|");
        String[][] ops = {{"mutex", "mutex", null}, {"read", "read", null}, {"write", "write", null},
            {"nest of 1", "nest", "1"}, {"nest of 20", "nest", "20"}};
        for (String[] op : ops) {
            String bench = op[2] == null ? "Uncontended" : "Nesting";
            Map<String, String> params = op[2] == null ? new TreeMap<>() : new TreeMap<>(Map.of("depth", op[2]));
            StringBuilder line = new StringBuilder("| " + op[0]);
            for (String b : new String[] {bench + "Promoted", bench}) {
                Row jdk = find(b, op[1], -1, "jdk", params);
                Row aware = find(b, op[1], -1, "aware", params);
                Row guava = find(b, op[1], -1, "guava", params);
                line.append(" | ").append(cell(jdk)).append(" | ").append(withRatio(aware, jdk)).append(" | ")
                        .append(withRatio(guava, jdk));
            }
            p.println(line.append(" |"));
        }
        p.println();
    }

    private void nesting(PrintStream p) {
        p.println("### Nesting: the whole nest of `depth` mutexes per op, one thread (ns/op, lower is better)");
        p.println();
        p.println("| depth | JDK | ours | ours + Micrometer | Guava | ours / Guava | JDK (disabled fork) | ours, disabled "
                + "| ours B/op |");
        p.println("|---|---|---|---|---|---|---|---|---|");
        for (String d : new String[] {"1", "2", "5", "20"}) {
            Map<String, String> params = new TreeMap<>(Map.of("depth", d));
            Row jdk = find("Nesting", "nest", -1, "jdk", params);
            Row aware = find("Nesting", "nest", -1, "aware", params);
            Row stats = find("Nesting", "nest", -1, "aware_stats", params);
            Row guava = find("Nesting", "nest", -1, "guava", params);
            Row djdk = find("NestingDisabled", "nest", -1, "jdk", params);
            Row daware = find("NestingDisabled", "nest", -1, "aware", params);
            p.println("| " + d + " | " + cell(jdk) + " | " + withRatio(aware, jdk) + " | " + withRatio(stats, jdk)
                    + " | " + withRatio(guava, jdk) + " | " + x(ratio(aware, guava)) + " | " + cell(djdk) + " | "
                    + withRatio(daware, djdk) + " | " + (aware == null ? "–" : num(aware.allocNorm)) + " |");
            if (d.equals("20")) {
                target("nest of 20, detection on", "≤ 2x JDK", ratio(aware, jdk), true, 2);
            }
            target("nest of " + d + ", faster than Guava", "< 1x Guava", ratio(aware, guava), true, 0.999);
            target("nest of " + d + ", disabled", "≤ 1.2x JDK", ratio(daware, djdk), true, 1.2);
        }
        p.println();
    }

    /** {@link DesignFloor}: ours beside the lower bounds of {@link FloorLocks}, same nest as {@link #nesting}. */
    private void floor(PrintStream p) {
        String[] designs = {"jdk", "lookup", "stack", "seqlock", "probe", "flat", "aware"};
        if (find("DesignFloor", "nest", -1, "", new TreeMap<>(Map.of("depth", "1", "design", "jdk"))) == null) {
            return;
        }
        p.println("### Design floor: the same nest on stripped-down designs (ns/op, ratio to JDK)");
        p.println();
        p.println("| depth | JDK | lookup | stack | seqlock | probe | flat | ours | ours / probe |");
        p.println("|---|---|---|---|---|---|---|---|---|");
        for (String d : new String[] {"1", "20"}) {
            Row[] rows = new Row[designs.length];
            for (int i = 0; i < designs.length; i++) {
                rows[i] = find("DesignFloor", "nest", -1, "", new TreeMap<>(Map.of("depth", d, "design", designs[i])));
            }
            StringBuilder line = new StringBuilder("| " + d + " | " + cell(rows[0]));
            for (int i = 1; i < designs.length; i++) {
                line.append(" | ").append(withRatio(rows[i], rows[0]));
            }
            p.println(line + " | " + x(ratio(rows[6], rows[4])) + " |");
        }
        p.println();
    }

    private void newEdges(PrintStream p) {
        Map<String, String> none = new TreeMap<>();
        Row jdk = find("NewEdges", "learn", -1, "jdk", none);
        if (jdk == null) {
            return;
        }
        p.println("### New edges: every op nests a pair of locks never nested before (µs per new edge, lower is "
                + "better)");
        p.println();
        p.println("| JDK (no detection) | ours | ours + Micrometer | Guava | ours / Guava | JDK (disabled fork) "
                + "| ours, disabled |");
        p.println("|---|---|---|---|---|---|---|");
        Row aware = find("NewEdges", "learn", -1, "aware", none);
        Row stats = find("NewEdges", "learn", -1, "aware_stats", none);
        Row guava = find("NewEdges", "learn", -1, "guava", none);
        Row djdk = find("NewEdgesDisabled", "learn", -1, "jdk", none);
        Row daware = find("NewEdgesDisabled", "learn", -1, "aware", none);
        p.println("| " + cell(jdk) + " | " + cell(aware) + " | " + cell(stats) + " | " + cell(guava) + " | "
                + x(ratio(aware, guava)) + " | " + cell(djdk) + " | " + withRatio(daware, djdk) + " |");
        p.println();
        target("new edges, faster than Guava", "< 1x Guava", ratio(aware, guava), true, 0.999);
    }

    private void contended(PrintStream p) {
        p.println("### Contended throughput, all threads on one lock (ops/µs, higher is better)");
        p.println();
        p.println("| workload | threads | JDK | ours | ours + Micrometer | Guava | JDK (disabled fork) | ours, disabled |");
        p.println("|---|---|---|---|---|---|---|---|");
        for (String w : new String[] {"mutex", "readMostly", "writeHeavy"}) {
            for (int t : new int[] {2, 4, 8}) {
                Map<String, String> params = new TreeMap<>(Map.of("workload", w));
                Row jdk = find("Contended", "op", t, "jdk", params);
                if (jdk == null) {
                    continue;
                }
                Row aware = find("Contended", "op", t, "aware", params);
                Row stats = find("Contended", "op", t, "aware_stats", params);
                Row guava = find("Contended", "op", t, "guava", params);
                Row djdk = find("ContendedDisabled", "op", t, "jdk", params);
                Row daware = find("ContendedDisabled", "op", t, "aware", params);
                p.println("| " + w + " | " + t + " | " + cell(jdk) + " | " + withRatio(aware, jdk) + " | "
                        + withRatio(stats, jdk) + " | " + withRatio(guava, jdk) + " | " + cell(djdk) + " | "
                        + withRatio(daware, djdk) + " |");
                target("contended " + w + ", " + t + " threads (separate forks)", "≥ 0.8x JDK", ratio(aware, jdk),
                        false, 0.8);
            }
        }
        p.println();
    }

    /**
     * {@link ContendedPaired}: measured iteration {@code 2k} of each fork is the JDK, {@code 2k+1} ours. The ratio
     * is the median over all forks' pairs of {@code ours / JDK}, each pair being two neighbouring iterations.
     */
    private void paired(PrintStream p) {
        if (jmh.stream().noneMatch(r -> r.bench.equals("ContendedPaired"))) {
            return;
        }
        p.println("### Contended throughput, paired in one JVM (ops/µs, higher is better)");
        p.println();
        p.println("The JDK's locks and ours alternate in short iterations of one JVM, new locks for every pair, so the "
                + "two iterations of a pair mostly share the machine's state. JDK and ours: medians of their "
                + "iterations; ours / JDK: median of the pairs' ratios, interquartile range (IQR) in brackets; per "
                + "fork: each fork's median pair ratio. One thread is the same operation without contention: "
                + "what lockaware's per-operation cost alone makes of the ratio (no target).");
        p.println();
        p.println("| workload | threads | JDK | ours | ours / JDK | pairs | per fork |");
        p.println("|---|---|---|---|---|---|---|");
        for (String w : new String[] {"mutex", "readMostly", "writeHeavy"}) {
            for (int t : new int[] {1, 2, 4, 8}) {
                Row r = find("ContendedPaired", "op", t, "aware", new TreeMap<>(Map.of("workload", w)));
                if (r == null) {
                    continue;
                }
                List<Double> jdk = new ArrayList<>();
                List<Double> ours = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                List<String> perFork = new ArrayList<>();
                for (List<Double> its : r.forks) {
                    List<Double> forkRatios = new ArrayList<>();
                    for (int i = 0; i + 1 < its.size(); i += 2) {
                        jdk.add(its.get(i));
                        ours.add(its.get(i + 1));
                        forkRatios.add(its.get(i + 1) / its.get(i));
                    }
                    perFork.add(x(quantile(forkRatios, 0.5)));
                    ratios.addAll(forkRatios);
                }
                double median = quantile(ratios, 0.5);
                p.println("| " + w + " | " + t + " | " + num(quantile(jdk, 0.5)) + " | " + num(quantile(ours, 0.5))
                        + " | " + x(median) + " (IQR " + x(quantile(ratios, 0.25)) + "–" + x(quantile(ratios, 0.75))
                        + ") | " + ratios.size() + " | " + String.join(", ", perFork) + " |");
                if (t > 1) {
                    target("contended " + w + ", " + t + " threads (paired)", "≥ 0.8x JDK", median, false, 0.8);
                }
            }
        }
        p.println();
    }

    private void watchdog(PrintStream p) {
        for (Row r : jmh) {
            if (r.bench.equals("WatchdogScan")) {
                p.println("### Watchdog: one scan of " + r.params.get("threads") + " threads, each holding "
                        + r.params.get("locksPerThread") + " locks (µs per scan, lower is better): " + num(r.score)
                        + " (range " + num(r.min) + "–" + num(r.max) + ")");
                p.println();
            }
        }
    }

    private void footprint(PrintStream p) {
        if (footprint.isEmpty()) {
            return;
        }
        p.println("### Memory per lock (JOL, bytes)");
        p.println();
        p.println("`per lock`: what each further lock of an existing name adds (the target). `instance`: "
                + "`GraphLayout.parseInstance(lock).totalSize()`, which for ours also counts what every lock of that name "
                + "shares once: the lock-class node, its name and its order-graph state.");
        p.println();
        p.println("| lock | JDK | ours, per lock | ours, instance | Guava, per lock | ours disabled, per lock |");
        p.println("|---|---|---|---|---|---|");
        for (String kind : new String[] {"mutex", "rw"}) {
            Map<String, String> jdk = fp(kind, "jdk", "true");
            Map<String, String> aware = fp(kind, "aware", "true");
            Map<String, String> guava = fp(kind, "guava", "true");
            Map<String, String> daware = fp(kind, "aware", "false");
            double base = jdk == null ? Double.NaN : Double.parseDouble(jdk.get("per_lock_bytes"));
            p.println("| " + kind + " | " + bytes(jdk, "per_lock_bytes", Double.NaN) + " | "
                    + bytes(aware, "per_lock_bytes", base) + " | " + bytes(aware, "instance_bytes", base) + " | "
                    + bytes(guava, "per_lock_bytes", base) + " | " + bytes(daware, "per_lock_bytes", base) + " |");
            target("memory per " + kind + " (per lock)", "≤ 2x JDK", ratioOf(aware, "per_lock_bytes", base), true, 2);
        }
        p.println();
    }

    private Map<String, String> fp(String kind, String impl, String enabled) {
        for (Map<String, String> m : footprint) {
            if (kind.equals(m.get("kind")) && impl.equals(m.get("impl")) && enabled.equals(m.get("enabled"))) {
                return m;
            }
        }
        return null;
    }

    private static double ratioOf(Map<String, String> m, String col, double base) {
        return m == null ? Double.NaN : Double.parseDouble(m.get(col)) / base;
    }

    private static String bytes(Map<String, String> m, String col, double base) {
        if (m == null) {
            return "–";
        }
        double v = Double.parseDouble(m.get(col));
        return String.format(Locale.ROOT, "%.0f", v) + (Double.isNaN(base) ? "" : " (" + x(v / base) + ")");
    }

    private void retention(PrintStream p) {
        if (retention.isEmpty()) {
            return;
        }
        p.println("### A million locks created, each locked (nested in pairs), then dropped");
        p.println();
        p.println("| lock | impl | lockaware.enabled | live heap per lock (B) | heap retained after drop (B) "
                + "| sampled weak refs not cleared | create+use time (ms) |");
        p.println("|---|---|---|---|---|---|---|");
        for (Map<String, String> m : retention) {
            p.println("| " + m.get("kind") + " | " + m.get("impl") + " | " + m.get("enabled") + " | "
                    + m.get("live_bytes_per_lock") + " | " + m.get("retained_bytes") + " | "
                    + m.get("uncleared_weak_refs") + " | " + m.get("millis") + " |");
            if (m.get("impl").equals("aware")) {
                long retained = Long.parseLong(m.get("retained_bytes"));
                boolean met = m.get("uncleared_weak_refs").equals("0") && retained < 1_000_000;
                targets.add(new String[] {"no retained memory, " + m.get("kind") + ", enabled=" + m.get("enabled"),
                    "0 uncleared, ~0 B", m.get("uncleared_weak_refs") + " uncleared, " + retained + " B",
                    met ? "met" : "**missed**"});
            }
        }
        p.println();
    }
}
