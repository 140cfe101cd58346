package org.sansim.provider.cm;

/**
 * ConnectReply (REP, attribute 0x0013): the fields this CM uses, at their IBA offsets in the MAD.
 *
 * <table>
 *   <caption>REP fields (offsets in the MAD)</caption>
 *   <tr><th>field</th><th>offset</th><th>bits</th></tr>
 *   <tr><td>Local Communication ID</td><td>24</td><td>32</td></tr>
 *   <tr><td>Remote Communication ID</td><td>28</td><td>32</td></tr>
 *   <tr><td>Local Q_Key</td><td>32</td><td>32</td></tr>
 *   <tr><td>Local QPN</td><td>36</td><td>24</td></tr>
 *   <tr><td>Local EE Context Number</td><td>40</td><td>24</td></tr>
 *   <tr><td>Starting PSN</td><td>44</td><td>24</td></tr>
 *   <tr><td>Responder Resources</td><td>48</td><td>8</td></tr>
 *   <tr><td>Initiator Depth</td><td>49</td><td>8</td></tr>
 *   <tr><td>Target ACK Delay, Failover Accepted, End-to-End Flow Control</td><td>50</td><td>5, 2, 1</td></tr>
 *   <tr><td>RNR Retry Count, SRQ</td><td>51</td><td>3, 1</td></tr>
 *   <tr><td>Local CA GUID</td><td>52</td><td>64</td></tr>
 *   <tr><td>Private Data</td><td>60</td><td>196 bytes</td></tr>
 * </table>
 */
public final class CmRep extends MadFlyweight
{
    /** Offset of the local QPN (24 bits). */
    public static final int LOCAL_QPN_OFFSET = 36;
    /** Offset of the starting PSN (24 bits). */
    public static final int STARTING_PSN_OFFSET = 44;
    /** Offset of the responder resources. */
    public static final int RESPONDER_RESOURCES_OFFSET = 48;
    /** Offset of the initiator depth. */
    public static final int INITIATOR_DEPTH_OFFSET = 49;
    /** Offset of the byte with the target ACK delay, failover accepted and flow control. */
    public static final int FLOW_CONTROL_OFFSET = 50;
    /** Offset of the byte with the RNR retry count and SRQ. */
    public static final int RNR_RETRY_OFFSET = 51;
    /** Offset of the local CA GUID. */
    public static final int LOCAL_CA_GUID_OFFSET = 52;
    /** Offset of the private data. */
    public static final int PRIVATE_DATA_OFFSET = 60;
    /** Bytes of private data. */
    public static final int PRIVATE_DATA_BYTES = 196;

    /**
     * Points this flyweight at a MAD.
     *
     * @param mad the bytes
     * @return this flyweight
     */
    @Override
    public CmRep wrap(final byte[] mad)
    {
        super.wrap(mad);
        return this;
    }

    /** @return the responder's QPN */
    public int localQpn()
    {
        return u24(LOCAL_QPN_OFFSET);
    }

    /** @param qpn the responder's QPN */
    public void localQpn(final int qpn)
    {
        u24(LOCAL_QPN_OFFSET, qpn);
    }

    /** @return the responder's first PSN */
    public int startingPsn()
    {
        return u24(STARTING_PSN_OFFSET);
    }

    /** @param psn the responder's first PSN */
    public void startingPsn(final int psn)
    {
        u24(STARTING_PSN_OFFSET, psn);
    }

    /** @return READs and atomics the responder accepts in flight */
    public int responderResources()
    {
        return u8(RESPONDER_RESOURCES_OFFSET);
    }

    /** @param n READs and atomics the responder accepts in flight */
    public void responderResources(final int n)
    {
        u8(RESPONDER_RESOURCES_OFFSET, n);
    }

    /** @return READs and atomics the responder will issue in flight */
    public int initiatorDepth()
    {
        return u8(INITIATOR_DEPTH_OFFSET);
    }

    /** @param n READs and atomics the responder will issue in flight */
    public void initiatorDepth(final int n)
    {
        u8(INITIATOR_DEPTH_OFFSET, n);
    }

    /**
     * Sets end-to-end flow control off (the SanSim transport keeps no end-to-end credits: its ACKs
     * carry the invalid-credit code) and the RNR retry count.
     *
     * @param rnrRetry 0 to 7
     */
    public void flowControlAndRnrRetry(final int rnrRetry)
    {
        u8(FLOW_CONTROL_OFFSET, 0);
        u8(RNR_RETRY_OFFSET, (rnrRetry & 7) << 5);
    }

    /** @return whether the responder claims end-to-end flow control */
    public boolean endToEndFlowControl()
    {
        return (u8(FLOW_CONTROL_OFFSET) & 1) != 0;
    }

    /** @return the RNR retry count, 0 to 7 (7 = without limit) */
    public int rnrRetryCount()
    {
        return u8(RNR_RETRY_OFFSET) >>> 5;
    }

    /** @param guid the local CA GUID */
    public void localCaGuid(final long guid)
    {
        i64(LOCAL_CA_GUID_OFFSET, guid);
    }

    /** @return a copy of the 196 bytes of private data */
    public byte[] privateData()
    {
        return bytes(PRIVATE_DATA_OFFSET, PRIVATE_DATA_BYTES);
    }

    /** @param data at most 196 bytes, zero-filled; {@code null} for none */
    public void privateData(final byte[] data)
    {
        bytes(PRIVATE_DATA_OFFSET, PRIVATE_DATA_BYTES, data);
    }
}
