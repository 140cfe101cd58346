package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

/**
 * The ICRC over IPv6, RoCEv1 (GRH) and native InfiniBand (LRH) headers, and the VCRC: each masks exactly the
 * variant fields (changing them keeps the CRC, changing any other covered byte changes it), and each equals
 * a CRC-32 computed here independently over the masked bytes.
 */
class IcrcVariantsTest
{
    private static final int PAYLOAD_BYTES = 24;

    private final Icrc icrc = new Icrc();

    /** IPv6 (40) + UDP (8) + BTH (12) + payload + ICRC, at offset 14 as after an Ethernet header. */
    private static byte[] ipv6Datagram(final long seed)
    {
        final byte[] b = new byte[14 + 40 + 8 + 12 + PAYLOAD_BYTES + 4];
        new Random(seed).nextBytes(b);
        b[14] = (byte)(0x60 | b[14] & 0x0F);
        return b;
    }

    @Test
    void shouldComputeIpv6IcrcOverTheMaskedHeaders()
    {
        final byte[] b = ipv6Datagram(1);
        final int icrcAt = b.length - 4;
        final byte[] masked = new byte[8 + icrcAt - 14];
        java.util.Arrays.fill(masked, 0, 8, (byte)0xFF);
        System.arraycopy(b, 14, masked, 8, icrcAt - 14);
        masked[8] |= 0x0F;
        masked[9] = (byte)0xFF;
        masked[10] = (byte)0xFF;
        masked[11] = (byte)0xFF;
        masked[8 + 7] = (byte)0xFF;
        masked[8 + 40 + 6] = (byte)0xFF;
        masked[8 + 40 + 7] = (byte)0xFF;
        masked[8 + 48 + 4] = (byte)0xFF;
        final CRC32 crc = new CRC32();
        crc.update(masked);
        assertEquals((int)crc.getValue(), icrc.computeIpv6(b, 14, icrcAt));
    }

    @Test
    void shouldIgnoreOnlyTheVariantFieldsOfIpv6()
    {
        final byte[] b = ipv6Datagram(2);
        final int icrcAt = b.length - 4;
        final int reference = icrc.computeIpv6(b, 14, icrcAt);
        final int[] variant = {15, 16, 17, 14 + 7, 14 + 46, 14 + 47, 14 + 48 + 4};
        for (final int at : variant)
        {
            b[at] ^= 0x01;
            assertEquals(reference, icrc.computeIpv6(b, 14, icrcAt), "byte " + at + " is variant");
            b[at] ^= 0x01;
        }
        for (int at = 14; at < icrcAt; at++)
        {
            if (!contains(variant, at))
            {
                b[at] ^= (byte)0x80;
                assertNotEquals(reference, icrc.computeIpv6(b, 14, icrcAt), "byte " + at + " is covered");
                b[at] ^= (byte)0x80;
            }
        }
    }

    @Test
    void shouldMaskVirtualLaneButNotServiceLevelOfNativeIb()
    {
        final byte[] b = new byte[8 + 12 + PAYLOAD_BYTES + 4 + 2];
        new Random(3).nextBytes(b);
        b[1] = (byte)(b[1] & ~0x03 | 0x02);
        final int icrcAt = b.length - 6;
        final int reference = icrc.computeLrh(b, 0, icrcAt);
        b[0] ^= (byte)0x50;
        assertEquals(reference, icrc.computeLrh(b, 0, icrcAt), "VL is variant");
        b[1] ^= (byte)0x10;
        assertNotEquals(reference, icrc.computeLrh(b, 0, icrcAt), "SL is covered");
        b[1] ^= (byte)0x10;
        b[8 + 4] ^= (byte)0xC0;
        assertEquals(reference, icrc.computeLrh(b, 0, icrcAt), "FECN/BECN are variant");
        b[icrcAt - 1] ^= 1;
        assertNotEquals(reference, icrc.computeLrh(b, 0, icrcAt), "payload is covered");
    }

    @Test
    void shouldMaskTheGrhOfAGlobalNativeIbPacketLikeRoceV1()
    {
        final byte[] b = new byte[8 + 40 + 12 + PAYLOAD_BYTES + 4 + 2];
        new Random(4).nextBytes(b);
        b[1] = (byte)(b[1] & ~0x03 | 0x03);
        b[8] = (byte)(0x60 | b[8] & 0x0F);
        final int icrcAt = b.length - 6;
        final int reference = icrc.computeLrh(b, 0, icrcAt);
        b[8 + 7] ^= 0x3F;
        b[8 + 2] ^= 0x11;
        assertEquals(reference, icrc.computeLrh(b, 0, icrcAt), "hop limit and flow label are variant");
        b[8 + 4] ^= 0x01;
        assertNotEquals(reference, icrc.computeLrh(b, 0, icrcAt), "payload length is covered");
        b[8 + 4] ^= 0x01;

        final byte[] lrh = {(byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF,
            (byte)0xFF};
        final byte[] standIn = b.clone();
        System.arraycopy(lrh, 0, standIn, 0, 8);
        assertEquals(icrc.computeLrh(standIn, 0, icrcAt), icrc.computeGrh(b, 8, icrcAt),
            "RoCEv1 = native IB with an all-ones LRH");
    }

    @Test
    void shouldComputeVcrcAsTheBitSerialDivisionByPolynomial0x100B()
    {
        final byte[] b = new byte[64];
        new Random(5).nextBytes(b);
        for (int length = 0; length <= b.length; length += 7)
        {
            assertEquals(serialCrc16(b, length), Vcrc.compute(b, 0, length), "length " + length);
        }
        Vcrc.write(b, 0, 62);
        assertEquals(Vcrc.compute(b, 0, 62), Vcrc.read(b, 62));
    }

    /** The CRC as a shift register fed bit by bit, least significant bit of each byte first, MSB-first poly. */
    private static int serialCrc16(final byte[] b, final int length)
    {
        int register = 0xFFFF;
        for (int i = 0; i < length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                final int in = (b[i] >>> bit) & 1;
                final int top = (register >>> 15) & 1;
                register = (register << 1) & 0xFFFF;
                if ((in ^ top) != 0)
                {
                    register ^= 0x100B;
                }
            }
        }
        return Integer.reverse(register ^ 0xFFFF) >>> 16;
    }

    private static boolean contains(final int[] values, final int v)
    {
        for (final int x : values)
        {
            if (x == v)
            {
                return true;
            }
        }
        return false;
    }
}
