package io.lockaware.jcstress.tracked;

import io.lockaware.DeadlockAwareMutex;
import io.lockaware.DeadlockAwareRWLock;

/** The two locks under test, each carrying the {@link Ledger} its events are checked against. */
final class LedgeredLocks {
    private LedgeredLocks() {
    }

    static final class Mutex extends DeadlockAwareMutex implements Ledger.Ledgered {
        private static final long serialVersionUID = 1L;
        private final transient Ledger ledger = new Ledger();

        Mutex(String name, boolean fair) {
            super(name, fair);
        }

        @Override
        public Ledger ledger() {
            return ledger;
        }
    }

    static final class ReadWrite extends DeadlockAwareRWLock implements Ledger.Ledgered {
        private static final long serialVersionUID = 1L;
        private final transient Ledger ledger = new Ledger();

        ReadWrite(String name, boolean fair) {
            super(name, fair);
        }

        @Override
        public Ledger ledger() {
            return ledger;
        }
    }
}
