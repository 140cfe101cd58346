package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExtensionHeadersTest
{
    @Test
    void shouldWriteGoldenReth()
    {
        final byte[] buf = new byte[Reth.LENGTH_BYTES];
        final Reth reth = new Reth().wrap(buf, 0).va(0x0011223344556677L).rkey(0x89abcdef).dmaLengthBytes(0xfffffffeL);

        assertArrayEquals(Hex.bytes("0011223344556677 89abcdef fffffffe"), buf);
        assertEquals(0x0011223344556677L, reth.va());
        assertEquals(0x89abcdef, reth.rkey());
        assertEquals(0xfffffffeL, reth.dmaLengthBytes());
    }

    @Test
    void shouldWriteGoldenAeth()
    {
        final byte[] buf = new byte[Aeth.LENGTH_BYTES];
        final Aeth aeth = new Aeth().wrap(buf, 0).syndrome(AethSyndrome.nak(AethSyndrome.NAK_REMOTE_ACCESS_ERROR))
            .msn(0xfedcba);

        assertArrayEquals(Hex.bytes("62 fedcba"), buf);
        assertEquals(0x62, aeth.syndrome());
        assertEquals(0xfedcba, aeth.msn());
    }

    @Test
    void shouldWriteGoldenAtomicEth()
    {
        final byte[] buf = new byte[AtomicEth.LENGTH_BYTES];
        final AtomicEth a = new AtomicEth().wrap(buf, 0).va(0x1000L).rkey(0x42).swapAddData(-1L)
            .compareData(0x0102030405060708L);

        assertArrayEquals(Hex.bytes("0000000000001000 00000042 ffffffffffffffff 0102030405060708"), buf);
        assertEquals(0x1000L, a.va());
        assertEquals(0x42, a.rkey());
        assertEquals(-1L, a.swapAddData());
        assertEquals(0x0102030405060708L, a.compareData());
    }

    @Test
    void shouldWriteGoldenAtomicAckEthAndImmDt()
    {
        final byte[] ack = new byte[AtomicAckEth.LENGTH_BYTES];
        assertEquals(0x8000000000000001L,
            new AtomicAckEth().wrap(ack, 0).originalData(0x8000000000000001L).originalData());
        assertArrayEquals(Hex.bytes("8000000000000001"), ack);

        final byte[] imm = new byte[ImmDt.LENGTH_BYTES];
        assertEquals(0xdeadbeef, new ImmDt().wrap(imm, 0).immediate(0xdeadbeef).immediate());
        assertArrayEquals(Hex.bytes("deadbeef"), imm);
    }

    @Test
    void shouldWriteGoldenDeth()
    {
        final byte[] buf = new byte[Deth.LENGTH_BYTES];
        java.util.Arrays.fill(buf, (byte)0xFF);
        final Deth deth = new Deth().wrap(buf, 0).qKey(Deth.GSI_Q_KEY).srcQp(0x000001);

        assertArrayEquals(Hex.bytes("80010000 00 000001"), buf);
        assertEquals(0x80010000, deth.qKey());
        assertEquals(1, deth.srcQp());
    }
}
