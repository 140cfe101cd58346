package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.sansim.hw.QpDoorbellRecordFlyweight;
import org.sansim.hw.ReceiveWqeFlyweight;
import org.sansim.hw.WqeOpcode;

/** Receive-queue scenarios that tests of the receive-WQE cache on and off share. */
final class RcReceives
{
    private RcReceives()
    {
    }

    /** Posts a receive WQE of several segments ({byteCount, offset} pairs) on host {@code host}. */
    static void postSegments(final RcHarness h, final int host, final long... pairs)
    {
        final int slot = h.rqPosted[host] & ((1 << RcHarness.LOG_RQ) - 1);
        final ReceiveWqeFlyweight r = new ReceiveWqeFlyweight().wrap(h.memory[host],
            RcHarness.RQ_BASE + ((long)slot << RcHarness.LOG_RQ_STRIDE), RcHarness.LOG_RQ_STRIDE);
        for (int i = 0; i < pairs.length / 2; i++)
        {
            r.entry(i).set((int)pairs[2 * i], RcHarness.KEY, RcHarness.DATA_VA + pairs[2 * i + 1]);
        }
        if (pairs.length / 2 < 4)
        {
            r.terminate(pairs.length / 2);
        }
        h.rqPosted[host]++;
        new QpDoorbellRecordFlyweight().wrap(h.memory[host], RcHarness.DBR_BASE).recvCounter(h.rqPosted[host]);
    }

    /**
     * Sends one and a half rings of messages from host 0 with one ring of receives posted on host 1
     * and the rest posted once the first half has been used (the ring's first slots again), then
     * asserts every message landed in its own receive, in order. The QPs must retry RNR NAKs.
     */
    static void sendAcrossTheRingsEnd(final RcHarness h)
    {
        final int ring = 1 << RcHarness.LOG_RQ;
        final int messages = ring + ring / 2;
        for (int i = 0; i < messages; i++)
        {
            h.pattern(0, 0x1000L * i, 100 + i, i);
            h.post(0, WqeOpcode.SEND, 0x1000L * i, 100 + i, 0, 0, true);
        }
        for (int i = 0; i < ring; i++)
        {
            h.postReceive(1, 0x8_0000 + 0x1000L * i, 4096);
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.at(1, 200_000_000, () ->
        {
            for (int i = ring; i < messages; i++)
            {
                h.postReceive(1, 0x8_0000 + 0x1000L * i, 4096);
            }
        });
        h.run();
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(messages, resp.size());
        for (int i = 0; i < messages; i++)
        {
            assertEquals(i, resp.get(i).wqeCounter(), "receive WQE counter of message " + i);
            assertEquals(100 + i, resp.get(i).byteCount());
            assertArrayEquals(h.read(0, 0x1000L * i, 100 + i), h.read(1, 0x8_0000 + 0x1000L * i, 100 + i),
                "message " + i);
        }
    }
}
