package org.sansim.wire;

/**
 * Flyweight over the Immediate Data extended header (ImmDt, 4 bytes), network byte order. It follows the
 * BTH (or the RETH) of the "with immediate" SEND and RDMA WRITE opcodes ({@link BthOpcode#hasImmDt}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Immediate Data (32)                       |  IMMEDIATE_OFFSET = 0
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class ImmDt
{
    /** Offset of the 32-bit immediate value. */
    public static final int IMMEDIATE_OFFSET = 0;
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
    public ImmDt wrap(final byte[] buf, final int offset)
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

    /** @return the immediate value (32 raw bits, network order on the wire) */
    public int immediate()
    {
        return NetworkOrder.i32(buffer, offset + IMMEDIATE_OFFSET);
    }

    /**
     * @param immediate immediate value (32 raw bits)
     * @return this flyweight
     */
    public ImmDt immediate(final int immediate)
    {
        NetworkOrder.i32(buffer, offset + IMMEDIATE_OFFSET, immediate);
        return this;
    }
}
