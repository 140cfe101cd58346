package org.sansim.nic.port;

import org.sansim.wire.RoceFrame;

/**
 * Receives the good RoCEv2 frames of a {@link NicPort}: the transport's entry point. A receiver whose
 * pipeline is full refuses a frame instead of dropping it; the port then holds that frame and every
 * later one, in order, in the link's receive buffer (which back-pressures the link: PFC pauses the
 * sender, or credits stop), until the receiver calls {@link NicPort#resumeReceive()}.
 */
@FunctionalInterface
public interface RoceReceiver
{
    /**
     * Handles a frame that parsed with {@link org.sansim.wire.RoceFrameStatus#OK}, at the time its last
     * bit arrived. The parsed view and the bytes are valid only during the call (the port's parser and
     * the fabric's slot are reused afterwards): copy what must be kept. The port releases the fabric's
     * receive buffer when the call returns true.
     *
     * @param parsed the frame, parsed; offsets are indexes into {@code buf}
     * @param buf the bytes
     * @param offset index of the frame's first byte
     * @param lengthBytes the frame's length, without the FCS
     * @return true if the frame was taken (handled, or dropped by the receiver's own rules); false if
     *     the receiver has no room for it now, changed nothing, and wants it offered again after it
     *     calls {@link NicPort#resumeReceive()}
     */
    boolean onRoceFrame(RoceFrame parsed, byte[] buf, int offset, int lengthBytes);
}
