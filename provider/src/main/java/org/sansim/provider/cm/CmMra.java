package org.sansim.provider.cm;

/**
 * MessageReceiptAcknowledgement (MRA, attribute 0x0011): the fields this CM uses, at their IBA offsets.
 *
 * <table>
 *   <caption>MRA fields (offsets in the MAD)</caption>
 *   <tr><th>field</th><th>offset</th><th>bits</th></tr>
 *   <tr><td>Local Communication ID</td><td>24</td><td>32</td></tr>
 *   <tr><td>Remote Communication ID</td><td>28</td><td>32</td></tr>
 *   <tr><td>Message MRAed (0 REQ, 1 REP, 2 LAP)</td><td>32</td><td>2 (high)</td></tr>
 *   <tr><td>Service Timeout</td><td>33</td><td>5 (high)</td></tr>
 *   <tr><td>Private Data</td><td>34</td><td>222 bytes</td></tr>
 * </table>
 */
public final class CmMra extends MadFlyweight
{
    /** Offset of the byte whose two high bits name the message acknowledged. */
    public static final int MESSAGE_MRAED_OFFSET = 32;
    /** Offset of the byte whose five high bits are the service timeout. */
    public static final int SERVICE_TIMEOUT_OFFSET = 33;
    /** Offset of the private data. */
    public static final int PRIVATE_DATA_OFFSET = 34;
    /** Bytes of private data. */
    public static final int PRIVATE_DATA_BYTES = 222;
    /** Message MRAed: a REQ. */
    public static final int MRAED_REQ = 0;

    /**
     * Points this flyweight at a MAD.
     *
     * @param mad the bytes
     * @return this flyweight
     */
    @Override
    public CmMra wrap(final byte[] mad)
    {
        super.wrap(mad);
        return this;
    }

    /** @return which message is acknowledged */
    public int messageMraed()
    {
        return u8(MESSAGE_MRAED_OFFSET) >>> 6;
    }

    /** @param which {@link #MRAED_REQ} or another IBA code */
    public void messageMraed(final int which)
    {
        u8(MESSAGE_MRAED_OFFSET, (which & 3) << 6);
    }

    /** @return the service timeout code: the sender answers within 4.096 µs × 2^code */
    public int serviceTimeout()
    {
        return u8(SERVICE_TIMEOUT_OFFSET) >>> 3;
    }

    /** @param code the service timeout code, 0 to 31 */
    public void serviceTimeout(final int code)
    {
        u8(SERVICE_TIMEOUT_OFFSET, (code & 0x1F) << 3);
    }
}
