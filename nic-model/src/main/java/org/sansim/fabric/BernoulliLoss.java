package org.sansim.fabric;

import org.sansim.random.SimRandom;

/** Independent losses and corruptions; see {@link LossModel#bernoulli(double, double)}. */
final class BernoulliLoss implements LossModel
{
    private final double loss;
    private final double corruption;

    BernoulliLoss(final double loss, final double corruption)
    {
        LossModels.checkProbability("loss", loss);
        LossModels.checkProbability("corruption", corruption);
        this.loss = loss;
        this.corruption = corruption;
    }

    @Override
    public FrameFate next(final SimRandom random)
    {
        if (loss > 0.0 && random.nextDouble() < loss)
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
