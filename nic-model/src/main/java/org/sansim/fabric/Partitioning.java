package org.sansim.fabric;

/** How a {@link Topology} places its components in partitions. Both give identical results. */
public enum Partitioning
{
    /** Everything in one partition, named {@code "fabric"}: one event loop, no rings. */
    SINGLE,

    /**
     * One partition per endpoint ({@code "host0"}, ...) and one per switch ({@code "switch0"},
     * {@code "leaf0"}, {@code "spine0"}), the default cut of the design: every link crosses
     * partitions and its propagation delay is their lookahead.
     */
    PER_NODE
}
