package org.sansim.fabric;

import org.sansim.random.SimRandom;

/**
 * Bursty losses; see {@link LossModel#gilbertElliott(double, int, double)}. With mean burst
 * {@code b} and long-run loss rate {@code p}, the chain leaves the bad state with probability
 * {@code 1 / b} per frame and enters it with probability {@code p / (b (1 - p))}, whose stationary
 * share of bad frames is {@code p}.
 */
final class GilbertElliottLoss implements LossModel
{
    private final double enterBad;
    private final double leaveBad;
    private final double corruption;
    private boolean bad;

    GilbertElliottLoss(final double loss, final int meanBurstFrames, final double corruption)
    {
        LossModels.checkProbability("loss", loss);
        LossModels.checkProbability("corruption", corruption);
        if (meanBurstFrames < 1)
        {
            throw new IllegalArgumentException("mean burst must be at least 1 frame, got " + meanBurstFrames);
        }
        if (loss >= 1.0)
        {
            throw new IllegalArgumentException("bursty loss needs a loss probability below 1, got " + loss);
        }
        this.enterBad = loss / (meanBurstFrames * (1.0 - loss));
        if (enterBad > 1.0)
        {
            throw new IllegalArgumentException("loss " + loss + " is too high for bursts of " + meanBurstFrames
                + " frames");
        }
        this.leaveBad = 1.0 / meanBurstFrames;
        this.corruption = corruption;
    }

    @Override
    public FrameFate next(final SimRandom random)
    {
        bad = bad ? random.nextDouble() >= leaveBad : random.nextDouble() < enterBad;
        if (bad)
        {
            return FrameFate.LOSE;
        }
        if (corruption > 0.0 && random.nextDouble() < corruption)
        {
            return FrameFate.CORRUPT;
        }
        return FrameFate.DELIVER;
    }
}
