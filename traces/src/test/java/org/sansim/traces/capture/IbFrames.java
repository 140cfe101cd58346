package org.sansim.traces.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sansim.wire.Icrc;
import org.sansim.wire.Vcrc;

/**
 * Test helper: native InfiniBand packets built field by field from the specification (LRH, optional GRH, BTH,
 * extension headers, payload, pad, ICRC, VCRC), wrapped in ERF type 21 records, in a classic pcap file of
 * link type 197.
 */
final class IbFrames
{
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private final Icrc icrc = new Icrc();

    IbFrames()
    {
        final ByteBuffer g = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        g.putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(197);
        file.writeBytes(g.array());
    }

    /**
     * Builds one packet.
     *
     * @param global    true for LNH 3 (a GRH between LRH and BTH)
     * @param slid      source LID
     * @param dlid      destination LID
     * @param opcode    BTH opcode
     * @param destQp    destination QP
     * @param psn       PSN
     * @param ackReq    AckReq bit
     * @param ext       extension headers, already encoded
     * @param payload   payload bytes
     * @return the packet, LRH through VCRC
     */
    byte[] packet(final boolean global, final int slid, final int dlid, final int opcode, final int destQp,
        final int psn, final boolean ackReq, final byte[] ext, final byte[] payload)
    {
        final int pad = -payload.length & 3;
        final int grh = global ? 40 : 0;
        final int icrcAt = 8 + grh + 12 + ext.length + payload.length + pad;
        final ByteBuffer b = ByteBuffer.allocate(icrcAt + 4 + 2);
        b.put((byte)(0x3 << 4)).put((byte)(0x2 << 4 | (global ? 3 : 2))).putShort((short)dlid)
            .putShort((short)((icrcAt + 4) / 4)).putShort((short)slid);
        if (global)
        {
            b.putInt(6 << 28 | 0x12 << 20 | 0xABCDE).putShort((short)(12 + ext.length + payload.length + pad + 4))
                .put((byte)0x1B).put((byte)64);
            b.putLong(0xFE80_0000_0000_0000L).putLong(0x0002_C903_0000_0000L | slid);
            b.putLong(0xFE80_0000_0000_0000L).putLong(0x0002_C903_0000_0000L | dlid);
        }
        b.put((byte)opcode).put((byte)(pad << 4)).putShort((short)0xFFFF).put((byte)0).put((byte)(destQp >>> 16))
            .putShort((short)destQp).put((byte)(ackReq ? 0x80 : 0)).put((byte)(psn >>> 16)).putShort((short)psn);
        b.put(ext).put(payload).put(new byte[pad]);
        final byte[] bytes = b.array();
        final int value = icrc.computeLrh(bytes, 0, icrcAt);
        bytes[icrcAt] = (byte)value;
        bytes[icrcAt + 1] = (byte)(value >>> 8);
        bytes[icrcAt + 2] = (byte)(value >>> 16);
        bytes[icrcAt + 3] = (byte)(value >>> 24);
        Vcrc.write(bytes, 0, icrcAt + 4);
        return bytes;
    }

    /**
     * Appends a pcap record holding an ERF type 21 record (padded to 8 bytes) around {@code packet}.
     *
     * @param timeNs  capture time
     * @param packet  the IB packet
     * @return this
     */
    IbFrames record(final long timeNs, final byte[] packet)
    {
        final int rlen = (16 + packet.length + 7) & ~7;
        final ByteBuffer erf = ByteBuffer.allocate(rlen).order(ByteOrder.LITTLE_ENDIAN);
        erf.putLong(ErfLayout.nsToTimestamp(timeNs)).put((byte)ErfLayout.TYPE_INFINIBAND).put((byte)0)
            .order(ByteOrder.BIG_ENDIAN).putShort((short)rlen).putShort((short)0).putShort((short)packet.length)
            .put(packet);
        final ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt((int)(timeNs / 1_000_000_000L)).putInt((int)(timeNs % 1_000_000_000L / 1000)).putInt(rlen)
            .putInt(rlen);
        file.writeBytes(h.array());
        file.writeBytes(erf.array());
        return this;
    }

    byte[] bytes()
    {
        return file.toByteArray();
    }

    static byte[] reth(final long va, final int rkey, final int length)
    {
        return ByteBuffer.allocate(16).putLong(va).putInt(rkey).putInt(length).array();
    }

    static byte[] aeth(final int syndrome, final int msn)
    {
        return ByteBuffer.allocate(4).putInt(syndrome << 24 | msn).array();
    }

    static byte[] deth(final int qKey, final int srcQp)
    {
        return ByteBuffer.allocate(8).putInt(qKey).putInt(srcQp).array();
    }

    static byte[] atomicEth(final long va, final int rkey, final long swap, final long compare)
    {
        return ByteBuffer.allocate(28).putLong(va).putInt(rkey).putLong(swap).putLong(compare).array();
    }

    static byte[] four(final int value)
    {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
