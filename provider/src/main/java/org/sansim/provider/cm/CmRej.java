package org.sansim.provider.cm;

/**
 * ConnectReject (REJ, attribute 0x0012): the fields this CM uses, at their IBA offsets in the MAD.
 *
 * <table>
 *   <caption>REJ fields (offsets in the MAD)</caption>
 *   <tr><th>field</th><th>offset</th><th>bits</th></tr>
 *   <tr><td>Local Communication ID</td><td>24</td><td>32</td></tr>
 *   <tr><td>Remote Communication ID</td><td>28</td><td>32</td></tr>
 *   <tr><td>Message REJected (0 REQ, 1 REP, 2 other)</td><td>32</td><td>2 (high)</td></tr>
 *   <tr><td>Reject Info Length</td><td>33</td><td>7 (high)</td></tr>
 *   <tr><td>Reason</td><td>34</td><td>16</td></tr>
 *   <tr><td>Additional Reject Information</td><td>36</td><td>72 bytes</td></tr>
 *   <tr><td>Private Data</td><td>108</td><td>148 bytes</td></tr>
 * </table>
 */
public final class CmRej extends MadFlyweight
{
    /** Offset of the byte whose two high bits name the message rejected. */
    public static final int MESSAGE_REJECTED_OFFSET = 32;
    /** Offset of the reason. */
    public static final int REASON_OFFSET = 34;
    /** Offset of the byte whose seven high bits are the Reject Info Length. */
    public static final int REJECT_INFO_LENGTH_OFFSET = 33;
    /** Offset of the Additional Reject Information. */
    public static final int ARI_OFFSET = 36;
    /** Offset of the private data. */
    public static final int PRIVATE_DATA_OFFSET = 108;
    /** Bytes of private data. */
    public static final int PRIVATE_DATA_BYTES = 148;
    /** Message REJected: a REQ. */
    public static final int REJECTED_REQ = 0;
    /** Message REJected: a REP. */
    public static final int REJECTED_REP = 1;
    /** Message REJected: none of those. */
    public static final int REJECTED_OTHER = 2;

    /**
     * Points this flyweight at a MAD.
     *
     * @param mad the bytes
     * @return this flyweight
     */
    @Override
    public CmRej wrap(final byte[] mad)
    {
        super.wrap(mad);
        return this;
    }

    /** @return which message was rejected */
    public int messageRejected()
    {
        return u8(MESSAGE_REJECTED_OFFSET) >>> 6;
    }

    /** @param which {@link #REJECTED_REQ}, {@link #REJECTED_REP} or {@link #REJECTED_OTHER} */
    public void messageRejected(final int which)
    {
        u8(MESSAGE_REJECTED_OFFSET, (which & 3) << 6);
    }

    /** @return the reason, a {@link CmRejectReason} code */
    public int reason()
    {
        return u16(REASON_OFFSET);
    }

    /** @param reason a {@link CmRejectReason} code */
    public void reason(final int reason)
    {
        u16(REASON_OFFSET, reason);
    }

    /** @return bytes of Additional Reject Information, 0 to 72 */
    public int rejectInfoLength()
    {
        return u8(REJECT_INFO_LENGTH_OFFSET) >>> 1;
    }

    /**
     * Sets a one-byte Additional Reject Information and its length (1).
     *
     * @param value the byte, such as the largest path MTU code for {@link CmRejectReason#INVALID_PATH_MTU}
     */
    public void rejectInfoByte(final int value)
    {
        u8(REJECT_INFO_LENGTH_OFFSET, 1 << 1);
        u8(ARI_OFFSET, value);
    }

    /** @return the first byte of the Additional Reject Information */
    public int rejectInfoByte()
    {
        return u8(ARI_OFFSET);
    }

    /** @return a copy of the 148 bytes of private data */
    public byte[] privateData()
    {
        return bytes(PRIVATE_DATA_OFFSET, PRIVATE_DATA_BYTES);
    }

    /** @param data at most 148 bytes, zero-filled; {@code null} for none */
    public void privateData(final byte[] data)
    {
        bytes(PRIVATE_DATA_OFFSET, PRIVATE_DATA_BYTES, data);
    }
}
