package org.sansim.wire;

import static org.sansim.wire.NetworkOrder.checkUnsigned;

/**
 * Flyweight over the ACK Extended Transport Header (AETH, 4 bytes), network byte order. It follows the BTH
 * of ACKNOWLEDGE, ATOMIC ACKNOWLEDGE and RDMA READ RESPONSE FIRST/LAST/ONLY packets
 * ({@link BthOpcode#hasAeth}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0|Typ|  Value  |       Message Sequence Number (24)            |  SYNDROME_OFFSET = 0, MSN_OFFSET = 1
 * +-+---+---------+-----------------------------------------------+
 * </pre>
 *
 * <p>The syndrome byte (bit 7 reserved, Typ = ACK / RNR NAK / NAK, Value = credit count, RNR timer code or
 * NAK code) is encoded and decoded by {@link AethSyndrome}.
 */
public final class Aeth
{
    /** Offset of the 8-bit syndrome. */
    public static final int SYNDROME_OFFSET = 0;
    /** Offset of the 24-bit message sequence number. */
    public static final int MSN_OFFSET = 1;
    /** Length of the header in bytes. */
    public static final int LENGTH_BYTES = 4;

    private byte[] buffer;
    private int offset;

    /**
     * Points this flyweight at a header.
     *
     * @param buf    the frame buffer
     * @param offset index of the header's first byte in {@code buf}
     * @return this flyweight
     */
    public Aeth wrap(final byte[] buf, final int offset)
    {
        this.buffer = buf;
        this.offset = offset;
        return this;
    }

    /** @return the wrapped buffer */
    public byte[] buffer()
    {
        return buffer;
    }

    /** @return index of the header's first byte in {@link #buffer()} */
    public int offset()
    {
        return offset;
    }

    /** @return the syndrome byte, 0..255 (decode with {@link AethSyndrome}) */
    public int syndrome()
    {
        return NetworkOrder.u8(buffer, offset + SYNDROME_OFFSET);
    }

    /**
     * @param syndrome syndrome byte, 0..255 (encode with {@link AethSyndrome})
     * @return this flyweight
     */
    public Aeth syndrome(final int syndrome)
    {
        NetworkOrder.u8(buffer, offset + SYNDROME_OFFSET, checkUnsigned("syndrome", syndrome, 8));
        return this;
    }

    /** @return the message sequence number, 24 bits */
    public int msn()
    {
        return NetworkOrder.u24(buffer, offset + MSN_OFFSET);
    }

    /**
     * @param msn message sequence number, 0..0xFFFFFF
     * @return this flyweight
     */
    public Aeth msn(final int msn)
    {
        NetworkOrder.u24(buffer, offset + MSN_OFFSET, checkUnsigned("msn", msn, 24));
        return this;
    }
}
