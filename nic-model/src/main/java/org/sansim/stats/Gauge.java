package org.sansim.stats;

/**
 * The current value of a piece of state (queue occupancy, outstanding reads, credits).
 *
 * <p>A reset leaves a gauge unchanged: it mirrors live state rather than history, and zeroing it
 * after a warm-up would make it disagree with the state it describes.
 */
public final class Gauge extends Stat
{
    private long value;

    Gauge(final String fullName, final String unit, final String description)
    {
        super(fullName, unit, description);
    }

    /**
     * Sets the value. Allocates nothing.
     *
     * @param newValue the current value
     */
    public void set(final long newValue)
    {
        value = newValue;
    }

    /**
     * Adds {@code delta}, which may be negative. Allocates nothing.
     *
     * @param delta the change
     */
    public void add(final long delta)
    {
        value += delta;
    }

    /**
     * Returns the current value.
     *
     * @return the value last set, 0 if never set
     */
    public long value()
    {
        return value;
    }

    @Override
    public void accept(final StatVisitor visitor)
    {
        visitor.visitGauge(this);
    }

    @Override
    void reset()
    {
        // Deliberately kept: see the class comment.
    }
}
