package io.lockaware;

/** The live watchdog (actual deadlocks, long waits and holds, leaked locks). Scans run on the daemon's ticks. */
final class Watchdog {
    private Watchdog() {
    }

    static void onTick(long now) {
        // scanning arrives with the watchdog issue
    }
}
