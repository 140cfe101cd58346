package org.sansim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.host.PhysicalMemory;

/**
 * The owner-bit rule of HARDWARE.md 9.2, played out by a producer (the NIC's side) and a consumer (the
 * driver's side) over a real ring of CQEs and EQEs in host memory, across many wraps.
 */
class OwnerBitTest
{
    private static final long RING = 0x1_0000;

    private final PhysicalMemory memory = Memory.small();
    private final CqeFlyweight producerView = new CqeFlyweight();
    private final CqeFlyweight consumerView = new CqeFlyweight();

    @Test
    void shouldGiveTheParityOfThePassRoundTheRing()
    {
        assertEquals(0, OwnerBit.expected(0, 3));
        assertEquals(0, OwnerBit.expected(7, 3));
        assertEquals(1, OwnerBit.expected(8, 3));
        assertEquals(1, OwnerBit.expected(15, 3));
        assertEquals(0, OwnerBit.expected(16, 3));
        assertEquals(1, OwnerBit.expected(1L << 23, 23));
        assertEquals(5, OwnerBit.slot(13, 3));
        assertTrue(OwnerBit.softwareOwned(1, 9, 3));
        assertFalse(OwnerBit.softwareOwned(0, 9, 3));
    }

    @Test
    void shouldSeeEachCqeExactlyOnceAcrossManyWraps()
    {
        final int logSize = 3;
        final int size = 1 << logSize;
        for (int i = 0; i < size; i++)
        {
            cqe(i, logSize).initialise();
        }
        long producer = 0;
        long consumer = 0;
        int expectedNext = 0;
        // produce bursts of varying length, never more than the free slots, and drain after each
        for (int round = 0; round < 50; round++)
        {
            assertFalse(cqe(consumer, logSize).softwareOwned(consumer, logSize), "empty before round " + round);
            final int burst = 1 + round % size;
            for (int i = 0; i < burst; i++)
            {
                producerView.wrap(memory, RING + (long)OwnerBit.slot(producer, logSize) * CqeDescriptor.LENGTH_BYTES)
                    .opcode(CqeOpcode.REQUESTER).wqeCounter((int)producer & 0xFFFF)
                    .owner(OwnerBit.expected(producer, logSize) == 1);
                producer++;
            }
            while (cqe(consumer, logSize).softwareOwned(consumer, logSize))
            {
                assertEquals(expectedNext & 0xFFFF, consumerView.wqeCounter());
                expectedNext++;
                consumer++;
            }
            assertEquals(producer, consumer, "round " + round);
        }
        assertTrue(producer > 20L * size, "the test went round the ring many times");
    }

    @Test
    void shouldLookEmptyWhenTheProducerHasNotYetRewrittenASlot()
    {
        final int logSize = 2;
        for (int i = 0; i < 4; i++)
        {
            cqe(i, logSize).initialise();
        }
        for (long p = 0; p < 4; p++)
        {
            producerView.wrap(memory, RING + p * 64).opcode(CqeOpcode.REQUESTER).owner(false);
        }
        for (long c = 0; c < 4; c++)
        {
            assertTrue(cqe(c, logSize).softwareOwned(c, logSize));
        }
        // second pass: consumer index 4 (parity 1) finds the first pass's owner 0 in slot 0
        assertFalse(cqe(4, logSize).softwareOwned(4, logSize));
        producerView.wrap(memory, RING).owner(OwnerBit.expected(4, logSize) == 1);
        assertTrue(cqe(4, logSize).softwareOwned(4, logSize));
        assertFalse(cqe(5, logSize).softwareOwned(5, logSize));
    }

    @Test
    void shouldKeepTheParityAcrossTheWrapOfA24BitConsumerIndex()
    {
        final int logSize = 4;
        final long wrap = 1L << 24;
        for (long index = wrap - 40; index < wrap + 40; index++)
        {
            final long truncated = index & 0xFF_FFFF;
            assertEquals(OwnerBit.expected(index, logSize), OwnerBit.expected(truncated, logSize), "index " + index);
            assertEquals(OwnerBit.slot(index, logSize), OwnerBit.slot(truncated, logSize));
        }
        assertEquals(OwnerBit.expected(wrap - 1, 23) ^ 1, OwnerBit.expected(wrap, 23),
            "even the largest CQ flips parity at the 24-bit wrap");
    }

    @Test
    void shouldApplyTheSameRuleToEventQueues()
    {
        final int logSize = 1;
        final EqeFlyweight eqe = new EqeFlyweight();
        eqe.wrap(memory, RING).initialise();
        eqe.wrap(memory, RING + 64).initialise();
        for (long p = 0; p < 6; p++)
        {
            eqe.wrap(memory, RING + OwnerBit.slot(p, logSize) * 64L).eventType(EqeType.COMPLETION).object((int)p)
                .owner(OwnerBit.expected(p, logSize) == 1);
            assertTrue(eqe.softwareOwned(p, logSize));
            assertEquals(p, eqe.object());
            assertFalse(eqe.wrap(memory, RING + OwnerBit.slot(p + 1, logSize) * 64L).softwareOwned(p + 1, logSize),
                "the next slot still holds the previous pass");
        }
    }

    private CqeFlyweight cqe(final long index, final int logSize)
    {
        return consumerView.wrap(memory, RING + (long)OwnerBit.slot(index, logSize) * CqeDescriptor.LENGTH_BYTES);
    }
}
