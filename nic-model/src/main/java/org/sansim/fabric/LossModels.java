package org.sansim.fabric;

/** Checks shared by the loss models. */
final class LossModels
{
    private LossModels()
    {
    }

    static void checkProbability(final String name, final double p)
    {
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new IllegalArgumentException(name + " probability must be in [0, 1], got " + p);
        }
    }
}
