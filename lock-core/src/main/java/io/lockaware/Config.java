package io.lockaware;

import java.time.Duration;
import java.util.Locale;

/** System properties read once at start-up. Every property is documented in the README's configuration table. */
final class Config {
    private Config() {
    }

    /** {@code lockaware.enabled=false}: the locks behave and cost like the plain JDK locks. Read once, so the JIT folds it. */
    static final boolean ENABLED = bool("lockaware.enabled", true);

    /** Where hold sites are captured: {@code first} (first time a thread takes a lock class), {@code always}, {@code none}. */
    static final String SITES = string("lockaware.sites", "first", "first", "always", "none");

    /** Additionally capture the site of every Nth acquisition per thread; 0 turns sampling off. */
    static final int SITES_SAMPLE_EVERY = integer("lockaware.sites.sampleEvery", 0, 0, Integer.MAX_VALUE);

    static final int MAX_LOCK_CLASSES = integer("lockaware.maxLockClasses", 10_000, 16, 1 << 24);
    static final int MAX_EDGES = integer("lockaware.maxEdges", 200_000, 16, 1 << 26);
    static final int MAX_CACHED_CHAINS = integer("lockaware.maxCachedChains", 1 << 20, 1 << 10, 1 << 28);

    static boolean bool(String name, boolean dflt) {
        String v = System.getProperty(name);
        if (v == null) {
            return dflt;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new IllegalArgumentException("lockaware: " + name + "=" + v + " must be true or false");
        }
    }

    static int integer(String name, int dflt, int min, int max) {
        String v = System.getProperty(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException("lockaware: " + name + "=" + v + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lockaware: " + name + "=" + v + " is not a whole number", e);
        }
    }

    static String string(String name, String dflt, String... allowed) {
        String v = System.getProperty(name);
        if (v == null) {
            return dflt;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(t)) {
                return a;
            }
        }
        throw new IllegalArgumentException("lockaware: " + name + "=" + v + " must be one of " + String.join(", ", allowed));
    }

    static Duration duration(String name, Duration dflt) {
        String v = System.getProperty(name);
        return v == null ? dflt : parseDuration(v, name);
    }

    /** Parses {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1.5s}; a bare number is milliseconds. */
    static Duration parseDuration(String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unitNanos;
        String number;
        if (t.endsWith("ms")) {
            unitNanos = 1_000_000L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unitNanos = 1_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unitNanos = 60_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unitNanos = 3_600_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else {
            unitNanos = 1_000_000L;
            number = t;
        }
        try {
            double n = Double.parseDouble(number.trim());
            if (!(n >= 0) || Double.isInfinite(n)) {
                throw new NumberFormatException(number);
            }
            return Duration.ofNanos(Math.round(n * unitNanos));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "lockaware: " + what + "=" + text + " is not a duration; write e.g. 300ms, 2s or 1m", e);
        }
    }
}
