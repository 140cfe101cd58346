package org.sansim.nic.wqe;

import org.sansim.hw.WqeOpcode;

/**
 * One parsed send WQE (HARDWARE.md 6): the control segment, the remote-address and atomic segments
 * when the opcode has them, and either a gather list of data segments or inline data. The
 * {@link WqeFetcher} owns one instance, refills it for every WQE and lends it to the sink for the
 * duration of {@link WorkRequestSink#onWorkRequest}; the arrays are sized once from the fetcher's
 * parameters, so parsing allocates nothing.
 */
public final class WorkRequest
{
    int qpn;
    int wqeIndex;
    WqeOpcode opcode;
    int sizeUnits;
    int basicBlocks;
    boolean fence;
    boolean solicited;
    boolean signalled;
    int immediate;
    long remoteAddress;
    int rkey;
    long swapAdd;
    long compare;
    int sgeCount;
    final int[] sgeByteCount;
    final int[] sgeLkey;
    final long[] sgeAddress;
    boolean inline;
    int inlineLength;
    final byte[] inlineData;
    long messageLength;
    boolean blueFlame;
    boolean prefetched;

    WorkRequest(final int maxSges, final int maxInlineBytes)
    {
        sgeByteCount = new int[maxSges];
        sgeLkey = new int[maxSges];
        sgeAddress = new long[maxSges];
        inlineData = new byte[maxInlineBytes];
    }

    /** @return the QPN of the send queue (also the control segment's, which was checked) */
    public int qpn()
    {
        return qpn;
    }

    /** @return {@code WQE_INDEX}: the send producer counter at the WQE's first block, 16 bits */
    public int wqeIndex()
    {
        return wqeIndex;
    }

    /** @return the opcode */
    public WqeOpcode opcode()
    {
        return opcode;
    }

    /** @return {@code SIZE_UNITS}: the WQE's size in 16-byte units */
    public int sizeUnits()
    {
        return sizeUnits;
    }

    /** @return basic blocks the WQE occupies in the ring */
    public int basicBlocks()
    {
        return basicBlocks;
    }

    /** @return the {@code FENCE} flag */
    public boolean fence()
    {
        return fence;
    }

    /** @return the {@code SOLICITED} flag */
    public boolean solicited()
    {
        return solicited;
    }

    /** @return the {@code SIGNALLED} flag */
    public boolean signalled()
    {
        return signalled;
    }

    /** @return the immediate data, as on the wire (meaningful for opcodes with immediate) */
    public int immediate()
    {
        return immediate;
    }

    /** @return the remote virtual address (opcodes with a remote-address segment) */
    public long remoteAddress()
    {
        return remoteAddress;
    }

    /** @return the remote key (opcodes with a remote-address segment) */
    public int rkey()
    {
        return rkey;
    }

    /** @return {@code SWAP_ADD} of the atomic segment */
    public long swapAdd()
    {
        return swapAdd;
    }

    /** @return {@code COMPARE} of the atomic segment */
    public long compare()
    {
        return compare;
    }

    /** @return data segments kept (segments with {@code BYTE_COUNT} 0 are skipped) */
    public int sgeCount()
    {
        return sgeCount;
    }

    /**
     * @param i a data segment, below {@link #sgeCount()}
     * @return its byte count
     */
    public int sgeByteCount(final int i)
    {
        return sgeByteCount[checkSge(i)];
    }

    /**
     * @param i a data segment, below {@link #sgeCount()}
     * @return its local key
     */
    public int sgeLkey(final int i)
    {
        return sgeLkey[checkSge(i)];
    }

    /**
     * @param i a data segment, below {@link #sgeCount()}
     * @return its virtual address
     */
    public long sgeAddress(final int i)
    {
        return sgeAddress[checkSge(i)];
    }

    /** @return the data segments this object can hold */
    public int sgeCapacity()
    {
        return sgeAddress.length;
    }

    /** @return whether the payload is inline data rather than a gather list */
    public boolean inline()
    {
        return inline;
    }

    /** @return bytes of inline data */
    public int inlineLength()
    {
        return inlineLength;
    }

    /**
     * @param i a byte of the inline data, below {@link #inlineLength()}
     * @return the byte
     */
    public byte inlineByte(final int i)
    {
        if (i < 0 || i >= inlineLength)
        {
            throw new IndexOutOfBoundsException("inline byte " + i + " of " + inlineLength);
        }
        return inlineData[i];
    }

    /**
     * Copies the inline data out.
     *
     * @param dst where to copy
     * @param dstOffset index of the first byte in {@code dst}
     */
    public void copyInline(final byte[] dst, final int dstOffset)
    {
        System.arraycopy(inlineData, 0, dst, dstOffset, inlineLength);
    }

    /** @return the message length: the sum of the data segments' byte counts, or the inline byte count */
    public long messageLength()
    {
        return messageLength;
    }

    /** @return whether the WQE came through BlueFlame (no fetch) */
    public boolean blueFlame()
    {
        return blueFlame;
    }

    /** @return whether the WQE was in the cache before the sink's demand for it (a prefetch hit) */
    public boolean prefetched()
    {
        return prefetched;
    }

    private int checkSge(final int i)
    {
        if (i < 0 || i >= sgeCount)
        {
            throw new IndexOutOfBoundsException("data segment " + i + " of " + sgeCount);
        }
        return i;
    }

    void clear()
    {
        opcode = null;
        fence = false;
        solicited = false;
        signalled = false;
        immediate = 0;
        remoteAddress = 0;
        rkey = 0;
        swapAdd = 0;
        compare = 0;
        sgeCount = 0;
        inline = false;
        inlineLength = 0;
        messageLength = 0;
        blueFlame = false;
        prefetched = false;
    }
}
