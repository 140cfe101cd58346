package org.sansim.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExponentialZigguratTest
{
    @Test
    void shouldComputeExpMinusToWithinTwoUlps()
    {
        for (double x = 0; x < 12; x += 0.000731)
        {
            final double expected = StrictMath.exp(-x);
            assertEquals(expected, ExponentialZiggurat.expMinus(x), 2 * Math.ulp(expected), "x = " + x);
        }
    }
}
