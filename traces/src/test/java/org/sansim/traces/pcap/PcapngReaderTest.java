package org.sansim.traces.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.traces.pcap.PcapngWriterTest.hex;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class PcapngReaderTest
{
    /** A big-endian section: SHB without options, IDB (link 1, snaplen 0, no options: microseconds), EPB. */
    private static final String BIG_ENDIAN_FILE =
        "0a0d0d0a 0000001c 1a2b3c4d 0001 0000 ffffffffffffffff 0000001c"
        + " 00000001 00000014 0001 0000 00000000 00000014"
        + " 00000006 00000024 00000000 00000000 000f4241 00000003 0000003c aabbcc00 00000024";

    @Test
    void shouldReadBigEndianSectionWithDefaultMicrosecondResolution() throws IOException
    {
        final PcapngReader r = new PcapngReader(new ByteArrayInputStream(hex(BIG_ENDIAN_FILE)));
        final CapturedPacket p = r.next();

        assertEquals(ByteOrder.BIG_ENDIAN, r.byteOrder());
        assertEquals(6, r.interfaces().get(0).tsResolution());
        assertEquals(1_000_001_000L, p.timestampNs(), "1000001 us");
        assertEquals(60, p.originalLengthBytes());
        assertArrayEquals(hex("aabbcc"), p.data());
        assertNull(r.next());
    }

    @Test
    void shouldSkipUnknownBlocksAndHonourTsoffsetAndBinaryResolution() throws IOException
    {
        final String file =
            "0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000"
            // custom block type 0x00000BAD with 4 bytes of body
            + " ad0b0000 10000000 01020304 10000000"
            // IDB: if_tsresol 0x8a (2^-10 s), if_tsoffset 100 s
            + " 01000000 2c000000 0100 0000 00000000 0900 0100 8a000000 0e00 0800 6400000000000000 0000 0000"
            + " 2c000000"
            + " 06000000 20000000 00000000 00000000 00040000 00000000 00000000 20000000";
        final PcapngReader r = new PcapngReader(new ByteArrayInputStream(hex(file)));
        final CapturedPacket p = r.next();

        assertEquals(101_000_000_000L, p.timestampNs(), "1024 ticks of 2^-10 s, plus 100 s");
        assertEquals(0, p.data().length);
    }

    @Test
    void shouldNameOffsetAndExpectationForMalformedInput()
    {
        assertMalformed("", "at byte offset 0: expected a Section Header Block");
        assertMalformed("01000000 0c000000 0c000000", "at byte offset 0: expected Section Header Block type");
        assertMalformed("0a0d0d0a 1c000000 11223344 0100 0000 ffffffffffffffff 1c000000",
            "at byte offset 8: expected byte-order magic");
        assertMalformed("0a0d0d0a 1d000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000",
            "at byte offset 4: expected block total length >= 28");
        assertMalformed("0a0d0d0a 1c000000 4d3c2b1a 0200 0000 ffffffffffffffff 1c000000",
            "at byte offset 12: expected major version 1, got 2");
        assertMalformed("0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 20000000",
            "at byte offset 24: expected trailing block total length 28, got 32");
        final String shb = "0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000";
        assertMalformed(shb + " 06000000 20000000 00000000 00000000 00000000 00000000 00000000 20000000",
            "at byte offset 36: expected an interface id below 0");
        assertMalformed(shb + " 01000000 14000000 0100 0000",
            "at byte offset 36: expected 12 bytes of block body, stream ended after 4");
        assertMalformed(shb + " 01000000 14000000 0100 0000 00000000 14000000"
            + " 06000000 20000000 00000000 00000000 00000000 09000000 09000000 20000000",
            "at byte offset 68: expected a captured length that fits the block (0 bytes), got 9");
    }

    @Test
    void shouldReadWhatTheWriterWroteAfterASecondSection() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(out))
        {
            w.addInterface("a", 0);
        }
        final ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(out2))
        {
            w.addInterface("b", 0);
            w.writePacket(0, 7_000L, new byte[] {1}, 0, 1);
        }
        out.write(out2.toByteArray());
        final PcapngReader r = new PcapngReader(new ByteArrayInputStream(out.toByteArray()));

        assertEquals(7L, r.next().timestampNs());
        assertEquals(1, r.interfaces().size(), "interfaces are per section");
        assertEquals("b", r.interfaces().get(0).name());
    }

    private static void assertMalformed(final String file, final String messagePart)
    {
        final PcapngReader r = new PcapngReader(new ByteArrayInputStream(hex(file)));
        final PcapFormatException e = assertThrows(PcapFormatException.class, () ->
        {
            while (r.next() != null)
            {
                continue;
            }
        });
        assertTrue(e.getMessage().startsWith("pcapng: ") && e.getMessage().contains(messagePart), e.getMessage());
    }
}
