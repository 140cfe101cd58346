package org.sansim.provider.cm;

/** REJ reason codes (IBA table "REJ reason codes") this CM sends or a consumer may use. */
public final class CmRejectReason
{
    /** No QP available. */
    public static final int NO_QP = 1;
    /** Timeout: the sender gave up waiting for a response (this CM sends it after its retries). */
    public static final int TIMEOUT = 4;
    /** Invalid service ID: nobody listens on it. */
    public static final int INVALID_SERVICE_ID = 8;
    /**
     * Invalid path MTU: the REQ's path MTU is larger than the responder's port takes. The Additional
     * Reject Information holds, in its first byte, the largest path MTU code the responder takes; the
     * requester's CM sends the REQ again with that MTU.
     */
    public static final int INVALID_PATH_MTU = 26;
    /** Consumer reject: the listener refused. */
    public static final int CONSUMER_REJECT = 28;

    private CmRejectReason()
    {
    }
}
