package org.sansim.nic.port;

/**
 * Sees every frame a {@link NicPort} sends or receives (including received frames it drops), with
 * its time: the hook for a packet capture.
 */
@FunctionalInterface
public interface FrameTap
{
    /** {@code direction} of a frame the port sent. */
    int TX = 0;

    /** {@code direction} of a frame the port received. */
    int RX = 1;

    /**
     * Called on the port's partition. The bytes are valid only during the call.
     *
     * @param direction {@link #TX} or {@link #RX}
     * @param timePs for TX, when the port handed the frame to the link (its first bit); for RX, when
     *     its last bit arrived
     * @param buf the bytes
     * @param offset index of the frame's first byte
     * @param lengthBytes the frame's length, without the FCS
     * @param priorityClass its priority class
     */
    void onFrame(int direction, long timePs, byte[] buf, int offset, int lengthBytes, int priorityClass);
}
