package org.sansim.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;

/**
 * Reordering within a bound, duplication and down time on one back-to-back link, each checked frame
 * by frame at the receiver (by the PSN the sender numbered them with).
 *
 * <pre>
 *   host0 (sender) ---- 100 Gb/s, 100 ns, faults ---- host1 (receiver)
 * </pre>
 */
class LinkFaultsTest
{
    private static final int FRAMES = 2_000;

    private static List<Integer> psns(final FabricLinkTest.Pair p)
    {
        final List<Integer> psns = new ArrayList<>();
        for (final String a : p.receiver.arrivals)
        {
            final String[] words = a.split(" ");
            psns.add(Integer.parseInt(words[4]));
        }
        return psns;
    }

    private static FabricLinkTest.Pair run(final FabricLinkParams params)
    {
        final FabricLinkTest.Pair p = new FabricLinkTest.Pair(params, Partitioning.PER_NODE);
        p.plan(FRAMES, 1_000);
        p.run(Long.MAX_VALUE);
        return p;
    }

    @Test
    void shouldReorderFramesButNeverLetMoreThanTheBoundOvertakeOne()
    {
        final int bound = 3;
        final FabricLinkTest.Pair p = run(FabricLinkParams.defaults().withReorderAndDuplicates(0.05, bound, 0.0));
        final List<Integer> psns = psns(p);
        assertEquals(FRAMES, psns.size(), "every frame arrives once");
        assertEquals(FRAMES, psns.stream().distinct().count());
        final long reordered = p.link.ab().reorderedFrames.value();
        assertTrue(reordered > 40 && reordered < 160, "about 5% held back: " + reordered);
        int outOfOrder = 0;
        for (int i = 0; i < psns.size(); i++)
        {
            // frame k arrives at position k + (frames that overtook it) - (held ones it overtook)
            final int displacement = i - psns.get(i);
            assertTrue(displacement <= bound && displacement >= -1, "psn " + psns.get(i) + " at " + i);
            outOfOrder += displacement > 0 ? 1 : 0;
        }
        assertTrue(outOfOrder >= reordered / 2, "held frames arrive late: " + outOfOrder);
        assertEquals(0, p.receiver.badFrames());
    }

    @Test
    void shouldReleaseAHeldFrameWhenNoOtherFollows()
    {
        final FabricLinkTest.Pair p = new FabricLinkTest.Pair(
            FabricLinkParams.defaults().withReorderAndDuplicates(1.0, 4, 0.0), Partitioning.PER_NODE);
        p.plan(1, 1_000);
        p.run(Long.MAX_VALUE);
        assertEquals(1, p.receiver.received());
        assertEquals(1, p.link.ab().reorderedFrames.value());
        // held for at most 4 of its own wire times (1026 B at 80 ps/B), then sent
        final long plainArrivalPs = 1_000 + 1014 * FabricLinkTest.PS_PER_BYTE + 100_000;
        final long lateByPs = p.receiver.arrivalPs(0) - plainArrivalPs;
        assertTrue(lateByPs >= 1026 * FabricLinkTest.PS_PER_BYTE && lateByPs <= 4 * 1026 * FabricLinkTest.PS_PER_BYTE,
            "late by " + lateByPs);
    }

    @Test
    void shouldDeliverDuplicatesAsIdenticalSecondCopies()
    {
        final FabricLinkTest.Pair p = run(FabricLinkParams.defaults().withReorderAndDuplicates(0.0, 1, 0.02));
        final List<Integer> psns = psns(p);
        final long duplicated = p.link.ab().duplicatedFrames.value();
        assertTrue(duplicated > 15 && duplicated < 70, "about 2% duplicated: " + duplicated);
        assertEquals(FRAMES + duplicated, psns.size());
        assertEquals(FRAMES, psns.stream().distinct().count());
        for (int i = 1; i < psns.size(); i++)
        {
            assertTrue(psns.get(i) - psns.get(i - 1) <= 1 && psns.get(i) >= psns.get(i - 1), "in order, copies next");
        }
        assertEquals(FRAMES + duplicated, p.link.ab().rxFrames.value());
        assertEquals(0, p.receiver.badFrames());
    }

    @Test
    void shouldDuplicateWithinCreditsWithoutOverrunningTheReceiver()
    {
        final FabricLinkTest.Pair p = new FabricLinkTest.Pair(FabricLinkTest.smallBuffers(
            FabricLinkParams.defaults().withFlowControl(FlowControl.CREDIT), 4096)
            .withReorderAndDuplicates(0.0, 1, 0.3), Partitioning.PER_NODE);
        p.receiver.serviceTimePs(200_000);
        p.plan(300, 1_000);
        p.run(Long.MAX_VALUE);
        final long duplicated = p.link.ab().duplicatedFrames.value();
        assertTrue(duplicated > 50, "duplicated " + duplicated);
        final long dropped = p.link.ab().overflowDrops.value();
        assertEquals(300 + duplicated - dropped, p.receiver.received(), "every original arrives");
        assertEquals(300, psns(p).stream().distinct().count());
    }

    @Test
    void shouldLoseEveryFrameWhileTheLinkIsDownAndNoneOutside()
    {
        // 1026 B per frame at 80 ps/B: frames start every 82,080 ps from 1,000 ps
        final long downAtPs = 1_000 + 100 * 82_080L;
        final long upAtPs = downAtPs + 50 * 82_080L;
        final FabricLinkTest.Pair p = run(FabricLinkParams.defaults().withDownTime(downAtPs, upAtPs));
        final List<Integer> psns = psns(p);
        assertEquals(50, p.link.ab().downFrames.value());
        assertEquals(FRAMES - 50, psns.size());
        for (int i = 0; i < psns.size(); i++)
        {
            assertEquals(i < 100 ? i : i + 50, psns.get(i));
        }
        assertEquals(0, p.link.ab().lostFrames.value());
    }

    @Test
    void shouldStayDownForGoodWithoutAnUpTime()
    {
        final FabricLinkTest.Pair p = run(FabricLinkParams.defaults().withDownTime(1_000 + 10 * 82_080L, 0));
        assertEquals(10, p.receiver.received());
        assertEquals(FRAMES - 10, p.link.ab().downFrames.value());
    }

    @Test
    void shouldGiveTheSameFaultsForTheSameSeedAndOthersForAnother()
    {
        final FabricLinkParams faulty = FabricLinkParams.defaults().withLoss(0.01, 1, 0.01, 7)
            .withReorderAndDuplicates(0.02, 5, 0.02);
        final List<Integer> first = psns(run(faulty));
        assertEquals(first, psns(run(faulty)));
        assertNotEquals(first, psns(run(faulty.withLoss(0.01, 1, 0.01, 8))));
    }

    @Test
    void shouldRejectFaultParametersOutOfRange()
    {
        final FabricLinkParams d = FabricLinkParams.defaults();
        assertThrows(ParamsException.class, () -> d.withReorderAndDuplicates(1.5, 1, 0.0).validate());
        assertThrows(ParamsException.class, () -> d.withReorderAndDuplicates(0.1, 0, 0.0).validate());
        assertThrows(ParamsException.class, () -> d.withReorderAndDuplicates(0.0, 1, -0.1).validate());
        assertThrows(ParamsException.class, () -> d.withDownTime(5_000, 5_000).validate());
        assertThrows(ParamsException.class, () -> d.withDownTime(-1, 0).validate());
    }
}
