package org.sansim.fabric;

import org.sansim.random.SimRandom;
import org.sansim.sim.Channel;
import org.sansim.sim.Partition;
import org.sansim.sim.Simulation;
import org.sansim.stats.StatsRegistry;

/**
 * A full-duplex cable between two {@link FramePort}s, end A and end B, each in the partition of the
 * component attached to it. Each direction is one kernel {@link Channel} whose latency is the
 * propagation delay: a frame sent at {@code t} is on the channel for delivery at {@code t +}
 * {@link FabricLinkParams#serialisationPs(int) serialisation} {@code +} propagation, and the
 * transmitter is free again after {@link FabricLinkParams#wireTimePs(int)}.
 *
 * <p><b>Back-pressure.</b> Both ends account, per priority class, for the bytes of delivered frames
 * that their component has not yet released. In {@link FlowControl#CREDIT} mode the receiver's
 * released bytes become credit that travels back as flow-control frames on the reverse channel; in
 * {@link FlowControl#PFC} mode crossing the XOFF threshold sends a PAUSE and falling to XON a
 * RESUME, also as frames on the reverse channel, so back-pressure takes at least a propagation
 * delay (plus any frame it waits behind) to act. In {@link FlowControl#NONE} mode a frame that
 * finds its class's buffer full is dropped and counted.
 *
 * <p><b>Loss.</b> Each direction draws the fate of every data frame from its own {@link LossModel}
 * and generator, forked from {@link FabricLinkParams#seed()} by the link's random stream number, so
 * results do not depend on partitioning or threads. A lost frame still occupies the wire; a
 * corrupted one arrives with one bit flipped where the RoCEv2 ICRC covers it.
 *
 * <p><b>Other faults</b> (see {@code LinkFaults}), drawn from the same generators only when asked
 * for: a frame held back and overtaken by at most {@link FabricLinkParams#reorderMaxFrames()} later
 * ones, a frame delivered twice, and a down time ({@link FabricLinkParams#downAtPs()} to
 * {@link FabricLinkParams#upAtPs()}) during which every data frame is lost both ways. Flow-control
 * frames are never lost, even while the link is down.
 *
 * <p><b>Statistics.</b> Direction A to B under {@code <name>.ab}, B to A under {@code <name>.ba};
 * see {@link LinkDirectionStats}.
 */
public final class FabricLink
{
    private final String name;
    private final FabricLinkParams params;
    private final LinkEnd a;
    private final LinkEnd b;
    private final LinkDirectionStats ab;
    private final LinkDirectionStats ba;

    /**
     * Builds the link and its two channels.
     *
     * @param simulation the simulation that gets the channels
     * @param stats where the two direction groups are registered
     * @param name the link's name, a stats path such as {@code "fabric.host0-leaf0"}
     * @param params the link's parameters, validated here
     * @param aSide the partition of the component at end A
     * @param bSide the partition of the component at end B
     * @param randomStream a number unique to this link among the links sharing a seed
     */
    public FabricLink(final Simulation simulation, final StatsRegistry stats, final String name,
        final FabricLinkParams params, final Partition aSide, final Partition bSide, final long randomStream)
    {
        params.validate();
        this.name = name;
        this.params = params;
        final Channel aToB = simulation.channel(name + ".ab", aSide, bSide, params.propagationPs());
        final Channel bToA = simulation.channel(name + ".ba", bSide, aSide, params.propagationPs());
        ab = new LinkDirectionStats(stats, name + ".ab");
        ba = new LinkDirectionStats(stats, name + ".ba");
        final SimRandom root = new SimRandom(params.seed());
        a = new LinkEnd(name + ".a", params, aSide, aToB, root.fork(2 * randomStream), ab, ba);
        b = new LinkEnd(name + ".b", params, bSide, bToA, root.fork(2 * randomStream + 1), ba, ab);
        bToA.bind(a);
        aToB.bind(b);
    }

    /** @return the link's name */
    public String name()
    {
        return name;
    }

    /** @return the link's parameters */
    public FabricLinkParams params()
    {
        return params;
    }

    /** @return end A, for the component in the A-side partition */
    public FramePort a()
    {
        return a;
    }

    /** @return end B, for the component in the B-side partition */
    public FramePort b()
    {
        return b;
    }

    /** @return the statistics of the direction from A to B */
    public LinkDirectionStats ab()
    {
        return ab;
    }

    /** @return the statistics of the direction from B to A */
    public LinkDirectionStats ba()
    {
        return ba;
    }

    LinkEnd endA()
    {
        return a;
    }

    LinkEnd endB()
    {
        return b;
    }

    @Override
    public String toString()
    {
        return "link " + name;
    }
}
