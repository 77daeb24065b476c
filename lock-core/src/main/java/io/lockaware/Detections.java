package io.lockaware;

/**
 * What is checked before a blocking acquisition, in order of cost. Holding nothing: nothing. Otherwise a 64-bit
 * filter of held classes says whether this class may already be held (re-entry, downgrade, upgrade, or a second lock
 * of the same class); then one probe of the chain cache; only a chain never validated before goes to the graph.
 */
final class Detections {
    private Detections() {
    }

    /**
     * Returns the existing entry when this is a re-entry (which never blocks and adds no edge), else null after every
     * check passed. May throw {@link PotentialDeadlockException} under {@link Policy#THROW}.
     */
    static HeldLock admit(ThreadRecord t, Gate g, int kind) {
        int d = t.depth;
        if (d == 0) {
            return null;
        }
        LockClass c = g.lockClass();
        if ((t.mask[d] & c.bit) != 0) {
            HeldLock h = sameClassHeld(t, g, kind, d, c);
            if (h != null) {
                return h == OTHER_MODE ? null : h;
            }
        }
        if (c.tracked) {
            long key = ChainCache.mix(t.chain[d], kind == Tracker.TIMED ? g.side.timedElement : g.side.element);
            if (!ChainCache.contains(key)) {
                OrderGraph.check(t, g, kind, key);
            }
        }
        return null;
    }

    /** Returned by {@link #sameClassHeld}: this lock is held in the other mode, so the acquisition adds no edges. */
    private static final HeldLock OTHER_MODE = new HeldLock();

    /**
     * The 64-bit filter says a lock of this class may be held already. Returns the entry on re-entry, {@link
     * #OTHER_MODE} on a downgrade or upgrade (after reporting the upgrade), else null to go on to the chain check
     * (after reporting same-class nesting). Out of line, because it is rare and {@link #admit} must stay small
     * enough for the JIT to inline it.
     */
    private static HeldLock sameClassHeld(ThreadRecord t, Gate g, int kind, int d, LockClass c) {
        Object owner = g.owner();
        LockMode m = g.mode();
        HeldLock otherMode = null;
        HeldLock sameClass = null;
        for (int i = d - 1; i >= 0; i--) {
            HeldLock h = t.held[i];
            if (h.lock() == owner) {
                if (h.mode() == m) {
                    return h;
                }
                otherMode = h;
            } else if (h.cls() == c && c.tracked && (sameClass == null || outranks(h, sameClass))) {
                sameClass = h;
            }
        }
        if (otherMode != null) {
            if (otherMode.mode() == LockMode.READ) {
                upgrade(t, g, kind, otherMode);
            }
            // Read requested under this lock's own write lock: a downgrade, granted at once, so no edges.
            return OTHER_MODE;
        }
        if (sameClass != null) {
            sameClassNesting(t, g, kind, sameClass);
        }
        return null;
    }

    /** Read held, write requested on the same lock: the JDK never upgrades, so this thread would wait for itself. */
    private static void upgrade(ThreadRecord t, Gate g, int kind, HeldLock readHold) {
        LockClass c = g.lockClass();
        Policy p = Policies.of(ReportKind.READ_WRITE_UPGRADE, c);
        if (p == Policy.IGNORE) {
            return;
        }
        LockReport r = ReportWriter.upgrade(t, g, readHold, kind == Tracker.TIMED);
        Reports.publish(r);
        if (p == Policy.THROW && kind == Tracker.BLOCKING) {
            throw new PotentialDeadlockException(r);
        }
    }

    /**
     * Of two held locks of one class, the one a new lock of that class must be checked against: one without a key
     * (no order is declared then), else the higher key. Checking only the most recent hold would miss k3 held, k1
     * taken since by an untimed tryLock (never checked), then k2 requested.
     */
    private static boolean outranks(HeldLock a, HeldLock b) {
        long ka = a.gate.orderKey();
        long kb = b.gate.orderKey();
        return kb != LockAware.NO_ORDER_KEY && (ka == LockAware.NO_ORDER_KEY || ka > kb);
    }

    /** Two instances of one class nested: accepted only in increasing declared order keys. */
    private static void sameClassNesting(ThreadRecord t, Gate g, int kind, HeldLock outer) {
        long outerKey = outer.gate.orderKey();
        long innerKey = g.orderKey();
        boolean declared = outerKey != LockAware.NO_ORDER_KEY && innerKey != LockAware.NO_ORDER_KEY;
        if (declared && outerKey < innerKey) {
            return;
        }
        Policy p = Policies.of(ReportKind.SAME_CLASS_NESTING, g.lockClass());
        if (p == Policy.IGNORE) {
            return;
        }
        LockReport r = ReportWriter.sameClass(t, g, outer, declared, kind == Tracker.TIMED);
        Reports.publish(r);
        if (p == Policy.THROW && kind == Tracker.BLOCKING) {
            throw new PotentialDeadlockException(r);
        }
    }
}
