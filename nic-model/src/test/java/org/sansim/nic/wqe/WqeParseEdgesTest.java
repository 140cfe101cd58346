package org.sansim.nic.wqe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.WqeOpcode;

/**
 * Parsing at edges the other tests miss: inline data that ends exactly at the WQE's end, bytes left
 * in the ring after a WQE that are not part of it, a data segment of an atomic that looks like an
 * inline header, and QPNs whose table entries collide.
 */
class WqeParseEdgesTest
{
    private static final long SQ = 0x10000;
    private static final long DBR = 0x8000;
    private static final int QPN = 0x1234;

    @Test
    void shouldTakeInlineDataThatEndsExactlyAtTheWqesEnd()
    {
        // Header 4 bytes + 60 data bytes = 64 bytes = 4 units: no padding.
        final byte[] data = new byte[60];
        for (int i = 0; i < data.length; i++)
        {
            data[i] = (byte)(i + 1);
        }
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 1);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, null, data, 0, true);
            q.ring();
        });
        h.run();
        assertEquals(List.of(), h.errors);
        assertEquals(5, h.seen.get(0).units());
        assertArrayEquals(data, h.seen.get(0).inline());
    }

    @Test
    void shouldIgnoreWhatFollowsTheWqeInItsLastBlock()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 1);
        h.at(1000, () ->
        {
            // A write with no data segments is two units; the block's third unit still holds an
            // inline header from an earlier lap of the ring.
            q.inlineSeg.wrap(h.memory, q.unitPa(0, 2)).clear().header(12);
            q.post(WqeOpcode.RDMA_WRITE, new long[] {0x9000, 5}, null, null, null, 0, true);
            q.ring();
        });
        h.run();
        assertEquals(List.of(), h.errors);
        assertEquals(2, h.seen.get(0).units());
        assertEquals(0, h.seen.get(0).messageLength());
        assertEquals(0, h.seen.get(0).inline().length);
    }

    @Test
    void shouldCallAnInlineHeaderAmongAnAtomicsDataSegmentsAnAtomicLayoutError()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 1);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.ATOMIC_FA, new long[] {0x9000, 5}, new long[] {1, 0}, new long[] {8, 1, 0x7000, 8, 1,
                0x7008}, null, 0, true);
            q.inlineSeg.wrap(h.memory, q.unitPa(0, 4)).header(4);
            q.ring();
        });
        h.run();
        assertEquals(List.of(QPN + "/0:LOCAL_QP_OPERATION/ATOMIC_LAYOUT"), h.errors);
    }

    @Test
    void shouldFindQpnsWhoseSlotsCollideIncludingAcrossTheTablesEnd()
    {
        // In a table for one queue (four entries), QPNs 1 and 3 hash to entry 1, and 2 and 7 to entry 3.
        final QpnTable t = new QpnTable(1);
        t.put(1, 10);
        t.put(3, 11);
        t.put(2, 12);
        assertEquals(10, t.get(1));
        assertEquals(11, t.get(3));
        assertEquals(12, t.get(2));
        assertEquals(-1, t.get(8), "8 also hashes to entry 1: probed past both, then empty");
        final QpnTable wrap = new QpnTable(1);
        wrap.put(2, 20);
        wrap.put(7, 21);
        assertEquals(20, wrap.get(2));
        assertEquals(21, wrap.get(7));
        assertEquals(-1, wrap.get(9), "9 hashes to entry 3 too: probed across the end");
        assertEquals(2, wrap.size());
    }
}
