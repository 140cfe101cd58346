package org.sansim.fabric;

import org.sansim.random.SimRandom;

/**
 * Decides the fate of each data frame sent in one direction of a link: the strategy through which
 * loss and corruption are injected. A model may keep state (a burst in progress), so each direction
 * has its own instance; it draws only from the generator it is given, so a run is reproducible from
 * the link's seed. Flow-control frames are never passed to it: they are never lost or corrupted.
 */
public interface LossModel
{
    /**
     * Decides the fate of the next frame. Allocates nothing.
     *
     * @param random the direction's generator
     * @return the frame's fate
     */
    FrameFate next(SimRandom random);

    /** @return a model that delivers every frame intact and draws nothing */
    static LossModel none()
    {
        return random -> FrameFate.DELIVER;
    }

    /**
     * Independent losses and corruptions: each frame is lost with probability {@code loss},
     * otherwise corrupted with probability {@code corruption}.
     *
     * @param loss probability of loss, in [0, 1]
     * @param corruption probability that a frame that is not lost is corrupted, in [0, 1]
     * @return the model
     */
    static LossModel bernoulli(final double loss, final double corruption)
    {
        return new BernoulliLoss(loss, corruption);
    }

    /**
     * Bursty losses (the Gilbert model, a two-state Gilbert-Elliott chain whose bad state loses every
     * frame and whose good state loses none): bursts last {@code meanBurstFrames} frames on average
     * and the long-run loss rate is {@code loss}. Frames that are not lost are corrupted with
     * probability {@code corruption}, independently.
     *
     * @param loss long-run probability of loss, in [0, 1)
     * @param meanBurstFrames mean burst length, at least 1
     * @param corruption probability that a frame that is not lost is corrupted
     * @return the model
     */
    static LossModel gilbertElliott(final double loss, final int meanBurstFrames, final double corruption)
    {
        return new GilbertElliottLoss(loss, meanBurstFrames, corruption);
    }

    /**
     * The model a link's parameters ask for: none if both probabilities are 0, Gilbert-Elliott if
     * losses come in bursts of more than one frame, Bernoulli otherwise.
     *
     * @param params validated link parameters
     * @return a new model, for one direction
     */
    static LossModel of(final FabricLinkParams params)
    {
        if (params.lossProbability() == 0.0 && params.corruptionProbability() == 0.0)
        {
            return none();
        }
        if (params.lossBurstFrames() > 1 && params.lossProbability() > 0.0)
        {
            return gilbertElliott(params.lossProbability(), params.lossBurstFrames(), params.corruptionProbability());
        }
        return bernoulli(params.lossProbability(), params.corruptionProbability());
    }
}
