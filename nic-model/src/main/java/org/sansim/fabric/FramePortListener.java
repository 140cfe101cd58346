package org.sansim.fabric;

/**
 * Learns when a {@link FramePort} may be able to send again, so that senders stopped by a busy
 * transmitter or by back-pressure wait without polling.
 */
@FunctionalInterface
public interface FramePortListener
{
    /**
     * Called when the port's transmitter has become idle (the previous frame, including its
     * inter-frame gap, is out), and when a credit update or a PFC resume arrives while it is idle.
     * The call is a hint: check {@link FramePort#canSend(int, int)} before sending. It is made from
     * the port's partition, at the simulated time of the change.
     */
    void onSendReady();
}
