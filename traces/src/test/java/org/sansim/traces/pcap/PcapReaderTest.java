package org.sansim.traces.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.traces.pcap.PcapngWriterTest.hex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class PcapReaderTest
{
    @Test
    void shouldReadLittleEndianMicrosecondFile() throws IOException
    {
        final String file = "d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000"
            + " 01000000 0a000000 02000000 3c000000 abcd";
        final PcapReader r = new PcapReader(new ByteArrayInputStream(hex(file)));
        final CapturedPacket p = r.next();

        assertEquals(ByteOrder.LITTLE_ENDIAN, r.byteOrder());
        assertFalse(r.isNanosecond());
        assertEquals(1, r.captureInterface().linkType());
        assertEquals(65535, r.captureInterface().snapLenBytes());
        assertEquals(1_000_010_000L, p.timestampNs());
        assertEquals(60, p.originalLengthBytes());
        assertArrayEquals(hex("abcd"), p.data());
        assertNull(r.next());
    }

    @Test
    void shouldReadBigEndianNanosecondFile() throws IOException
    {
        final String file = "a1b23c4d 0002 0004 00000000 00000000 00040000 00000001"
            + " 00000002 00000007 00000001 00000001 ee";
        final PcapReader r = new PcapReader(new ByteArrayInputStream(hex(file)));

        assertEquals(ByteOrder.BIG_ENDIAN, r.byteOrder());
        assertTrue(r.isNanosecond());
        assertEquals(2_000_000_007L, r.next().timestampNs());
    }

    @Test
    void shouldNameOffsetAndExpectationForMalformedInput() throws IOException
    {
        IOException e = assertThrows(PcapFormatException.class,
            () -> new PcapReader(new ByteArrayInputStream(hex("0a0d0d0a"))));
        assertEquals("pcap: at byte offset 0: expected 24 bytes of global header, stream ended after 4",
            e.getMessage());

        e = assertThrows(PcapFormatException.class, () -> new PcapReader(new ByteArrayInputStream(
            hex("0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff"))));
        assertTrue(e.getMessage().startsWith("pcap: at byte offset 0: expected magic a1b2c3d4 or a1b23c4d"),
            e.getMessage());

        final PcapReader r = new PcapReader(new ByteArrayInputStream(hex(
            "d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000 01000000 40420f00 02000000 02000000 ab")));
        e = assertThrows(PcapFormatException.class, r::next);
        assertEquals("pcap: at byte offset 28: expected sub-second timestamp below 1000000, got 1000000",
            e.getMessage());
    }

    @Test
    void shouldRejectTruncatedRecord() throws IOException
    {
        final PcapReader r = new PcapReader(new ByteArrayInputStream(hex(
            "d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000 01000000 00000000 04000000 04000000 abcd")));
        final PcapFormatException e = assertThrows(PcapFormatException.class, r::next);
        assertEquals(40, e.byteOffset());
        assertEquals("pcap: at byte offset 40: expected 4 bytes of packet data, stream ended after 2", e.getMessage());
    }
}
