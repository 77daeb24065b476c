package io.lockaware;

/**
 * What every lock of one class shares for one mode: the class, the mode, and the precomputed chain-hash elements.
 * Three per lock class (mutex, read, write), referenced by each {@link Gate}, so that a lock instance carries one
 * reference rather than these fields: memory per lock is a target (at most twice the JDK lock's).
 */
final class Side {
    final LockClass cls;
    final LockMode mode;
    /** True for a {@link DeadlockAwareMutex}: reports say "lock" rather than "write". */
    final boolean mutex;
    /** This class and mode as an element of a chain hash ({@link ChainCache#element}), for a blocking acquisition. */
    final long element;
    /** The same for a timed tryLock, whose edges are bounded and so validated separately. */
    final long timedElement;
    /** The chain hash of a stack holding only this side: a thread holding nothing pays no hashing. */
    final long rootChain;
    /** Class id and shared mode: sides with equal codes have equal {@link #rootChain} and class bit. */
    final int code;

    Side(LockClass cls, LockMode mode, boolean mutex) {
        this.cls = cls;
        this.mode = mode;
        this.mutex = mutex;
        this.code = (cls.id << 1) | (mode == LockMode.READ ? 1 : 0);
        this.element = ChainCache.element(code);
        this.timedElement = ChainCache.element(code | 1L << 40);
        this.rootChain = cls.tracked ? ChainCache.mix(0, element) : 0;
    }
}
