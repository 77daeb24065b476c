package io.lockaware.jcstress.tracked;

import io.lockaware.LockAware;
import io.lockaware.Policy;
import io.lockaware.ReportKind;

/**
 * Pairs of lock-class names with no learned order between them, for {@link CycleRace}. Once two threads have raced
 * on a pair, the order graph remembers the winner's edge, and a later race on the same pair is decided before it
 * starts. Classes are never forgotten (and their number is capped), so names come from a ring of {@value #PAIRS}
 * pairs and the learned order is forgotten each time the ring starts over.
 *
 * <p>Forgetting is safe only because jcstress 0.16 builds states between rounds, while no actor runs: an edge that
 * an actor has just inserted can never vanish before its rival's check. A pair handed out twice before the next reset
 * (a round longer than the ring) still gives a correct, merely predetermined, outcome.
 */
final class FreshClasses {
    static final int PAIRS = 1024;
    private static int next = PAIRS;

    private FreshClasses() {
    }

    static synchronized String[] pair(String prefix) {
        if (next == PAIRS) {
            LockAware.forgetLearnedOrder(); // also restores the policies, so set ours again
            LockAware.setPolicy(ReportKind.LOCK_ORDER_INVERSION, Policy.THROW);
            next = 0;
        }
        int k = next++;
        return new String[] {prefix + ".a" + k, prefix + ".b" + k};
    }
}
