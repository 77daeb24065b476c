package io.lockaware.demo;

import java.io.PrintStream;

/** One production incident, replayed: bounded in time, and every thread it starts has finished when it returns. */
interface Incident {
    /** "1. Room add/broadcast". */
    String title();

    /** What happened in production, in two or three lines. */
    String story();

    /** Plays the incident; returns one line saying how it ended. */
    String play(PrintStream out) throws Exception;
}
