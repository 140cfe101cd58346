package org.sansim.provider.cm;

/**
 * ConnectRequest (REQ, attribute 0x0010): the fields this CM uses, at their IBA offsets in the MAD.
 *
 * <table>
 *   <caption>REQ fields (offsets in the MAD)</caption>
 *   <tr><th>field</th><th>offset</th><th>bits</th></tr>
 *   <tr><td>Local Communication ID</td><td>24</td><td>32</td></tr>
 *   <tr><td>Service ID</td><td>32</td><td>64</td></tr>
 *   <tr><td>Local CA GUID</td><td>40</td><td>64</td></tr>
 *   <tr><td>Local Q_Key</td><td>52</td><td>32</td></tr>
 *   <tr><td>Local QPN, Responder Resources</td><td>56</td><td>24, 8</td></tr>
 *   <tr><td>Local EECN, Initiator Depth</td><td>60</td><td>24, 8</td></tr>
 *   <tr><td>Remote EECN, Remote CM Response Timeout, Transport Service Type, End-to-End Flow Control</td>
 *       <td>64</td><td>24, 5, 2, 1</td></tr>
 *   <tr><td>Starting PSN, Local CM Response Timeout, Retry Count</td><td>68</td><td>24, 5, 3</td></tr>
 *   <tr><td>Partition Key</td><td>72</td><td>16</td></tr>
 *   <tr><td>Path Packet Payload MTU, RDC Exists, RNR Retry Count</td><td>74</td><td>4, 1, 3</td></tr>
 *   <tr><td>Max CM Retries, SRQ, Extended Transport Type</td><td>75</td><td>4, 1, 3</td></tr>
 *   <tr><td>Primary Local Port LID, Remote Port LID</td><td>76</td><td>16, 16</td></tr>
 *   <tr><td>Primary Local Port GID</td><td>80</td><td>128</td></tr>
 *   <tr><td>Primary Remote Port GID</td><td>96</td><td>128</td></tr>
 *   <tr><td>Primary Flow Label, Packet Rate</td><td>112</td><td>20, 6 (after 6 reserved)</td></tr>
 *   <tr><td>Primary Traffic Class, Hop Limit</td><td>116</td><td>8, 8</td></tr>
 *   <tr><td>Primary SL, Subnet Local</td><td>118</td><td>4, 1</td></tr>
 *   <tr><td>Primary Local ACK Timeout</td><td>119</td><td>5</td></tr>
 *   <tr><td>Alternate path (unused, zero)</td><td>120</td><td>44 bytes</td></tr>
 *   <tr><td>Private Data</td><td>164</td><td>92 bytes</td></tr>
 * </table>
 *
 * <p>On RoCE the ports' GIDs are their IPv4-mapped IPv6 addresses and the LIDs are 0xFFFF.
 */
public final class CmReq extends MadFlyweight
{
    /** Offset of the service ID. */
    public static final int SERVICE_ID_OFFSET = 32;
    /** Offset of the local CA GUID. */
    public static final int LOCAL_CA_GUID_OFFSET = 40;
    /** Offset of the local Q_Key. */
    public static final int LOCAL_Q_KEY_OFFSET = 52;
    /** Offset of the local QPN (24 bits, then responder resources). */
    public static final int LOCAL_QPN_OFFSET = 56;
    /** Offset of the responder resources. */
    public static final int RESPONDER_RESOURCES_OFFSET = 59;
    /** Offset of the initiator depth. */
    public static final int INITIATOR_DEPTH_OFFSET = 63;
    /** Offset of the byte with the remote CM response timeout, transport service type and flow control. */
    public static final int REMOTE_TIMEOUT_OFFSET = 67;
    /** Offset of the starting PSN (24 bits). */
    public static final int STARTING_PSN_OFFSET = 68;
    /** Offset of the byte with the local CM response timeout and the retry count. */
    public static final int LOCAL_TIMEOUT_OFFSET = 71;
    /** Offset of the partition key. */
    public static final int PARTITION_KEY_OFFSET = 72;
    /** Offset of the byte with the path MTU, RDC exists and RNR retry count. */
    public static final int PATH_MTU_OFFSET = 74;
    /** Offset of the byte with the max CM retries, SRQ and extended transport type. */
    public static final int MAX_CM_RETRIES_OFFSET = 75;
    /** Offset of the primary local port LID. */
    public static final int PRIMARY_LOCAL_LID_OFFSET = 76;
    /** Offset of the primary remote port LID. */
    public static final int PRIMARY_REMOTE_LID_OFFSET = 78;
    /** Offset of the primary local port GID. */
    public static final int PRIMARY_LOCAL_GID_OFFSET = 80;
    /** Offset of the primary remote port GID. */
    public static final int PRIMARY_REMOTE_GID_OFFSET = 96;
    /** Offset of the primary hop limit. */
    public static final int PRIMARY_HOP_LIMIT_OFFSET = 117;
    /** Offset of the primary SL and subnet-local bit. */
    public static final int PRIMARY_SL_OFFSET = 118;
    /** Offset of the primary local ACK timeout (5 bits, high). */
    public static final int PRIMARY_ACK_TIMEOUT_OFFSET = 119;
    /** Offset of the private data. */
    public static final int PRIVATE_DATA_OFFSET = 164;
    /** Bytes of private data. */
    public static final int PRIVATE_DATA_BYTES = 92;

    /**
     * Points this flyweight at a MAD.
     *
     * @param mad the bytes
     * @return this flyweight
     */
    @Override
    public CmReq wrap(final byte[] mad)
    {
        super.wrap(mad);
        return this;
    }

    /** @return the service ID */
    public long serviceId()
    {
        return i64(SERVICE_ID_OFFSET);
    }

    /** @param id the service ID */
    public void serviceId(final long id)
    {
        i64(SERVICE_ID_OFFSET, id);
    }

    /** @param guid the local CA GUID */
    public void localCaGuid(final long guid)
    {
        i64(LOCAL_CA_GUID_OFFSET, guid);
    }

    /** @return the requester's QPN */
    public int localQpn()
    {
        return u24(LOCAL_QPN_OFFSET);
    }

    /** @param qpn the requester's QPN */
    public void localQpn(final int qpn)
    {
        u24(LOCAL_QPN_OFFSET, qpn);
    }

    /** @return READs and atomics the requester accepts in flight */
    public int responderResources()
    {
        return u8(RESPONDER_RESOURCES_OFFSET);
    }

    /** @param n READs and atomics the requester accepts in flight */
    public void responderResources(final int n)
    {
        u8(RESPONDER_RESOURCES_OFFSET, n);
    }

    /** @return READs and atomics the requester will issue in flight */
    public int initiatorDepth()
    {
        return u8(INITIATOR_DEPTH_OFFSET);
    }

    /** @param n READs and atomics the requester will issue in flight */
    public void initiatorDepth(final int n)
    {
        u8(INITIATOR_DEPTH_OFFSET, n);
    }

    /**
     * Sets the remote CM response timeout; transport service type RC (0), end-to-end flow control off:
     * the SanSim transport keeps no end-to-end credits (its ACKs carry the invalid-credit code).
     *
     * @param code 4.096 µs × 2^code, 0 to 31
     */
    public void remoteCmResponseTimeout(final int code)
    {
        u8(REMOTE_TIMEOUT_OFFSET, (code & 0x1F) << 3);
    }

    /** @return whether the requester claims end-to-end flow control */
    public boolean endToEndFlowControl()
    {
        return (u8(REMOTE_TIMEOUT_OFFSET) & 1) != 0;
    }

    /** @return the transport retry count, 0 to 7 */
    public int retryCount()
    {
        return u8(LOCAL_TIMEOUT_OFFSET) & 7;
    }

    /** @return the path MTU code (1 = 256 ... 5 = 4096) */
    public int pathMtu()
    {
        return u8(PATH_MTU_OFFSET) >>> 4;
    }

    /** @return the RNR retry count, 0 to 7 (7 = without limit) */
    public int rnrRetryCount()
    {
        return u8(PATH_MTU_OFFSET) & 7;
    }

    /** @return the primary path's local ACK timeout code: 4.096 µs × 2^code */
    public int localAckTimeout()
    {
        return u8(PRIMARY_ACK_TIMEOUT_OFFSET) >>> 3;
    }

    /** @return the remote CM response timeout code */
    public int remoteCmResponseTimeout()
    {
        return u8(REMOTE_TIMEOUT_OFFSET) >>> 3;
    }

    /** @return the requester's first PSN */
    public int startingPsn()
    {
        return u24(STARTING_PSN_OFFSET);
    }

    /** @param psn the requester's first PSN */
    public void startingPsn(final int psn)
    {
        u24(STARTING_PSN_OFFSET, psn);
    }

    /**
     * @param code the local CM response timeout, 4.096 µs × 2^code
     * @param retryCount the transport retry count, 0 to 7
     */
    public void localCmResponseTimeout(final int code, final int retryCount)
    {
        u8(LOCAL_TIMEOUT_OFFSET, (code & 0x1F) << 3 | (retryCount & 7));
    }

    /** @param pKey the partition key */
    public void partitionKey(final int pKey)
    {
        u16(PARTITION_KEY_OFFSET, pKey);
    }

    /**
     * @param mtuCode the path MTU code (1 = 256 ... 5 = 4096)
     * @param rnrRetry the RNR retry count, 0 to 7
     */
    public void pathMtu(final int mtuCode, final int rnrRetry)
    {
        u8(PATH_MTU_OFFSET, (mtuCode & 0xF) << 4 | (rnrRetry & 7));
    }

    /** @return the max CM retries */
    public int maxCmRetries()
    {
        return u8(MAX_CM_RETRIES_OFFSET) >>> 4;
    }

    /** @param n the max CM retries, 0 to 15 */
    public void maxCmRetries(final int n)
    {
        u8(MAX_CM_RETRIES_OFFSET, (n & 0xF) << 4);
    }

    /**
     * Sets the primary path for RoCE: permissive LIDs, IPv4-mapped GIDs, hop limit, SL 0, subnet local.
     *
     * @param localIpv4 the requester's address
     * @param remoteIpv4 the responder's address
     * @param hopLimit the hop limit
     * @param ackTimeoutCode the local ACK timeout code
     */
    public void primaryPath(final int localIpv4, final int remoteIpv4, final int hopLimit, final int ackTimeoutCode)
    {
        u16(PRIMARY_LOCAL_LID_OFFSET, 0xFFFF);
        u16(PRIMARY_REMOTE_LID_OFFSET, 0xFFFF);
        mappedGid(PRIMARY_LOCAL_GID_OFFSET, localIpv4);
        mappedGid(PRIMARY_REMOTE_GID_OFFSET, remoteIpv4);
        u8(PRIMARY_HOP_LIMIT_OFFSET, hopLimit);
        u8(PRIMARY_SL_OFFSET, 1 << 3);
        u8(PRIMARY_ACK_TIMEOUT_OFFSET, (ackTimeoutCode & 0x1F) << 3);
    }

    private void mappedGid(final int offset, final int ipv4)
    {
        u16(offset + 10, 0xFFFF);
        i32(offset + 12, ipv4);
    }

    /** @return a copy of the 92 bytes of private data */
    public byte[] privateData()
    {
        return bytes(PRIVATE_DATA_OFFSET, PRIVATE_DATA_BYTES);
    }

    /** @param data at most 92 bytes, zero-filled; {@code null} for none */
    public void privateData(final byte[] data)
    {
        bytes(PRIVATE_DATA_OFFSET, PRIVATE_DATA_BYTES, data);
    }
}
