package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BthOpcodeTest
{
    /** Expected table: opcode, then R(ETH) A(ETH) I(mmDt) T (AtomicETH) K (AtomicAckETH) P(ayload) or '-'. */
    private static final String[] TABLE = {
        "00 -----P", "01 -----P", "02 -----P", "03 --I--P", "04 -----P", "05 --I--P",
        "06 R----P", "07 -----P", "08 -----P", "09 --I--P", "0a R----P", "0b R-I--P",
        "0c R-----", "0d -A---P", "0e -----P", "0f -A---P", "10 -A---P",
        "11 -A----", "12 -A--K-", "13 ---T--", "14 ---T--", "64 -----P", "81 -----P",
    };

    @Test
    void shouldDescribeExtensionHeadersOfEveryKnownOpcode()
    {
        int known = 0;
        for (final String row : TABLE)
        {
            final int op = Integer.parseInt(row.substring(0, 2), 16);
            final String f = row.substring(3);
            assertTrue(BthOpcode.isKnown(op), row);
            assertEquals(f.charAt(0) == 'R', BthOpcode.hasReth(op), row);
            assertEquals(f.charAt(1) == 'A', BthOpcode.hasAeth(op), row);
            assertEquals(f.charAt(2) == 'I', BthOpcode.hasImmDt(op), row);
            assertEquals(f.charAt(3) == 'T', BthOpcode.hasAtomicEth(op), row);
            assertEquals(f.charAt(4) == 'K', BthOpcode.hasAtomicAckEth(op), row);
            assertEquals(f.charAt(5) == 'P', BthOpcode.hasPayload(op), row);
            assertEquals(op == BthOpcode.UD_SEND_ONLY, BthOpcode.hasDeth(op), row);
            known++;
        }
        int counted = 0;
        for (int op = -1; op <= 256; op++)
        {
            counted += BthOpcode.isKnown(op) ? 1 : 0;
        }
        assertEquals(known, counted);
    }

    @Test
    void shouldUseTheRealOpcodeValues()
    {
        assertEquals(0x05, BthOpcode.SEND_ONLY_WITH_IMMEDIATE);
        assertEquals(0x0B, BthOpcode.RDMA_WRITE_ONLY_WITH_IMMEDIATE);
        assertEquals(0x0C, BthOpcode.RDMA_READ_REQUEST);
        assertEquals(0x10, BthOpcode.RDMA_READ_RESPONSE_ONLY);
        assertEquals(0x12, BthOpcode.ATOMIC_ACKNOWLEDGE);
        assertEquals(0x14, BthOpcode.FETCH_ADD);
        assertEquals(0x81, BthOpcode.CNP);
        assertEquals(0x64, BthOpcode.UD_SEND_ONLY);
        assertEquals(Deth.LENGTH_BYTES, BthOpcode.extensionHeadersLengthBytes(BthOpcode.UD_SEND_ONLY));
        assertEquals("RDMA_WRITE_ONLY_WITH_IMMEDIATE", BthOpcode.name(0x0B));
        assertEquals("UNKNOWN", BthOpcode.name(0x24));
    }

    @Test
    void shouldSumExtensionHeaderLengths()
    {
        assertEquals(20, BthOpcode.extensionHeadersLengthBytes(BthOpcode.RDMA_WRITE_ONLY_WITH_IMMEDIATE));
        assertEquals(12, BthOpcode.extensionHeadersLengthBytes(BthOpcode.ATOMIC_ACKNOWLEDGE));
        assertEquals(28, BthOpcode.extensionHeadersLengthBytes(BthOpcode.COMPARE_SWAP));
        assertEquals(0, BthOpcode.extensionHeadersLengthBytes(BthOpcode.SEND_MIDDLE));
        assertFalse(BthOpcode.hasReth(0x2A));
    }
}
