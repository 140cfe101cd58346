package org.sansim.wire;

/**
 * Flyweight over the Atomic Acknowledge Extended Transport Header (AtomicAckETH, 8 bytes), network byte
 * order. It follows the AETH of an ATOMIC ACKNOWLEDGE ({@link BthOpcode#hasAtomicAckEth}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Original Remote Data (bits 63-32)                  |  ORIGINAL_DATA_OFFSET = 0
 * +---------------------------------------------------------------+
 * |            Original Remote Data (bits 31-0)                   |
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class AtomicAckEth
{
    /** Offset of the 64-bit value the target word held before the atomic operation. */
    public static final int ORIGINAL_DATA_OFFSET = 0;
    /** Length of the header in bytes. */
    public static final int LENGTH_BYTES = 8;

    private byte[] buffer;
    private int offset;

    /**
     * Points this flyweight at a header.
     *
     * @param buf    the frame buffer
     * @param offset index of the header's first byte in {@code buf}
     * @return this flyweight
     */
    public AtomicAckEth wrap(final byte[] buf, final int offset)
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

    /** @return the original remote data */
    public long originalData()
    {
        return NetworkOrder.i64(buffer, offset + ORIGINAL_DATA_OFFSET);
    }

    /**
     * @param data the value the target word held before the operation
     * @return this flyweight
     */
    public AtomicAckEth originalData(final long data)
    {
        NetworkOrder.i64(buffer, offset + ORIGINAL_DATA_OFFSET, data);
        return this;
    }
}
