package org.sansim.stats;

/**
 * A count of events or a total amount (packets sent, bytes transferred, cache misses) that only
 * grows until {@link StatsRegistry#reset()}.
 */
public final class Counter extends Stat
{
    private long value;

    Counter(final String fullName, final String unit, final String description)
    {
        super(fullName, unit, description);
    }

    /** Adds one. Allocates nothing. */
    public void increment()
    {
        value++;
    }

    /**
     * Adds {@code delta}. Allocates nothing.
     *
     * @param delta the amount to add; must be non-negative, which is not checked
     */
    public void add(final long delta)
    {
        value += delta;
    }

    /**
     * Returns the count since creation or the last reset.
     *
     * @return the count
     */
    public long value()
    {
        return value;
    }

    @Override
    public void accept(final StatVisitor visitor)
    {
        visitor.visitCounter(this);
    }

    @Override
    void reset()
    {
        value = 0;
    }
}
