package org.sansim.provider.driver.user;

import org.sansim.hw.WqeOpcode;

/**
 * A reusable send work request ({@code ibv_send_wr}): fill it, post it, refill it. The scatter/gather
 * list and the inline buffer have capacities fixed at construction, so reuse allocates nothing.
 *
 * <p>Inline data ({@link #inline(byte[], int, int)}) is copied from this request's own buffer into
 * the WQE; for an inline request the SGE list is ignored.
 */
public final class SendRequest
{
    private final long[] sgeAddress;
    private final int[] sgeLkey;
    private final int[] sgeLength;
    private final byte[] inlineData;

    long wrId;
    WqeOpcode opcode = WqeOpcode.SEND;
    boolean signalled = true;
    boolean solicited;
    boolean fence;
    boolean inline;
    int inlineLength;
    int immediate;
    long remoteAddress;
    int rkey;
    long swapAdd;
    long compare;
    int sgeCount;

    /**
     * @param sgeCapacity most SGEs this request can carry
     * @param inlineCapacity most inline bytes this request can carry
     */
    public SendRequest(final int sgeCapacity, final int inlineCapacity)
    {
        sgeAddress = new long[sgeCapacity];
        sgeLkey = new int[sgeCapacity];
        sgeLength = new int[sgeCapacity];
        inlineData = new byte[inlineCapacity];
    }

    /**
     * Resets every field to a signalled {@code SEND} with no SGEs.
     *
     * @return this
     */
    public SendRequest clear()
    {
        wrId = 0;
        opcode = WqeOpcode.SEND;
        signalled = true;
        solicited = false;
        fence = false;
        inline = false;
        inlineLength = 0;
        immediate = 0;
        remoteAddress = 0;
        rkey = 0;
        swapAdd = 0;
        compare = 0;
        sgeCount = 0;
        return this;
    }

    /** @param value the caller's tag, returned in the completion @return this */
    public SendRequest wrId(final long value)
    {
        wrId = value;
        return this;
    }

    /** @param value the operation @return this */
    public SendRequest opcode(final WqeOpcode value)
    {
        opcode = value;
        return this;
    }

    /** @param value whether a successful completion writes a CQE @return this */
    public SendRequest signalled(final boolean value)
    {
        signalled = value;
        return this;
    }

    /** @param value whether the last packet carries the solicited-event bit @return this */
    public SendRequest solicited(final boolean value)
    {
        solicited = value;
        return this;
    }

    /** @param value whether to wait for earlier READs and atomics @return this */
    public SendRequest fence(final boolean value)
    {
        fence = value;
        return this;
    }

    /** @param value immediate data ({@code SEND_IMM}, {@code RDMA_WRITE_IMM}) @return this */
    public SendRequest immediate(final int value)
    {
        immediate = value;
        return this;
    }

    /**
     * @param address remote virtual address
     * @param key the responder's memory key
     * @return this
     */
    public SendRequest remote(final long address, final int key)
    {
        remoteAddress = address;
        rkey = key;
        return this;
    }

    /**
     * @param swapOrAdd {@code ATOMIC_CS}: the value to store; {@code ATOMIC_FA}: the value to add
     * @param compareWith {@code ATOMIC_CS}: the value to compare with
     * @return this
     */
    public SendRequest atomic(final long swapOrAdd, final long compareWith)
    {
        swapAdd = swapOrAdd;
        compare = compareWith;
        return this;
    }

    /**
     * Appends an SGE.
     *
     * @param address virtual address of the piece
     * @param length bytes
     * @param lkey local memory key
     * @return this
     * @throws IndexOutOfBoundsException beyond the capacity
     */
    public SendRequest addSge(final long address, final int length, final int lkey)
    {
        sgeAddress[sgeCount] = address;
        sgeLength[sgeCount] = length;
        sgeLkey[sgeCount] = lkey;
        sgeCount++;
        return this;
    }

    /**
     * Makes this an inline request carrying a copy of the bytes.
     *
     * @param src the data
     * @param offset first byte
     * @param length bytes, at most the inline capacity
     * @return this
     */
    public SendRequest inline(final byte[] src, final int offset, final int length)
    {
        System.arraycopy(src, offset, inlineData, 0, length);
        inline = true;
        inlineLength = length;
        return this;
    }

    /** @return the caller's tag */
    public long wrId()
    {
        return wrId;
    }

    /** @return the operation */
    public WqeOpcode opcode()
    {
        return opcode;
    }

    /** @return whether it asks for a completion */
    public boolean signalled()
    {
        return signalled;
    }

    /** @return the immediate data (meaningful for the {@code *_IMM} operations) */
    public int immediate()
    {
        return immediate;
    }

    /** @return the remote address (0 for a SEND) */
    public long remoteAddress()
    {
        return remoteAddress;
    }

    /** @return the remote key (0 for a SEND) */
    public int rkey()
    {
        return rkey;
    }

    /** @return bytes it moves: the inline length, else the sum of its SGEs' lengths */
    public long lengthBytes()
    {
        if (inline)
        {
            return inlineLength;
        }
        long n = 0;
        for (int i = 0; i < sgeCount; i++)
        {
            n += sgeLength[i];
        }
        return n;
    }

    /** @return the first SGE's address, or 0 for none or an inline request */
    public long firstAddress()
    {
        return inline || sgeCount == 0 ? 0 : sgeAddress[0];
    }

    /** @return the first SGE's local key, or 0 for none or an inline request */
    public int firstLkey()
    {
        return inline || sgeCount == 0 ? 0 : sgeLkey[0];
    }

    /** @return whether its data is inline */
    public boolean isInline()
    {
        return inline;
    }

    /** @return the SGEs set */
    public int sgeCount()
    {
        return sgeCount;
    }

    /** @return the SGE capacity */
    public int sgeCapacity()
    {
        return sgeAddress.length;
    }

    long sgeAddress(final int i)
    {
        return sgeAddress[i];
    }

    int sgeLkey(final int i)
    {
        return sgeLkey[i];
    }

    int sgeLength(final int i)
    {
        return sgeLength[i];
    }

    byte[] inlineData()
    {
        return inlineData;
    }
}
