package org.sansim.fabric;

import org.sansim.sim.Message;

/** Receives the frames that arrive at a {@link FramePort}. */
@FunctionalInterface
public interface FrameSink
{
    /**
     * Handles a frame at the time its last bit (the end of its FCS) arrived. The frame's bytes, as
     * sent and without the FCS, are {@code frame.data()[0 .. frame.dataLength())}; a corrupted frame
     * has one bit flipped among them. The slot is reused when this call returns: copy what must be
     * kept. The frame occupies the port's receive buffer of its class until the receiver calls
     * {@link FramePort#release(int, int)} for it, which it must do exactly once, now or later.
     *
     * @param frame the delivered frame
     * @param priorityClass the priority class it was sent in
     */
    void onFrame(Message frame, int priorityClass);
}
