package org.sansim.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.sansim.random.SimRandom;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/** Loss and corruption: rates, determinism by seed, bursts, and what a corrupted frame looks like. */
class LossModelTest
{
    private static final int DRAWS = 100_000;

    @Test
    void shouldLoseAboutPOfFramesAndRepeatTheSameLossesForTheSameSeed()
    {
        final BitSet first = losses(LossModel.bernoulli(0.1, 0.0), 42);
        final double rate = (double)first.cardinality() / DRAWS;
        assertEquals(0.1, rate, 0.005, "seed 42");
        assertEquals(first, losses(LossModel.bernoulli(0.1, 0.0), 42));
        assertNotEquals(first, losses(LossModel.bernoulli(0.1, 0.0), 43));
        assertEquals(0, losses(LossModel.none(), 42).cardinality());
    }

    @Test
    void shouldLoseInBurstsOfTheMeanLengthAtTheLongRunRate()
    {
        final BitSet lost = losses(LossModel.gilbertElliott(0.05, 8, 0.0), 7);
        assertEquals(0.05, (double)lost.cardinality() / DRAWS, 0.01, "seed 7");
        int bursts = 0;
        for (int i = lost.nextSetBit(0); i >= 0; i = lost.nextSetBit(lost.nextClearBit(i)))
        {
            bursts++;
        }
        final double meanBurst = (double)lost.cardinality() / bursts;
        assertEquals(8.0, meanBurst, 1.0, "seed 7");
    }

    private static BitSet losses(final LossModel model, final long seed)
    {
        final SimRandom random = new SimRandom(seed);
        final BitSet lost = new BitSet(DRAWS);
        for (int i = 0; i < DRAWS; i++)
        {
            if (model.next(random) == FrameFate.LOSE)
            {
                lost.set(i);
            }
        }
        return lost;
    }

    @Test
    void shouldDropAboutPOfFramesOnALinkDeterministically()
    {
        final FabricLinkParams lossy = FabricLinkParams.defaults().withLoss(0.2, 1, 0.0, 5);
        final FabricLinkTest.Pair a = lossyRun(lossy);
        final long lost = a.link.ab().lostFrames.value();
        assertEquals(1000, a.receiver.received() + lost);
        assertEquals(0.2, lost / 1000.0, 0.04, "seed 5");
        assertEquals(0, a.link.ab().overflowDrops.value());

        final FabricLinkTest.Pair again = lossyRun(lossy);
        assertEquals(a.receiver.arrivals, again.receiver.arrivals, "same seed, same losses");
        final FabricLinkTest.Pair other = lossyRun(FabricLinkParams.defaults().withLoss(0.2, 1, 0.0, 6));
        assertNotEquals(a.receiver.arrivals, other.receiver.arrivals, "another seed, other losses");
    }

    @Test
    void shouldReturnTheCreditsOfLostFrames()
    {
        final FabricLinkParams lossy = FabricLinkParams.defaults().withFlowControl(FlowControl.CREDIT)
            .withLoss(0.3, 1, 0.0, 9);
        final FabricLinkTest.Pair p = lossyRun(lossy);
        assertEquals(1000, p.sender.sent(), "never starved of credits by lost frames");
        assertEquals(1000, p.receiver.received() + p.link.ab().lostFrames.value());
    }

    private static FabricLinkTest.Pair lossyRun(final FabricLinkParams params)
    {
        final FabricLinkTest.Pair p = new FabricLinkTest.Pair(params, Partitioning.SINGLE);
        p.plan(1000, 0);
        p.run(Long.MAX_VALUE);
        return p;
    }

    @Test
    void shouldFlipExactlyOneBitWhereTheIcrcChecksIt()
    {
        final FabricLinkParams corrupting = FabricLinkParams.defaults().withLoss(0.0, 1, 1.0, 3);
        for (int run = 0; run < 20; run++)
        {
            final FabricLinkTest.Pair p = new FabricLinkTest.Pair(corrupting.withLoss(0.0, 1, 1.0, run),
                Partitioning.SINGLE);
            p.plan(1, 0);
            p.run(Long.MAX_VALUE);

            final byte[] sent = p.sender.frameFor(0);
            final byte[] got = p.receiver.lastFrame();
            assertEquals(sent.length, got.length);
            int flipped = 0;
            for (int i = 0; i < sent.length; i++)
            {
                flipped += Integer.bitCount((sent[i] ^ got[i]) & 0xFF);
            }
            assertEquals(1, flipped, "seed " + run);
            assertEquals(1, p.receiver.badFrames(), "seed " + run);
            assertEquals(RoceFrameStatus.BAD_ICRC, p.receiver.lastBadStatus(), "seed " + run);
            assertEquals(1, p.link.ab().corruptedFrames.value());
            assertEquals(RoceFrameStatus.OK, new RoceFrame().parse(sent, 0, sent.length));
        }
    }
}
