package io.lockaware;

/** Resolution of {@link Policy}: per lock class and kind, else per kind, else global. */
final class Policies {
    private static volatile Policy global = Policy.parse(System.getProperty("lockaware.policy", "log"), "lockaware.policy");
    private static final Policy[] BY_KIND = new Policy[ReportKind.values().length];

    static {
        for (ReportKind k : ReportKind.values()) {
            String prop = "lockaware.policy." + k.key();
            String v = System.getProperty(prop);
            if (v != null) {
                BY_KIND[k.ordinal()] = Policy.parse(v, prop);
            }
        }
    }

    private Policies() {
    }

    static Policy of(ReportKind kind, LockClass c) {
        Policy[] perClass = c.policies;
        if (perClass != null && perClass[kind.ordinal()] != null) {
            return perClass[kind.ordinal()];
        }
        Policy p;
        synchronized (BY_KIND) {
            p = BY_KIND[kind.ordinal()];
        }
        return p != null ? p : global;
    }

    static void setGlobal(Policy p) {
        global = p;
    }

    static void set(ReportKind kind, Policy p) {
        synchronized (BY_KIND) {
            BY_KIND[kind.ordinal()] = p;
        }
    }

    static void set(LockClass c, ReportKind kind, Policy p) {
        synchronized (c) {
            Policy[] old = c.policies;
            Policy[] next = old == null ? new Policy[ReportKind.values().length] : old.clone();
            next[kind.ordinal()] = p;
            c.policies = next;
        }
    }

    static void reset() {
        LockClass.resetPolicies();
        global = Policy.parse(System.getProperty("lockaware.policy", "log"), "lockaware.policy");
        synchronized (BY_KIND) {
            for (ReportKind k : ReportKind.values()) {
                String v = System.getProperty("lockaware.policy." + k.key());
                BY_KIND[k.ordinal()] = v == null ? null : Policy.parse(v, "lockaware.policy." + k.key());
            }
        }
    }
}
