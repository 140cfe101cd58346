package org.sansim.nic.port;

import org.sansim.wire.RoceFrame;

/** Receives the good RoCEv2 frames of a {@link NicPort}: the transport's entry point. */
@FunctionalInterface
public interface RoceReceiver
{
    /**
     * Handles a frame that parsed with {@link org.sansim.wire.RoceFrameStatus#OK}, at the time its last
     * bit arrived. The parsed view and the bytes are valid only during the call (the port's parser and
     * the fabric's slot are reused afterwards): copy what must be kept. The port releases the fabric's
     * receive buffer when the call returns.
     *
     * @param parsed the frame, parsed; offsets are indexes into {@code buf}
     * @param buf the bytes
     * @param offset index of the frame's first byte
     * @param lengthBytes the frame's length, without the FCS
     */
    void onRoceFrame(RoceFrame parsed, byte[] buf, int offset, int lengthBytes);
}
