package org.sansim.provider.cm;

/**
 * Flyweight over a 256-byte management datagram in a {@code byte[]}: the common MAD header, big-endian,
 * plus the two communication IDs every CM message starts with. Subclasses add the fields of one CM
 * attribute.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+-+-------------+
 * |  BaseVersion  |   MgmtClass   | ClassVersion  |R|   Method    |  0
 * +---------------+---------------+---------------+-+-------------+
 * |            Status             |         ClassSpecific         |  4
 * +-------------------------------+-------------------------------+
 * |                     TransactionID (64)                        |  8
 * +-------------------------------+-------------------------------+
 * |          AttributeID          |            Reserved           |  16
 * +-------------------------------+-------------------------------+
 * |                     AttributeModifier                         |  20
 * +---------------------------------------------------------------+
 * |            Local Communication ID (all CM messages)           |  24
 * +---------------------------------------------------------------+
 * |   Remote Communication ID (all CM messages but REQ)           |  28
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <table>
 *   <caption>Common MAD header fields</caption>
 *   <tr><th>field</th><th>offset</th><th>bytes</th><th>CM value</th></tr>
 *   <tr><td>BaseVersion</td><td>0</td><td>1</td><td>1</td></tr>
 *   <tr><td>MgmtClass</td><td>1</td><td>1</td><td>0x07 (CM)</td></tr>
 *   <tr><td>ClassVersion</td><td>2</td><td>1</td><td>2</td></tr>
 *   <tr><td>R, Method</td><td>3</td><td>1</td><td>0x03 (Send)</td></tr>
 *   <tr><td>Status</td><td>4</td><td>2</td><td>0</td></tr>
 *   <tr><td>TransactionID</td><td>8</td><td>8</td><td>chosen by the side that starts an exchange</td></tr>
 *   <tr><td>AttributeID</td><td>16</td><td>2</td><td>0x0010 REQ ... 0x0016 DREP</td></tr>
 *   <tr><td>AttributeModifier</td><td>20</td><td>4</td><td>0</td></tr>
 * </table>
 */
public abstract class MadFlyweight
{
    /** Bytes of a MAD. */
    public static final int LENGTH_BYTES = 256;
    /** Offset of the base version. */
    public static final int BASE_VERSION_OFFSET = 0;
    /** Offset of the management class. */
    public static final int MGMT_CLASS_OFFSET = 1;
    /** Offset of the class version. */
    public static final int CLASS_VERSION_OFFSET = 2;
    /** Offset of the response bit and method. */
    public static final int METHOD_OFFSET = 3;
    /** Offset of the status. */
    public static final int STATUS_OFFSET = 4;
    /** Offset of the transaction ID. */
    public static final int TRANSACTION_ID_OFFSET = 8;
    /** Offset of the attribute ID. */
    public static final int ATTRIBUTE_ID_OFFSET = 16;
    /** Offset of the attribute modifier. */
    public static final int ATTRIBUTE_MODIFIER_OFFSET = 20;
    /** Offset of the local communication ID, in every CM message. */
    public static final int LOCAL_COMM_ID_OFFSET = 24;
    /** Offset of the remote communication ID, in every CM message but REQ. */
    public static final int REMOTE_COMM_ID_OFFSET = 28;

    /** Base version of every MAD. */
    public static final int BASE_VERSION = 1;
    /** Management class of the Communication Manager. */
    public static final int MGMT_CLASS_CM = 0x07;
    /** Class version of the CM. */
    public static final int CM_CLASS_VERSION = 2;
    /** Method Send, the only one CM messages use. */
    public static final int METHOD_SEND = 0x03;
    /** Attribute ID of ConnectRequest. */
    public static final int ATTR_REQ = 0x0010;
    /** Attribute ID of MessageReceiptAcknowledgement. */
    public static final int ATTR_MRA = 0x0011;
    /** Attribute ID of ConnectReject. */
    public static final int ATTR_REJ = 0x0012;
    /** Attribute ID of ConnectReply. */
    public static final int ATTR_REP = 0x0013;
    /** Attribute ID of ReadyToUse. */
    public static final int ATTR_RTU = 0x0014;
    /** Attribute ID of DisconnectRequest. */
    public static final int ATTR_DREQ = 0x0015;
    /** Attribute ID of DisconnectReply. */
    public static final int ATTR_DREP = 0x0016;

    private byte[] buffer;

    /**
     * Points this flyweight at a MAD.
     *
     * @param mad at least {@link #LENGTH_BYTES} bytes
     * @return this flyweight
     */
    public MadFlyweight wrap(final byte[] mad)
    {
        if (mad.length < LENGTH_BYTES)
        {
            throw new IllegalArgumentException("a MAD is " + LENGTH_BYTES + " bytes, got " + mad.length);
        }
        buffer = mad;
        return this;
    }

    /** @return the wrapped bytes */
    public byte[] buffer()
    {
        return buffer;
    }

    /**
     * Zeroes the MAD and writes a CM header: base version 1, class 0x07, class version 2, method Send.
     *
     * @param attributeId the CM attribute
     * @param transactionId the transaction ID
     */
    public void initCm(final int attributeId, final long transactionId)
    {
        java.util.Arrays.fill(buffer, 0, LENGTH_BYTES, (byte)0);
        u8(BASE_VERSION_OFFSET, BASE_VERSION);
        u8(MGMT_CLASS_OFFSET, MGMT_CLASS_CM);
        u8(CLASS_VERSION_OFFSET, CM_CLASS_VERSION);
        u8(METHOD_OFFSET, METHOD_SEND);
        u16(ATTRIBUTE_ID_OFFSET, attributeId);
        i64(TRANSACTION_ID_OFFSET, transactionId);
    }

    /** @return whether the header is a CM Send of base version 1, class version 2 */
    public boolean isCmSend()
    {
        return u8(BASE_VERSION_OFFSET) == BASE_VERSION && u8(MGMT_CLASS_OFFSET) == MGMT_CLASS_CM
            && u8(CLASS_VERSION_OFFSET) == CM_CLASS_VERSION && u8(METHOD_OFFSET) == METHOD_SEND;
    }

    /** @return the management class */
    public int mgmtClass()
    {
        return u8(MGMT_CLASS_OFFSET);
    }

    /** @return the attribute ID */
    public int attributeId()
    {
        return u16(ATTRIBUTE_ID_OFFSET);
    }

    /** @return the transaction ID */
    public long transactionId()
    {
        return i64(TRANSACTION_ID_OFFSET);
    }

    /** @return the sender's communication ID */
    public int localCommId()
    {
        return i32(LOCAL_COMM_ID_OFFSET);
    }

    /** @param id the sender's communication ID */
    public void localCommId(final int id)
    {
        i32(LOCAL_COMM_ID_OFFSET, id);
    }

    /** @return the receiver's communication ID (not in a REQ) */
    public int remoteCommId()
    {
        return i32(REMOTE_COMM_ID_OFFSET);
    }

    /** @param id the receiver's communication ID (not in a REQ) */
    public void remoteCommId(final int id)
    {
        i32(REMOTE_COMM_ID_OFFSET, id);
    }

    /**
     * Copies private data out.
     *
     * @param offset the field's offset
     * @param lengthBytes the field's size
     * @return a copy of the whole field
     */
    protected final byte[] bytes(final int offset, final int lengthBytes)
    {
        return java.util.Arrays.copyOfRange(buffer, offset, offset + lengthBytes);
    }

    /**
     * Copies private data in, zero-filling the rest of the field.
     *
     * @param offset the field's offset
     * @param lengthBytes the field's size
     * @param data the data, at most {@code lengthBytes}, or {@code null} for none
     */
    protected final void bytes(final int offset, final int lengthBytes, final byte[] data)
    {
        java.util.Arrays.fill(buffer, offset, offset + lengthBytes, (byte)0);
        if (data != null)
        {
            if (data.length > lengthBytes)
            {
                throw new IllegalArgumentException("private data of " + data.length + " bytes, at most "
                    + lengthBytes);
            }
            System.arraycopy(data, 0, buffer, offset, data.length);
        }
    }

    /**
     * @param offset a byte offset
     * @return the unsigned byte there
     */
    protected final int u8(final int offset)
    {
        return buffer[offset] & 0xFF;
    }

    /**
     * @param offset a byte offset
     * @param value the byte to write
     */
    protected final void u8(final int offset, final int value)
    {
        buffer[offset] = (byte)value;
    }

    /**
     * @param offset a byte offset
     * @return the big-endian unsigned 16 bits there
     */
    protected final int u16(final int offset)
    {
        return (u8(offset) << 8) | u8(offset + 1);
    }

    /**
     * @param offset a byte offset
     * @param value 16 bits to write big-endian
     */
    protected final void u16(final int offset, final int value)
    {
        u8(offset, value >>> 8);
        u8(offset + 1, value);
    }

    /**
     * @param offset a byte offset
     * @return the big-endian unsigned 24 bits there
     */
    protected final int u24(final int offset)
    {
        return (u8(offset) << 16) | (u8(offset + 1) << 8) | u8(offset + 2);
    }

    /**
     * @param offset a byte offset
     * @param value 24 bits to write big-endian
     */
    protected final void u24(final int offset, final int value)
    {
        u8(offset, value >>> 16);
        u8(offset + 1, value >>> 8);
        u8(offset + 2, value);
    }

    /**
     * @param offset a byte offset
     * @return the big-endian 32 bits there
     */
    protected final int i32(final int offset)
    {
        return (u16(offset) << 16) | u16(offset + 2);
    }

    /**
     * @param offset a byte offset
     * @param value 32 bits to write big-endian
     */
    protected final void i32(final int offset, final int value)
    {
        u16(offset, value >>> 16);
        u16(offset + 2, value);
    }

    /**
     * @param offset a byte offset
     * @return the big-endian 64 bits there
     */
    protected final long i64(final int offset)
    {
        return ((long)i32(offset) << 32) | (i32(offset + 4) & 0xFFFF_FFFFL);
    }

    /**
     * @param offset a byte offset
     * @param value 64 bits to write big-endian
     */
    protected final void i64(final int offset, final long value)
    {
        i32(offset, (int)(value >>> 32));
        i32(offset + 4, (int)value);
    }
}
