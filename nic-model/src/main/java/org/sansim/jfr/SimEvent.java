package org.sansim.jfr;

import jdk.jfr.Event;
import jdk.jfr.Label;

/**
 * What every SanSim JFR event carries: the simulated time and the emitting component's name (its statistics
 * path, such as {@code node0.nic.doorbell}). JFR's own start time is the wall clock, which says nothing about
 * the model; {@link #simTimePs} is the time that matters.
 */
public abstract class SimEvent extends Event
{
    /** Simulated time of the event in picoseconds. */
    @Label("Simulated time (ps)")
    long simTimePs;

    /** The emitting component's name. */
    @Label("Component")
    String component;
}
