package org.sansim.provider.cm;

/**
 * DisconnectRequest (DREQ, attribute 0x0015): the fields, at their IBA offsets in the MAD.
 *
 * <table>
 *   <caption>DREQ fields (offsets in the MAD)</caption>
 *   <tr><th>field</th><th>offset</th><th>bits</th></tr>
 *   <tr><td>Local Communication ID</td><td>24</td><td>32</td></tr>
 *   <tr><td>Remote Communication ID</td><td>28</td><td>32</td></tr>
 *   <tr><td>Remote QPN/EECN</td><td>32</td><td>24</td></tr>
 *   <tr><td>Private Data</td><td>36</td><td>220 bytes</td></tr>
 * </table>
 */
public final class CmDreq extends MadFlyweight
{
    /** Offset of the receiver's QPN (24 bits). */
    public static final int REMOTE_QPN_OFFSET = 32;
    /** Offset of the private data. */
    public static final int PRIVATE_DATA_OFFSET = 36;
    /** Bytes of private data. */
    public static final int PRIVATE_DATA_BYTES = 220;

    /**
     * Points this flyweight at a MAD.
     *
     * @param mad the bytes
     * @return this flyweight
     */
    @Override
    public CmDreq wrap(final byte[] mad)
    {
        super.wrap(mad);
        return this;
    }

    /** @return the receiver's QPN */
    public int remoteQpn()
    {
        return u24(REMOTE_QPN_OFFSET);
    }

    /** @param qpn the receiver's QPN */
    public void remoteQpn(final int qpn)
    {
        u24(REMOTE_QPN_OFFSET, qpn);
    }

    /** @return a copy of the 220 bytes of private data */
    public byte[] privateData()
    {
        return bytes(PRIVATE_DATA_OFFSET, PRIVATE_DATA_BYTES);
    }

    /** @param data at most 220 bytes, zero-filled; {@code null} for none */
    public void privateData(final byte[] data)
    {
        bytes(PRIVATE_DATA_OFFSET, PRIVATE_DATA_BYTES, data);
    }
}
