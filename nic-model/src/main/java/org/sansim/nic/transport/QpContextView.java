package org.sansim.nic.transport;

import org.sansim.hw.PathMtu;
import org.sansim.hw.QpState;

/**
 * The per-QP attributes the transport reads, and the state it writes when a QP fails. The NIC's
 * {@link org.sansim.nic.command.QpTable} is the source in a whole NIC ({@link QpTableView}); tests
 * may supply their own.
 */
public interface QpContextView
{
    /** @param qpn a QPN @return whether the QP exists */
    boolean valid(int qpn);

    /** @param qpn an existing QP @return its state */
    QpState state(int qpn);

    /** @param qpn an existing QP @param newState the state it moves to */
    void state(int qpn, QpState newState);

    /** @param qpn an existing QP @return its path MTU */
    PathMtu pathMtu(int qpn);

    /** @param qpn an existing QP @return its remote access rights, {@code AccessFlags} */
    int access(int qpn);

    /** @param qpn an existing QP @return its protection domain */
    int pd(int qpn);

    /** @param qpn an existing QP @return the peer's QPN */
    int remoteQpn(int qpn);

    /** @param qpn an existing QP @return the first PSN it sends */
    int sendPsn(int qpn);

    /** @param qpn an existing QP @return the first PSN it expects */
    int recvPsn(int qpn);

    /** @param qpn an existing QP @return whether every send WQE completes with a CQE */
    boolean signalAll(int qpn);

    /** @param qpn an existing QP @return the CQ of its send completions */
    int sendCqn(int qpn);

    /** @param qpn an existing QP @return the CQ of its receive completions */
    int recvCqn(int qpn);

    /** @param qpn an existing QP @return log2 of its RQ's WQEs */
    int logRqSize(int qpn);

    /** @param qpn an existing QP @return log2 of its receive WQE stride in bytes */
    int logRqStride(int qpn);

    /** @param qpn an existing QP @return physical address of its RQ */
    long rqAddress(int qpn);

    /** @param qpn an existing QP @return physical address of its doorbell record */
    long dbrAddress(int qpn);

    /** @param qpn an existing QP @return the peer's MAC */
    long destMac(int qpn);

    /** @param qpn an existing QP @return the peer's IPv4 address */
    int destIpv4(int qpn);

    /** @param qpn an existing QP @return the UDP source port of its packets */
    int udpSourcePort(int qpn);

    /** @param qpn an existing QP @return the IPv4 TTL of its packets */
    int ttl(int qpn);

    /** @param qpn an existing QP @return the IPv4 traffic class (DSCP and ECN) of its packets */
    int trafficClass(int qpn);

    /** @param qpn an existing QP @return retransmissions after a timeout or sequence NAK; 7 = without limit */
    int retryCount(int qpn);

    /** @param qpn an existing QP @return retries after an RNR NAK; 7 = without limit */
    int rnrRetry(int qpn);

    /** @param qpn an existing QP @return the RNR timer code its responder puts in RNR NAKs */
    int minRnrTimer(int qpn);

    /** @param qpn an existing QP @return retransmission timeout code: 4.096 us x 2^code, 0 = never */
    int timeout(int qpn);

    /** @param qpn an existing QP @return the initiator depth: READs and atomics it may have outstanding */
    int maxRdAtomic(int qpn);

    /** @param qpn an existing QP @return responder resources: incoming READs and atomics it keeps */
    int maxDestRdAtomic(int qpn);
}
