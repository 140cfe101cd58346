package org.sansim.nic.completion;

/**
 * The completion unit's context of one EQ: its ring, the MSI-X vector it raises, the event types it
 * takes among those routed by type, its producer and consumer indices (24 bits) and whether its
 * interrupt is armed. Made on the first {@code CREATE_EQ} of its number and reused by later ones.
 */
final class EqContext
{
    boolean valid;
    long basePa;
    int logSize;
    int msixVector;
    /** Bit <i>n</i>: takes events of {@code EqeType} code <i>n</i> routed by type. */
    int eventMask = ~0;
    int producerIndex;
    /** The driver's consumer index, from the last EQ doorbell. */
    int consumerIndex;
    boolean armed;
}
