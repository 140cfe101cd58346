package org.sansim.tools.scenario.system;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;
import org.sansim.fabric.Partitioning;
import org.sansim.fabric.TopologyParams;

/**
 * The shape of a scenario's fabric (the {@code topology} section of a scenario file, {@code --set
 * topology.*}): which counts matter depends on the shape, as in {@link TopologyParams}. Host links take
 * the {@code link.*} parameters; leaf-to-spine links the same, with their own rate, so that
 * oversubscription ({@code hostsPerLeaf × link rate} against {@code spines × spineBandwidthBps}) is a
 * choice.
 *
 * @param shape the kind of topology
 * @param hosts endpoints of a single-switch topology
 * @param leaves leaf switches of a leaf-spine
 * @param spines spine switches of a leaf-spine
 * @param hostsPerLeaf endpoints under each leaf
 * @param spineBandwidthBps line rate of each leaf-to-spine link; 0 takes the host links' rate
 */
public record TopologySpec(
    @Param(unit = Param.ENUM, description = "BACK_TO_BACK, SINGLE_SWITCH or LEAF_SPINE") TopologyParams.Shape shape,
    @Param(unit = Param.COUNT, description = "endpoints of a single-switch topology") int hosts,
    @Param(unit = Param.COUNT, description = "leaf switches of a leaf-spine topology") int leaves,
    @Param(unit = Param.COUNT, description = "spine switches of a leaf-spine topology") int spines,
    @Param(unit = Param.COUNT, description = "endpoints under each leaf of a leaf-spine topology") int hostsPerLeaf,
    @Param(unit = Param.BPS, description = "rate of each leaf-to-spine link; 0 takes the host links' rate")
    long spineBandwidthBps)
    implements Validated
{
    /** @return two hosts back to back (the other counts are a leaf-spine's 2 × 2 × 4 if the shape changes) */
    public static TopologySpec defaults()
    {
        return new TopologySpec(TopologyParams.Shape.BACK_TO_BACK, 4, 2, 2, 4, 0);
    }

    /** @return the fabric's shape for {@link org.sansim.fabric.Topology#build}, one partition per node */
    public TopologyParams params()
    {
        return new TopologyParams(shape, hosts, leaves, spines, hostsPerLeaf, Partitioning.PER_NODE);
    }

    /** @return the number of hosts the shape has */
    public int hostCount()
    {
        return switch (shape)
        {
            case BACK_TO_BACK -> 2;
            case SINGLE_SWITCH -> hosts;
            case LEAF_SPINE -> leaves * hostsPerLeaf;
        };
    }

    @Override
    public void validate()
    {
        params().validate();
        if (spineBandwidthBps < 0)
        {
            throw new ParamsException("spineBandwidthBps must not be negative, got " + spineBandwidthBps);
        }
    }
}
