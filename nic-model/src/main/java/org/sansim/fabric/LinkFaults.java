package org.sansim.fabric;

import org.sansim.random.SimRandom;

/**
 * The faults of one direction of a link beyond loss and corruption: whether the link is down, which
 * frames to duplicate, and the one frame held back to be overtaken (reordering within a bound).
 * Owned by the sending {@link LinkEnd}, in its partition; draws only from that end's generator, and
 * only when a probability is above zero, so a link without these faults draws exactly what it drew
 * before they existed.
 *
 * <p><b>Reordering.</b> A data frame chosen for reordering (while no other is held) is copied here
 * instead of onto the channel; its time on the wire is spent as usual. It is released right behind
 * the {@code k}-th data frame sent after it, {@code k} uniform in {@code [1, reorderMaxFrames]}, with
 * the same delivery time as that frame: so at most {@code reorderMaxFrames} frames overtake it. If
 * fewer follow, it is released at the time those frames would have taken on the wire
 * ({@code k} times its own wire time after it was sent), so a held frame never waits for traffic
 * that does not come.
 *
 * <p>Allocates nothing after construction: the held frame has a buffer of the largest frame.
 */
final class LinkFaults
{
    private final FabricLinkParams params;
    private final byte[] held;
    private int heldLengthBytes;
    private int heldClass;
    private int overtakesLeft;
    private boolean holding;

    LinkFaults(final FabricLinkParams params)
    {
        this.params = params;
        this.held = params.reorderProbability() > 0.0 ? new byte[params.maxFrameBytes()] : new byte[0];
    }

    /**
     * @param nowPs the time a frame starts on the wire
     * @return whether the link is down then, so that the frame is lost
     */
    boolean down(final long nowPs)
    {
        return params.downAt(nowPs);
    }

    /**
     * @param random the direction's generator
     * @return whether the frame just sent should be delivered a second time
     */
    boolean duplicate(final SimRandom random)
    {
        return params.duplicateProbability() > 0.0 && random.nextDouble() < params.duplicateProbability();
    }

    /**
     * Decides whether to hold a frame back and, if so, copies it.
     *
     * @param random the direction's generator
     * @param frame the buffer holding the frame as sent
     * @param offset index of its first byte
     * @param lengthBytes its length
     * @param priorityClass its class
     * @return the number of frames that are to overtake it, or 0 if it is not held back
     */
    int hold(final SimRandom random, final byte[] frame, final int offset, final int lengthBytes,
        final int priorityClass)
    {
        if (holding || params.reorderProbability() == 0.0 || random.nextDouble() >= params.reorderProbability())
        {
            return 0;
        }
        System.arraycopy(frame, offset, held, 0, lengthBytes);
        heldLengthBytes = lengthBytes;
        heldClass = priorityClass;
        overtakesLeft = 1 + random.nextInt(params.reorderMaxFrames());
        holding = true;
        return overtakesLeft;
    }

    /** @return whether a frame is held back */
    boolean holding()
    {
        return holding;
    }

    /**
     * Counts one frame that overtook the held one.
     *
     * @return whether the held frame is now due
     */
    boolean overtaken()
    {
        return holding && --overtakesLeft == 0;
    }

    /** Forgets the held frame, once it has been put on the channel. */
    void released()
    {
        holding = false;
    }

    byte[] heldFrame()
    {
        return held;
    }

    int heldLengthBytes()
    {
        return heldLengthBytes;
    }

    int heldClass()
    {
        return heldClass;
    }
}
