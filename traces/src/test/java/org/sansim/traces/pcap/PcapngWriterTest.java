package org.sansim.traces.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class PcapngWriterTest
{
    static byte[] hex(final String s)
    {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    @Test
    void shouldWriteGoldenMinimalFile() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(out))
        {
            assertEquals(0, w.addInterface("p0", 65535));
            w.writePacket(0, 1_234_567_890_123_456L, new byte[] {9, 1, 2, 3, 4, 5, 9}, 1, 5);
        }

        final String expected =
            // SHB: type, total 44, magic, version 1.0, section length -1, shb_userappl "SanSim", end, total
            "0a0d0d0a 2c000000 4d3c2b1a 0100 0000 ffffffffffffffff"
            + " 0400 0600 53616e53696d 0000  0000 0000  2c000000"
            // IDB: type 1, total 40, link type 1, reserved, snaplen 65535, if_name "p0", if_tsresol 9, end, total
            + " 01000000 28000000 0100 0000 ffff0000  0200 0200 7030 0000  0900 0100 09 000000  0000 0000 28000000"
            // EPB: type 6, total 40, interface 0, ts 1234567890123 ns = 0x11f:71fb04cb, caplen 5, len 5, data, pad
            + " 06000000 28000000 00000000 1f010000 cb04fb71 05000000 05000000 0102030405 000000 28000000";
        assertArrayEquals(hex(expected), out.toByteArray(), HexFormat.of().formatHex(out.toByteArray()));
    }

    @Test
    void shouldRoundTripPacketsOnSeveralInterfaces() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] big = new byte[1500];
        for (int i = 0; i < big.length; i++)
        {
            big[i] = (byte)i;
        }
        try (PcapngWriter w = new PcapngWriter(out))
        {
            w.addInterface("host0.port0", 0);
            w.addInterface("host1.port0 \u2192 switch", 128);
            w.writePacket(0, 999L, big, 0, 61);
            w.writePacket(1, 1_000_001_999L, big, 0, 1500);
            w.writePacket(0, 5_000_000_000_000_000L, big, 3, 64);
        }

        final PcapngReader r = new PcapngReader(new ByteArrayInputStream(out.toByteArray()));
        final CapturedPacket p0 = r.next();
        assertEquals(ByteOrder.LITTLE_ENDIAN, r.byteOrder());
        final List<CaptureInterface> ifs = r.interfaces();
        assertEquals(2, ifs.size());
        assertEquals(new CaptureInterface(1, 0, "host0.port0", 9, 0), ifs.get(0));
        assertEquals("host1.port0 \u2192 switch", ifs.get(1).name());
        assertEquals(128, ifs.get(1).snapLenBytes());

        assertEquals(0, p0.interfaceId());
        assertEquals(0, p0.timestampNs(), "999 ps truncates to 0 ns");
        assertArrayEquals(java.util.Arrays.copyOf(big, 61), p0.data());

        final CapturedPacket p1 = r.next();
        assertEquals(1, p1.interfaceId());
        assertEquals(1_000_001L, p1.timestampNs());
        assertEquals(1500, p1.originalLengthBytes());
        assertEquals(128, p1.data().length, "snap length applied");

        final CapturedPacket p2 = r.next();
        assertEquals(5_000_000_000_000L, p2.timestampNs());
        assertArrayEquals(java.util.Arrays.copyOfRange(big, 3, 67), p2.data());
        assertNull(r.next());
    }

    @Test
    void shouldRejectMisuse() throws IOException
    {
        final PcapngWriter w = new PcapngWriter(new ByteArrayOutputStream());
        assertThrows(IllegalArgumentException.class, () -> w.writePacket(0, 0, new byte[1], 0, 1));
        w.addInterface("x", 0);
        assertThrows(IllegalArgumentException.class, () -> w.writePacket(0, -1, new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> w.addInterface("y", -1));
        w.close();
        assertThrows(IOException.class, () -> w.writePacket(0, 0, new byte[1], 0, 1));
    }

    @Test
    void shouldKeepExactPicosecondsAtPicosecondResolution() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] frame = {1, 2, 3, 4};
        try (PcapngWriter w = new PcapngWriter(out))
        {
            w.addInterface("ns", 0);
            w.addInterface("ps", 0, TimestampResolution.PICOSECONDS);
            w.writePacket(1, 1_234_567L, frame, 0, 4);
            w.writePacket(0, 1_234_567L, frame, 0, 4);
            w.writePacket(1, 3_600_000_000_000_001L, frame, 0, 4);
        }

        final PcapngReader r = new PcapngReader(new ByteArrayInputStream(out.toByteArray()));
        final CapturedPacket exact = r.next();
        assertEquals(new CaptureInterface(1, 0, "ps", 12, 0), r.interfaces().get(1));
        assertEquals(1_234_567L, exact.timestampPs(), "if_tsresol 12 keeps the picoseconds");
        assertEquals(1_234L, exact.timestampNs());
        assertEquals(1_234_000L, r.next().timestampPs(), "if_tsresol 9 truncates to nanoseconds");
        assertEquals(3_600_000_000_000_001L, r.next().timestampPs(), "an hour and a picosecond");
        assertNull(r.next());
    }
}
