package org.sansim.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Deterministic text for the non-integral numbers of stats output. */
final class StatNumbers
{
    /** Significant digits kept: enough for any measurement, few enough to read. */
    private static final MathContext SIGNIFICANT = new MathContext(12, RoundingMode.HALF_EVEN);
    private static final BigDecimal PLAIN_MIN = new BigDecimal("1e-6");
    private static final BigDecimal PLAIN_LIMIT = new BigDecimal("1e15");

    private StatNumbers()
    {
    }

    /**
     * Formats a double from its exact binary value, rounded half-even to 12 significant digits,
     * so the result does not depend on the JVM's {@code Double.toString}. Plain notation for
     * magnitudes in {@code [1e-6, 1e15)}, otherwise JSON-compatible scientific notation
     * ({@code 1.5E+20}).
     *
     * @param value the number
     * @return the text, or {@code null} for NaN and infinities
     */
    static String format(final double value)
    {
        if (!Double.isFinite(value))
        {
            return null;
        }
        final BigDecimal rounded = new BigDecimal(value).round(SIGNIFICANT).stripTrailingZeros();
        if (rounded.signum() == 0)
        {
            return "0";
        }
        final BigDecimal magnitude = rounded.abs();
        final boolean plain = magnitude.compareTo(PLAIN_MIN) >= 0 && magnitude.compareTo(PLAIN_LIMIT) < 0;
        return plain ? rounded.toPlainString() : rounded.toString();
    }
}
