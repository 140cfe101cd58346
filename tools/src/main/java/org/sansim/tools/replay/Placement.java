package org.sansim.tools.replay;

import java.util.Locale;

/** How ranks are placed on a system's hosts. */
public enum Placement
{
    /** Consecutive ranks fill a host before the next: rank r on host {@code r / ceil(ranks / hosts)}. */
    BLOCK,
    /** Ranks are dealt out in turn: rank r on host {@code r mod hosts}. */
    ROUND_ROBIN;

    /**
     * @param rank a rank
     * @param ranks how many ranks there are
     * @param hosts how many hosts there are, at least 1
     * @return the host the rank runs on
     */
    public int host(final int rank, final int ranks, final int hosts)
    {
        return this == ROUND_ROBIN ? rank % hosts : rank / ((ranks + hosts - 1) / hosts);
    }

    /**
     * @param text {@code block} or {@code round-robin}
     * @return the placement
     * @throws IllegalArgumentException naming the choices
     */
    public static Placement parse(final String text)
    {
        return switch (text.toLowerCase(Locale.ROOT))
        {
            case "block" -> BLOCK;
            case "round-robin", "round_robin", "roundrobin" -> ROUND_ROBIN;
            default -> throw new IllegalArgumentException("--placement " + text + ": expected block or round-robin");
        };
    }

    /** @return its name on the command line */
    public String label()
    {
        return this == BLOCK ? "block" : "round-robin";
    }
}
