package org.sansim.stats;

/**
 * A statistic: a named, documented quantity of one component. Instances are created only by
 * {@link StatGroup}.
 */
public abstract sealed class Stat permits Counter, Gauge, Accumulator, Distribution, Formula
{
    private final String fullName;
    private final String unit;
    private final String description;

    Stat(final String fullName, final String unit, final String description)
    {
        this.fullName = fullName;
        this.unit = unit;
        this.description = description;
    }

    /**
     * Returns the group path and the stat's name joined by a dot.
     *
     * @return for example {@code "node0.nic.tu.mttMisses"}
     */
    public final String fullName()
    {
        return fullName;
    }

    /**
     * Returns the unit of the stat's values.
     *
     * @return for example {@code "ps"}, {@code "bytes"} or {@code "count"}
     */
    public final String unit()
    {
        return unit;
    }

    /**
     * Returns what the stat measures.
     *
     * @return one line
     */
    public final String description()
    {
        return description;
    }

    /**
     * Calls the visitor method for this stat's kind.
     *
     * @param visitor the visitor
     */
    public abstract void accept(StatVisitor visitor);

    /** Forgets what was recorded so far (see {@link StatsRegistry#reset()}). */
    abstract void reset();

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "[" + fullName + "]";
    }
}
