package org.sansim.wire;

/**
 * Flyweight over the Datagram Extended Transport Header (DETH, 8 bytes), network byte order. It follows the
 * BTH of Unreliable Datagram packets ({@link BthOpcode#hasDeth}), such as the management datagrams sent to
 * and from QP1, the general services interface.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Q_Key (32)                             |  Q_KEY_OFFSET = 0
 * +---------------+-----------------------------------------------+
 * |   reserved    |            Source QP (24)                     |  SRC_QP_OFFSET = 5
 * +---------------+-----------------------------------------------+
 * </pre>
 */
public final class Deth
{
    /** Offset of the 32-bit queue key. */
    public static final int Q_KEY_OFFSET = 0;
    /** Offset of the 24-bit source QP number. */
    public static final int SRC_QP_OFFSET = 5;
    /** Length of the header in bytes. */
    public static final int LENGTH_BYTES = 8;
    /** The well-known Q_Key of QP1, the general services interface. */
    public static final int GSI_Q_KEY = 0x8001_0000;

    private byte[] buffer;
    private int offset;

    /**
     * Points this flyweight at a header.
     *
     * @param buf    the frame buffer
     * @param offset index of the header's first byte in {@code buf}
     * @return this flyweight
     */
    public Deth wrap(final byte[] buf, final int offset)
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

    /** @return the queue key (32 raw bits) */
    public int qKey()
    {
        return NetworkOrder.i32(buffer, offset + Q_KEY_OFFSET);
    }

    /**
     * @param qKey the queue key (32 raw bits)
     * @return this flyweight
     */
    public Deth qKey(final int qKey)
    {
        NetworkOrder.i32(buffer, offset + Q_KEY_OFFSET, qKey);
        return this;
    }

    /** @return the source QP number, 24 bits */
    public int srcQp()
    {
        return NetworkOrder.u24(buffer, offset + SRC_QP_OFFSET);
    }

    /**
     * Sets the source QP and clears the reserved byte before it.
     *
     * @param srcQp the source QP number, 24 bits
     * @return this flyweight
     * @throws IllegalArgumentException if it does not fit in 24 bits
     */
    public Deth srcQp(final int srcQp)
    {
        NetworkOrder.u8(buffer, offset + SRC_QP_OFFSET - 1, 0);
        NetworkOrder.u24(buffer, offset + SRC_QP_OFFSET, NetworkOrder.checkUnsigned("srcQp", srcQp, 24));
        return this;
    }
}
