package org.sansim.provider.driver.kernel;

/**
 * A QP's attributes, as the driver's caller fills them for {@code createQp} and {@code modifyQp}, and
 * as {@code queryQp} returns them (HARDWARE.md 5.8). Each command reads only the fields of its
 * transition (HARDWARE.md 12.2). A mutable holder, like the verbs' attribute structures.
 */
public final class QpAttributes
{
    /** CREATE: protection domain. */
    public int pd;
    /** CREATE: CQ of send completions. */
    public int sendCqn;
    /** CREATE: CQ of receive completions. */
    public int recvCqn;
    /** CREATE: log2 of the SQ size in 64-byte basic blocks. */
    public int logSqSize = 6;
    /** CREATE: log2 of the RQ size in WQEs. */
    public int logRqSize = 6;
    /** CREATE: log2 of the bytes per receive WQE, 4 to 10. */
    public int logRqStride = 6;
    /** CREATE: every send WQE completes with a CQE. */
    public boolean signalAll;
    /** CREATE: UAR page allowed to ring the QP. */
    public int uarIndex;
    /** RESET_TO_INIT: port, from 1. */
    public int port = 1;
    /** RESET_TO_INIT: remote operations accepted ({@code AccessFlags}). */
    public int access;
    /** INIT_TO_RTR: {@code PathMtu} code. */
    public int pathMtu;
    /** INIT_TO_RTR: destination QP. */
    public int remoteQpn;
    /** INIT_TO_RTR: first PSN expected. */
    public int recvPsn;
    /** INIT_TO_RTR: responder resources. */
    public int maxDestRdAtomic;
    /** INIT_TO_RTR: RNR delay code of this responder's NAKs. */
    public int minRnrTimer;
    /** INIT_TO_RTR: next-hop MAC address. */
    public long destMac;
    /** INIT_TO_RTR: destination IPv4 address. */
    public int destIpv4;
    /** INIT_TO_RTR: RoCEv2 UDP source port. */
    public int udpSourcePort;
    /** INIT_TO_RTR: IPv4 time to live. */
    public int ttl = 64;
    /** INIT_TO_RTR: IPv4 DSCP and ECN bits. */
    public int trafficClass;
    /** RTR_TO_RTS: first PSN sent. */
    public int sendPsn;
    /** RTR_TO_RTS: retransmissions before an error. */
    public int retryCount = 7;
    /** RTR_TO_RTS: RNR retries; 7 = without limit. */
    public int rnrRetry = 7;
    /** RTR_TO_RTS: retransmission timeout code. */
    public int timeout = 14;
    /** RTR_TO_RTS: initiator depth. */
    public int maxRdAtomic;
    /** Output of {@code queryQp}: the {@code QpState} code. */
    public int state;
}
