package org.sansim.fabric;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * The shape of a fabric, for {@link Topology#build}. Which counts matter depends on the shape:
 * {@code hosts} for {@link Shape#SINGLE_SWITCH}, {@code leaves}, {@code spines} and
 * {@code hostsPerLeaf} for {@link Shape#LEAF_SPINE}; a back-to-back pair always has two endpoints.
 *
 * <p>Defaults: a leaf-spine of 2 leaves, 2 spines and 4 hosts per leaf, the smallest one in which
 * ECMP has a choice on every inter-leaf path; one partition per node, the design's default cut.
 *
 * @param shape the kind of topology
 * @param hosts endpoints of a single-switch topology
 * @param leaves leaf switches of a leaf-spine
 * @param spines spine switches of a leaf-spine
 * @param hostsPerLeaf endpoints under each leaf
 * @param partitioning how components are placed in partitions
 */
public record TopologyParams(
    @Param(unit = Param.ENUM, description = "BACK_TO_BACK, SINGLE_SWITCH or LEAF_SPINE") Shape shape,
    @Param(unit = Param.COUNT, description = "endpoints of a single-switch topology") int hosts,
    @Param(unit = Param.COUNT, description = "leaf switches of a leaf-spine topology") int leaves,
    @Param(unit = Param.COUNT, description = "spine switches of a leaf-spine topology") int spines,
    @Param(unit = Param.COUNT, description = "endpoints under each leaf of a leaf-spine topology") int hostsPerLeaf,
    @Param(unit = Param.ENUM, description = "SINGLE partition or one PER_NODE (endpoint or switch)")
    Partitioning partitioning)
    implements Validated
{
    /** Largest index an address byte allows: leaves and hosts are numbered into 10.0.leaf.(host + 1). */
    public static final int MAX_ADDRESS_INDEX = 254;

    /** The kinds of topology. */
    public enum Shape
    {
        /** Two endpoints joined by one link. */
        BACK_TO_BACK,
        /** N endpoints on one switch. */
        SINGLE_SWITCH,
        /** A two-level Clos: every leaf joined to every spine, hosts under leaves. */
        LEAF_SPINE
    }

    /**
     * The defaults; see the class comment.
     *
     * @return the default parameters
     */
    public static TopologyParams defaults()
    {
        return new TopologyParams(Shape.LEAF_SPINE, 4, 2, 2, 4, Partitioning.PER_NODE);
    }

    @Override
    public void validate()
    {
        if (shape == null || partitioning == null)
        {
            throw new ParamsException("shape and partitioning must be set");
        }
        switch (shape)
        {
            case BACK_TO_BACK ->
            {
            }
            case SINGLE_SWITCH -> range("hosts", hosts, 1, MAX_ADDRESS_INDEX);
            case LEAF_SPINE ->
            {
                range("leaves", leaves, 1, MAX_ADDRESS_INDEX + 1);
                range("spines", spines, 1, SwitchParams.MAX_PORTS);
                range("hostsPerLeaf", hostsPerLeaf, 1, MAX_ADDRESS_INDEX);
            }
            default -> throw new ParamsException("unknown shape " + shape);
        }
    }

    private static void range(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new ParamsException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
