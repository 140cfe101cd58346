package org.sansim.wire;

/**
 * Flyweight over the Atomic Extended Transport Header (AtomicETH, 28 bytes), network byte order. It follows
 * the BTH of COMPARE SWAP and FETCH ADD requests ({@link BthOpcode#hasAtomicEth}); the target is one
 * 8-byte-aligned 64-bit word.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Virtual Address (bits 63-32)                  |  VA_OFFSET = 0
 * +---------------------------------------------------------------+
 * |                 Virtual Address (bits 31-0)                   |
 * +---------------------------------------------------------------+
 * |                         R_Key (32)                            |  RKEY_OFFSET = 8
 * +---------------------------------------------------------------+
 * |            Swap (or Add) Data (bits 63-32)                    |  SWAP_ADD_OFFSET = 12
 * +---------------------------------------------------------------+
 * |            Swap (or Add) Data (bits 31-0)                     |
 * +---------------------------------------------------------------+
 * |                Compare Data (bits 63-32)                      |  COMPARE_OFFSET = 20
 * +---------------------------------------------------------------+
 * |                Compare Data (bits 31-0)                       |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>For FETCH ADD the compare field is ignored by the responder; builders leave it zero.
 */
public final class AtomicEth
{
    /** Offset of the 64-bit remote virtual address. */
    public static final int VA_OFFSET = 0;
    /** Offset of the 32-bit remote key. */
    public static final int RKEY_OFFSET = 8;
    /** Offset of the 64-bit swap (COMPARE SWAP) or add (FETCH ADD) operand. */
    public static final int SWAP_ADD_OFFSET = 12;
    /** Offset of the 64-bit compare operand (COMPARE SWAP only). */
    public static final int COMPARE_OFFSET = 20;
    /** Length of the header in bytes. */
    public static final int LENGTH_BYTES = 28;

    private byte[] buffer;
    private int offset;

    /**
     * Points this flyweight at a header.
     *
     * @param buf    the frame buffer
     * @param offset index of the header's first byte in {@code buf}
     * @return this flyweight
     */
    public AtomicEth wrap(final byte[] buf, final int offset)
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
     * @param va remote virtual address (8-byte aligned for a valid request)
     * @return this flyweight
     */
    public AtomicEth va(final long va)
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
    public AtomicEth rkey(final int rkey)
    {
        NetworkOrder.i32(buffer, offset + RKEY_OFFSET, rkey);
        return this;
    }

    /** @return the swap (COMPARE SWAP) or add (FETCH ADD) operand */
    public long swapAddData()
    {
        return NetworkOrder.i64(buffer, offset + SWAP_ADD_OFFSET);
    }

    /**
     * @param data swap (COMPARE SWAP) or add (FETCH ADD) operand
     * @return this flyweight
     */
    public AtomicEth swapAddData(final long data)
    {
        NetworkOrder.i64(buffer, offset + SWAP_ADD_OFFSET, data);
        return this;
    }

    /** @return the compare operand */
    public long compareData()
    {
        return NetworkOrder.i64(buffer, offset + COMPARE_OFFSET);
    }

    /**
     * @param data compare operand (COMPARE SWAP)
     * @return this flyweight
     */
    public AtomicEth compareData(final long data)
    {
        NetworkOrder.i64(buffer, offset + COMPARE_OFFSET, data);
        return this;
    }
}
