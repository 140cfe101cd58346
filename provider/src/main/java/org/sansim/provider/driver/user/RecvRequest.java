package org.sansim.provider.driver.user;

/**
 * A reusable receive work request ({@code ibv_recv_wr}): a wr_id and a scatter list of fixed
 * capacity.
 */
public final class RecvRequest
{
    private final long[] sgeAddress;
    private final int[] sgeLkey;
    private final int[] sgeLength;
    long wrId;
    int sgeCount;

    /** @param sgeCapacity most SGEs this request can carry */
    public RecvRequest(final int sgeCapacity)
    {
        sgeAddress = new long[sgeCapacity];
        sgeLkey = new int[sgeCapacity];
        sgeLength = new int[sgeCapacity];
    }

    /** @return this, with no SGEs and wr_id 0 */
    public RecvRequest clear()
    {
        wrId = 0;
        sgeCount = 0;
        return this;
    }

    /** @param value the caller's tag @return this */
    public RecvRequest wrId(final long value)
    {
        wrId = value;
        return this;
    }

    /**
     * Appends an SGE.
     *
     * @param address virtual address of the piece
     * @param length bytes
     * @param lkey local memory key
     * @return this
     */
    public RecvRequest addSge(final long address, final int length, final int lkey)
    {
        sgeAddress[sgeCount] = address;
        sgeLength[sgeCount] = length;
        sgeLkey[sgeCount] = lkey;
        sgeCount++;
        return this;
    }

    /** @return the SGEs set */
    public int sgeCount()
    {
        return sgeCount;
    }

    /** @return bytes its SGEs can take */
    public long lengthBytes()
    {
        long n = 0;
        for (int i = 0; i < sgeCount; i++)
        {
            n += sgeLength[i];
        }
        return n;
    }

    /** @return the first SGE's address, or 0 for none */
    public long firstAddress()
    {
        return sgeCount == 0 ? 0 : sgeAddress[0];
    }

    /** @return the first SGE's local key, or 0 for none */
    public int firstLkey()
    {
        return sgeCount == 0 ? 0 : sgeLkey[0];
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
}
