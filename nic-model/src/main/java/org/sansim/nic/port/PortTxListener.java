package org.sansim.nic.port;

/** Learns that a full transmit queue of a {@link NicPort} has room again. */
@FunctionalInterface
public interface PortTxListener
{
    /** Called on the port's partition when a frame has left a transmit queue that was full. */
    void onTxSpace();
}
