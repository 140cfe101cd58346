package org.sansim.stats;

import java.util.function.DoubleSupplier;

/**
 * A metric derived from other stats when it is reported, such as bandwidth (bytes sent over
 * elapsed time) or a hit rate. It holds no state of its own.
 */
public final class Formula extends Stat
{
    private final DoubleSupplier supplier;

    Formula(final String fullName, final String unit, final String description, final DoubleSupplier supplier)
    {
        super(fullName, unit, description);
        this.supplier = supplier;
    }

    /**
     * Evaluates the formula now. Not for the hot path.
     *
     * @return the supplier's value; NaN or an infinity (for example before anything happened) is
     *     written as {@code null} in JSON and as an empty field in CSV
     */
    public double value()
    {
        return supplier.getAsDouble();
    }

    @Override
    public void accept(final StatVisitor visitor)
    {
        visitor.visitFormula(this);
    }

    @Override
    void reset()
    {
        // Derived: resetting the stats it reads resets it.
    }
}
