package org.sansim.fabric;

import org.sansim.sim.Partition;

/**
 * One end of a fabric link, as the NIC's port block or a switch port sees it: a transmitter that
 * serialises one frame at a time, and a receive buffer per priority class.
 *
 * <p>Sending: when {@link #canSend(int, int)} says so, {@link #send(byte[], int, int, int)} copies
 * the frame into the link (no allocation) and occupies the transmitter for the frame's time on the
 * wire; a sender that finds the port unable to send waits for
 * {@link FramePortListener#onSendReady()}. Receiving: frames arrive at the bound {@link FrameSink}
 * and occupy the receive buffer of their class until {@link #release(int, int)}; in
 * {@link FlowControl#CREDIT} and {@link FlowControl#PFC} modes the occupancy is what throttles the
 * sender at the far end.
 *
 * <p>Frames are Ethernet frames without the FCS (as {@link org.sansim.wire.RoceFrame} builds them);
 * the link adds preamble, FCS and inter-frame gap to their time on the wire. Every method must be
 * called from the port's {@link #partition()}.
 */
public interface FramePort
{
    /** @return the port's name, such as {@code "fabric.host0-leaf0.a"} (the link's name and the end) */
    String name();

    /** @return the partition whose thread drives this end; the attached component must live in it */
    Partition partition();

    /** @return the link's flow-control mode */
    FlowControl flowControl();

    /** @return the number of priority classes; classes are numbered from 0 */
    int priorityClasses();

    /** @return the largest frame {@link #send} accepts, in bytes without the FCS */
    int maxFrameBytes();

    /**
     * @return the receive buffer of each priority class, in bytes: the most that delivered frames not
     *     yet {@link #release released} occupy in a class
     */
    int rxBufferBytes();

    /**
     * Connects the component that owns this end. Must be called once, before the simulation runs.
     *
     * @param sink receives the frames that arrive
     * @param listener is told when the port may be able to send again
     */
    void bind(FrameSink sink, FramePortListener listener);

    /**
     * Tells whether a frame could be sent now: the transmitter is idle and flow control allows the
     * class (it is not paused, or enough credit remains for {@code frameBytes}).
     *
     * @param frameBytes the frame's length without the FCS
     * @param priorityClass its class
     * @return whether {@link #send} would accept it now
     */
    boolean canSend(int frameBytes, int priorityClass);

    /**
     * Starts sending a frame: copies {@code lengthBytes} bytes into the link, keeps the transmitter
     * busy for their time on the wire, and delivers them at the far end when the last bit arrives.
     *
     * @param frame the buffer holding the frame
     * @param offset index of the frame's first byte
     * @param lengthBytes the frame's length without the FCS, 1 to {@link #maxFrameBytes()}
     * @param priorityClass the frame's priority class
     * @throws IllegalStateException if {@link #canSend} is false
     * @throws IllegalArgumentException if the length or class is out of range
     */
    void send(byte[] frame, int offset, int lengthBytes, int priorityClass);

    /**
     * Frees the receive buffer a delivered frame occupied, which may return credits or resume a
     * paused sender. Call once per delivered frame, with its length and class.
     *
     * @param frameBytes the frame's length, {@code Message.dataLength()} at delivery
     * @param priorityClass the class it arrived in
     * @throws IllegalStateException if more is released than the class holds
     */
    void release(int frameBytes, int priorityClass);
}
