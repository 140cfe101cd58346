package org.sansim.wire;

import static org.sansim.wire.NetworkOrder.checkUnsigned;

/**
 * Flyweight over the RDMA Extended Transport Header (RETH, 16 bytes), network byte order. It follows the
 * BTH of RDMA WRITE FIRST/ONLY and RDMA READ REQUEST packets ({@link BthOpcode#hasReth}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Virtual Address (bits 63-32)                |  VA_OFFSET = 0
 * +---------------------------------------------------------------+
 * |                   Virtual Address (bits 31-0)                 |
 * +---------------------------------------------------------------+
 * |                         R_Key (32)                            |  RKEY_OFFSET = 8
 * +---------------------------------------------------------------+
 * |                      DMA Length (32, bytes)                   |  DMA_LENGTH_OFFSET = 12
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class Reth
{
    /** Offset of the 64-bit remote virtual address. */
    public static final int VA_OFFSET = 0;
    /** Offset of the 32-bit remote key. */
    public static final int RKEY_OFFSET = 8;
    /** Offset of the 32-bit unsigned DMA length in bytes (the whole message, not this packet). */
    public static final int DMA_LENGTH_OFFSET = 12;
    /** Length of the header in bytes. */
    public static final int LENGTH_BYTES = 16;

    private byte[] buffer;
    private int offset;

    /**
     * Points this flyweight at a header.
     *
     * @param buf    the frame buffer
     * @param offset index of the header's first byte in {@code buf}
     * @return this flyweight
     */
    public Reth wrap(final byte[] buf, final int offset)
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

    /** @return the remote virtual address */
    public long va()
    {
        return NetworkOrder.i64(buffer, offset + VA_OFFSET);
    }

    /**
     * @param va remote virtual address
     * @return this flyweight
     */
    public Reth va(final long va)
    {
        NetworkOrder.i64(buffer, offset + VA_OFFSET, va);
        return this;
    }

    /** @return the remote key (32 raw bits) */
    public int rkey()
    {
        return NetworkOrder.i32(buffer, offset + RKEY_OFFSET);
    }

    /**
     * @param rkey remote key (32 raw bits)
     * @return this flyweight
     */
    public Reth rkey(final int rkey)
    {
        NetworkOrder.i32(buffer, offset + RKEY_OFFSET, rkey);
        return this;
    }

    /** @return the DMA length in bytes, unsigned, 0..2^32-1 */
    public long dmaLengthBytes()
    {
        return NetworkOrder.i32(buffer, offset + DMA_LENGTH_OFFSET) & 0xFFFF_FFFFL;
    }

    /**
     * @param lengthBytes DMA length of the whole message in bytes, 0..2^32-1
     * @return this flyweight
     */
    public Reth dmaLengthBytes(final long lengthBytes)
    {
        NetworkOrder.i32(buffer, offset + DMA_LENGTH_OFFSET, (int)checkUnsigned("dmaLengthBytes", lengthBytes, 32));
        return this;
    }
}
