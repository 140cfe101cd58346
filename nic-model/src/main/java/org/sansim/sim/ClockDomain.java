package org.sansim.sim;

/**
 * A clock: converts between cycles of one frequency and picoseconds, and rounds times up to the
 * clock's next rising edge. Edges fall at whole multiples of {@link #periodPs()} from time zero.
 *
 * <p>The period is a whole number of picoseconds. A frequency whose period is not whole (430 MHz is
 * 2325.58 ps) is rounded to the nearest picosecond; the error is below 0.05 % for clocks under
 * 1 GHz and is reported by {@link #frequencyHz()}.
 *
 * @param name the domain's name, such as {@code "nic.core"}
 * @param periodPs the clock period in picoseconds, at least 1
 */
public record ClockDomain(String name, long periodPs)
{
    /** Checks the period. */
    public ClockDomain
    {
        if (periodPs < 1)
        {
            throw new IllegalArgumentException("clock " + name + ": period must be at least 1 ps, got " + periodPs);
        }
    }

    /**
     * Makes a clock of the given frequency, its period rounded to the nearest picosecond.
     *
     * @param name the domain's name
     * @param frequencyHz the frequency in hertz, at most 1 THz
     * @return the clock
     */
    public static ClockDomain ofFrequencyHz(final String name, final long frequencyHz)
    {
        if (frequencyHz <= 0 || frequencyHz > 1_000_000_000_000L)
        {
            throw new IllegalArgumentException("clock " + name + ": frequency must be in (0, 1 THz], got "
                + frequencyHz + " Hz");
        }
        return new ClockDomain(name, Math.max(1, Math.round(1e12 / frequencyHz)));
    }

    /** @return the frequency this period represents, in hertz (rounded) */
    public long frequencyHz()
    {
        return Math.round(1e12 / periodPs);
    }

    /**
     * @param cycles a number of cycles, zero or more
     * @return their duration in picoseconds
     */
    public long cyclesToPs(final long cycles)
    {
        return Math.multiplyExact(cycles, periodPs);
    }

    /**
     * @param durationPs a duration, zero or more
     * @return the number of whole cycles that cover it (rounded up)
     */
    public long psToCycles(final long durationPs)
    {
        return (durationPs + periodPs - 1) / periodPs;
    }

    /**
     * @param timePs a time, zero or more
     * @return the first edge at or after {@code timePs}
     */
    public long nextEdgePs(final long timePs)
    {
        final long remainder = timePs % periodPs;
        return remainder == 0 ? timePs : timePs - remainder + periodPs;
    }

    /**
     * The time a block that starts at {@code timePs} and is busy for {@code cycles} finishes: it
     * starts at the next edge and finishes {@code cycles} periods later.
     *
     * @param timePs when the work becomes ready
     * @param cycles how many cycles it takes
     * @return when it is done
     */
    public long edgeAfterCycles(final long timePs, final long cycles)
    {
        return nextEdgePs(timePs) + cyclesToPs(cycles);
    }

    /**
     * @param timePs a time, zero or more
     * @return the number of the cycle in progress at {@code timePs}
     */
    public long cycleAt(final long timePs)
    {
        return timePs / periodPs;
    }
}
