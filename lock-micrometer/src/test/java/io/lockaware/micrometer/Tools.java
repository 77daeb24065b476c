package io.lockaware.micrometer;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** External tools (Prometheus, promtool) and the module's own files, for the tests that use them. */
final class Tools {
    private Tools() {
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * The executable {@code name} on the PATH (or in /usr/bin). When absent: skips the calling test with a clear message
     * on a developer machine, fails it in CI ({@code CI=true}), where {@code .ci/install-prometheus.sh} must have
     * installed it.
     */
    static Path require(String name) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(Path.of("/usr/bin"));
        for (Path d : dirs) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        String why = "'" + name + "' is not installed (Debian package 'prometheus'; run: bash .ci/install-prometheus.sh)";
        if (inCi()) {
            fail("CI=true but " + why + ": CI must run this test, not skip it");
        }
        Assumptions.abort("skipped: " + why);
        throw new AssertionError("unreachable");
    }

    /** A file of this module: the tests run with the module directory as working directory (surefire's basedir). */
    static Path moduleFile(String relative) {
        Path base = Path.of(System.getProperty("basedir", "."));
        Path p = base.resolve(relative);
        if (!Files.isRegularFile(p)) {
            fail("missing module file " + p.toAbsolutePath());
        }
        return p;
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a command with a deadline; output (stdout and stderr together) is returned, the process never outlives it. */
    static Result run(long timeoutSeconds, Path workDir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("lockaware-tool", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s:\n"
                            + Files.readString(out, StandardCharsets.UTF_8));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir left behind is not a test failure
        }
    }
}
