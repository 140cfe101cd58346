package org.sansim.fabric;

/** How a {@link FabricLink} keeps a sender from overrunning the receiver's buffer. */
public enum FlowControl
{
    /**
     * None: the sender sends whenever its transmitter is free. A frame that finds the receiving
     * buffer of its class full is dropped there (a lossy Ethernet link); switches tail-drop at their
     * output queues.
     */
    NONE,

    /**
     * Credits, per priority class, as InfiniBand links do: the sender may send a frame only if the
     * bytes it has sent stay within the receiver's advertised limit. The receiver advertises a new
     * limit in a flow-control frame on the reverse direction whenever it frees buffer. Never drops
     * for lack of buffer.
     */
    CREDIT,

    /**
     * Priority flow control (IEEE 802.1Qbb), as lossless RoCEv2 fabrics use: the receiver sends a
     * PAUSE (XOFF) frame for a class when the class's buffer occupancy reaches the XOFF threshold
     * and a RESUME (XON) frame when it falls to the XON threshold. Lossless as long as the headroom
     * above XOFF covers what is in flight ({@link FabricLinkParams#pfcHeadroomBytes()}).
     */
    PFC
}
