package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BthTest
{
    @Test
    void shouldPlaceEveryFieldAtItsBits()
    {
        final byte[] buf = new byte[Bth.LENGTH_BYTES];
        new Bth().wrap(buf, 0)
            .opcode(BthOpcode.RDMA_WRITE_ONLY).solicitedEvent(true).migReq(true).padCount(3).tver(0)
            .pKey(0x8001).fecn(true).becn(false).destQp(0xabcdef).ackReq(true).psn(0x123456);

        //                       op SMPdTV pkey  FB  destQP  A  PSN
        assertArrayEquals(Hex.bytes("0a f0 8001 80 abcdef 80 123456"), buf);
    }

    @Test
    void shouldReadBackFieldsIndependently()
    {
        final Bth bth = new Bth().wrap(new byte[Bth.LENGTH_BYTES], 0).pKey(0xffff).becn(true).destQp(0x118);

        assertEquals(0xffff, bth.pKey());
        assertTrue(bth.becn());
        assertFalse(bth.fecn());
        assertEquals(0x118, bth.destQp());
        bth.padCount(2).tver(5).solicitedEvent(true);
        assertEquals(2, bth.padCount());
        assertEquals(5, bth.tver());
        assertTrue(bth.solicitedEvent());
        assertFalse(bth.migReq());
        bth.solicitedEvent(false);
        assertEquals(2, bth.padCount());
        assertFalse(bth.solicitedEvent());
        bth.psn(Bth.MASK_24).ackReq(true);
        assertEquals(Bth.MASK_24, bth.psn());
        assertTrue(bth.ackReq());
    }

    @Test
    void shouldRejectOutOfRangeFields()
    {
        final Bth bth = new Bth().wrap(new byte[Bth.LENGTH_BYTES], 0);
        assertThrows(IllegalArgumentException.class, () -> bth.psn(1 << 24));
        assertThrows(IllegalArgumentException.class, () -> bth.destQp(-1));
        assertThrows(IllegalArgumentException.class, () -> bth.padCount(4));
    }
}
