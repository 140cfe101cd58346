package org.sansim.hw;

import static org.sansim.hw.QpContextDescriptor.ACCESS_MASK;
import static org.sansim.hw.QpContextDescriptor.ACCESS_OFFSET;
import static org.sansim.hw.QpContextDescriptor.ACCESS_SHIFT;
import static org.sansim.hw.QpContextDescriptor.DBR_ADDRESS_OFFSET;
import static org.sansim.hw.QpContextDescriptor.DEST_IPV4_OFFSET;
import static org.sansim.hw.QpContextDescriptor.DEST_MAC_OFFSET;
import static org.sansim.hw.QpContextDescriptor.LENGTH_BYTES;
import static org.sansim.hw.QpContextDescriptor.LOG_RQ_SIZE_MASK;
import static org.sansim.hw.QpContextDescriptor.LOG_RQ_SIZE_OFFSET;
import static org.sansim.hw.QpContextDescriptor.LOG_RQ_SIZE_SHIFT;
import static org.sansim.hw.QpContextDescriptor.LOG_RQ_STRIDE_MASK;
import static org.sansim.hw.QpContextDescriptor.LOG_RQ_STRIDE_OFFSET;
import static org.sansim.hw.QpContextDescriptor.LOG_RQ_STRIDE_SHIFT;
import static org.sansim.hw.QpContextDescriptor.LOG_SQ_SIZE_MASK;
import static org.sansim.hw.QpContextDescriptor.LOG_SQ_SIZE_OFFSET;
import static org.sansim.hw.QpContextDescriptor.LOG_SQ_SIZE_SHIFT;
import static org.sansim.hw.QpContextDescriptor.MAX_DEST_RD_ATOMIC_OFFSET;
import static org.sansim.hw.QpContextDescriptor.MAX_RD_ATOMIC_OFFSET;
import static org.sansim.hw.QpContextDescriptor.MIN_RNR_TIMER_MASK;
import static org.sansim.hw.QpContextDescriptor.MIN_RNR_TIMER_OFFSET;
import static org.sansim.hw.QpContextDescriptor.MIN_RNR_TIMER_SHIFT;
import static org.sansim.hw.QpContextDescriptor.PATH_MTU_MASK;
import static org.sansim.hw.QpContextDescriptor.PATH_MTU_OFFSET;
import static org.sansim.hw.QpContextDescriptor.PATH_MTU_SHIFT;
import static org.sansim.hw.QpContextDescriptor.PD_MASK;
import static org.sansim.hw.QpContextDescriptor.PD_OFFSET;
import static org.sansim.hw.QpContextDescriptor.PD_SHIFT;
import static org.sansim.hw.QpContextDescriptor.PORT_OFFSET;
import static org.sansim.hw.QpContextDescriptor.RECV_CQN_MASK;
import static org.sansim.hw.QpContextDescriptor.RECV_CQN_OFFSET;
import static org.sansim.hw.QpContextDescriptor.RECV_CQN_SHIFT;
import static org.sansim.hw.QpContextDescriptor.RECV_PSN_MASK;
import static org.sansim.hw.QpContextDescriptor.RECV_PSN_OFFSET;
import static org.sansim.hw.QpContextDescriptor.RECV_PSN_SHIFT;
import static org.sansim.hw.QpContextDescriptor.REMOTE_QPN_MASK;
import static org.sansim.hw.QpContextDescriptor.REMOTE_QPN_OFFSET;
import static org.sansim.hw.QpContextDescriptor.REMOTE_QPN_SHIFT;
import static org.sansim.hw.QpContextDescriptor.RETRY_COUNT_MASK;
import static org.sansim.hw.QpContextDescriptor.RETRY_COUNT_OFFSET;
import static org.sansim.hw.QpContextDescriptor.RETRY_COUNT_SHIFT;
import static org.sansim.hw.QpContextDescriptor.RNR_RETRY_MASK;
import static org.sansim.hw.QpContextDescriptor.RNR_RETRY_OFFSET;
import static org.sansim.hw.QpContextDescriptor.RNR_RETRY_SHIFT;
import static org.sansim.hw.QpContextDescriptor.RQ_ADDRESS_OFFSET;
import static org.sansim.hw.QpContextDescriptor.SEND_CQN_MASK;
import static org.sansim.hw.QpContextDescriptor.SEND_CQN_OFFSET;
import static org.sansim.hw.QpContextDescriptor.SEND_CQN_SHIFT;
import static org.sansim.hw.QpContextDescriptor.SEND_PSN_MASK;
import static org.sansim.hw.QpContextDescriptor.SEND_PSN_OFFSET;
import static org.sansim.hw.QpContextDescriptor.SEND_PSN_SHIFT;
import static org.sansim.hw.QpContextDescriptor.SIGNAL_ALL_OFFSET;
import static org.sansim.hw.QpContextDescriptor.SIGNAL_ALL_SHIFT;
import static org.sansim.hw.QpContextDescriptor.SQ_ADDRESS_OFFSET;
import static org.sansim.hw.QpContextDescriptor.STATE_MASK;
import static org.sansim.hw.QpContextDescriptor.STATE_OFFSET;
import static org.sansim.hw.QpContextDescriptor.STATE_SHIFT;
import static org.sansim.hw.QpContextDescriptor.TIMEOUT_MASK;
import static org.sansim.hw.QpContextDescriptor.TIMEOUT_OFFSET;
import static org.sansim.hw.QpContextDescriptor.TIMEOUT_SHIFT;
import static org.sansim.hw.QpContextDescriptor.TRAFFIC_CLASS_OFFSET;
import static org.sansim.hw.QpContextDescriptor.TTL_OFFSET;
import static org.sansim.hw.QpContextDescriptor.UAR_INDEX_MASK;
import static org.sansim.hw.QpContextDescriptor.UAR_INDEX_OFFSET;
import static org.sansim.hw.QpContextDescriptor.UAR_INDEX_SHIFT;
import static org.sansim.hw.QpContextDescriptor.UDP_SOURCE_PORT_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a QP context in host memory (a {@code CREATE_QP} input, the context of a
 * {@code MODIFY_QP} input or a {@code QUERY_QP} output); layout in {@link QpContextDescriptor}.
 */
public final class QpContextFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a QP context.
     *
     * @param memory the host memory.
     * @param pa     its physical address.
     * @return this flyweight.
     */
    public QpContextFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the structure.
     *
     * @return this flyweight.
     */
    public QpContextFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the QpState code. */
    public int state()
    {
        return bits8(STATE_OFFSET, STATE_SHIFT, STATE_MASK);
    }

    /**
     * @param state the QpState code, 0 to 15.
     * @return this flyweight.
     */
    public QpContextFlyweight state(final int state)
    {
        bits8("state", STATE_OFFSET, STATE_SHIFT, STATE_MASK, state);
        return this;
    }

    /** @return the port number, from 1. */
    public int port()
    {
        return u8(PORT_OFFSET);
    }

    /**
     * @param port the port number, from 1, 0 to 255.
     * @return this flyweight.
     */
    public QpContextFlyweight port(final int port)
    {
        u8("port", PORT_OFFSET, port);
        return this;
    }

    /** @return the PathMtu code. */
    public int pathMtu()
    {
        return bits8(PATH_MTU_OFFSET, PATH_MTU_SHIFT, PATH_MTU_MASK);
    }

    /**
     * @param pathMtu the PathMtu code, 0 to 15.
     * @return this flyweight.
     */
    public QpContextFlyweight pathMtu(final int pathMtu)
    {
        bits8("pathMtu", PATH_MTU_OFFSET, PATH_MTU_SHIFT, PATH_MTU_MASK, pathMtu);
        return this;
    }

    /** @return the remote AccessFlags the responder accepts. */
    public int access()
    {
        return bits8(ACCESS_OFFSET, ACCESS_SHIFT, ACCESS_MASK);
    }

    /**
     * @param access the remote AccessFlags the responder accepts, 5 bits.
     * @return this flyweight.
     */
    public QpContextFlyweight access(final int access)
    {
        bits8("access", ACCESS_OFFSET, ACCESS_SHIFT, ACCESS_MASK, access);
        return this;
    }

    /** @return the protection domain. */
    public int pd()
    {
        return bits32(PD_OFFSET, PD_SHIFT, PD_MASK);
    }

    /**
     * @param pd the protection domain, 24 bits.
     * @return this flyweight.
     */
    public QpContextFlyweight pd(final int pd)
    {
        bits32("pd", PD_OFFSET, PD_SHIFT, PD_MASK, pd);
        return this;
    }

    /** @return the destination QP. */
    public int remoteQpn()
    {
        return bits32(REMOTE_QPN_OFFSET, REMOTE_QPN_SHIFT, REMOTE_QPN_MASK);
    }

    /**
     * @param remoteQpn the destination QP, 24 bits.
     * @return this flyweight.
     */
    public QpContextFlyweight remoteQpn(final int remoteQpn)
    {
        bits32("remoteQpn", REMOTE_QPN_OFFSET, REMOTE_QPN_SHIFT, REMOTE_QPN_MASK, remoteQpn);
        return this;
    }

    /** @return the first (or, queried, next) PSN to send. */
    public int sendPsn()
    {
        return bits32(SEND_PSN_OFFSET, SEND_PSN_SHIFT, SEND_PSN_MASK);
    }

    /**
     * @param sendPsn the first (or, queried, next) PSN to send, 24 bits.
     * @return this flyweight.
     */
    public QpContextFlyweight sendPsn(final int sendPsn)
    {
        bits32("sendPsn", SEND_PSN_OFFSET, SEND_PSN_SHIFT, SEND_PSN_MASK, sendPsn);
        return this;
    }

    /** @return the first (or, queried, next) PSN expected. */
    public int recvPsn()
    {
        return bits32(RECV_PSN_OFFSET, RECV_PSN_SHIFT, RECV_PSN_MASK);
    }

    /**
     * @param recvPsn the first (or, queried, next) PSN expected, 24 bits.
     * @return this flyweight.
     */
    public QpContextFlyweight recvPsn(final int recvPsn)
    {
        bits32("recvPsn", RECV_PSN_OFFSET, RECV_PSN_SHIFT, RECV_PSN_MASK, recvPsn);
        return this;
    }

    /** @return the retransmissions before RETRY_EXCEEDED. */
    public int retryCount()
    {
        return bits8(RETRY_COUNT_OFFSET, RETRY_COUNT_SHIFT, RETRY_COUNT_MASK);
    }

    /**
     * @param retryCount the retransmissions before RETRY_EXCEEDED, 0 to 7.
     * @return this flyweight.
     */
    public QpContextFlyweight retryCount(final int retryCount)
    {
        bits8("retryCount", RETRY_COUNT_OFFSET, RETRY_COUNT_SHIFT, RETRY_COUNT_MASK, retryCount);
        return this;
    }

    /** @return the RNR retries before RNR_RETRY_EXCEEDED, 7 without limit. */
    public int rnrRetry()
    {
        return bits8(RNR_RETRY_OFFSET, RNR_RETRY_SHIFT, RNR_RETRY_MASK);
    }

    /**
     * @param rnrRetry the RNR retries before RNR_RETRY_EXCEEDED, 7 without limit, 0 to 7.
     * @return this flyweight.
     */
    public QpContextFlyweight rnrRetry(final int rnrRetry)
    {
        bits8("rnrRetry", RNR_RETRY_OFFSET, RNR_RETRY_SHIFT, RNR_RETRY_MASK, rnrRetry);
        return this;
    }

    /** @return the RNR delay code this responder sends. */
    public int minRnrTimer()
    {
        return bits8(MIN_RNR_TIMER_OFFSET, MIN_RNR_TIMER_SHIFT, MIN_RNR_TIMER_MASK);
    }

    /**
     * @param minRnrTimer the RNR delay code this responder sends, 0 to 31.
     * @return this flyweight.
     */
    public QpContextFlyweight minRnrTimer(final int minRnrTimer)
    {
        bits8("minRnrTimer", MIN_RNR_TIMER_OFFSET, MIN_RNR_TIMER_SHIFT, MIN_RNR_TIMER_MASK, minRnrTimer);
        return this;
    }

    /** @return the retransmission timeout exponent, 0 for never. */
    public int timeout()
    {
        return bits8(TIMEOUT_OFFSET, TIMEOUT_SHIFT, TIMEOUT_MASK);
    }

    /**
     * @param timeout the retransmission timeout exponent, 0 for never, 0 to 31.
     * @return this flyweight.
     */
    public QpContextFlyweight timeout(final int timeout)
    {
        bits8("timeout", TIMEOUT_OFFSET, TIMEOUT_SHIFT, TIMEOUT_MASK, timeout);
        return this;
    }

    /** @return the initiator depth. */
    public int maxRdAtomic()
    {
        return u8(MAX_RD_ATOMIC_OFFSET);
    }

    /**
     * @param maxRdAtomic the initiator depth, 0 to 255.
     * @return this flyweight.
     */
    public QpContextFlyweight maxRdAtomic(final int maxRdAtomic)
    {
        u8("maxRdAtomic", MAX_RD_ATOMIC_OFFSET, maxRdAtomic);
        return this;
    }

    /** @return the responder resources. */
    public int maxDestRdAtomic()
    {
        return u8(MAX_DEST_RD_ATOMIC_OFFSET);
    }

    /**
     * @param maxDestRdAtomic the responder resources, 0 to 255.
     * @return this flyweight.
     */
    public QpContextFlyweight maxDestRdAtomic(final int maxDestRdAtomic)
    {
        u8("maxDestRdAtomic", MAX_DEST_RD_ATOMIC_OFFSET, maxDestRdAtomic);
        return this;
    }

    /** @return whether every send WQE completes with a CQE. */
    public boolean signalAll()
    {
        return flag8(SIGNAL_ALL_OFFSET, SIGNAL_ALL_SHIFT);
    }

    /**
     * @param signalAll whether every send WQE completes with a CQE.
     * @return this flyweight.
     */
    public QpContextFlyweight signalAll(final boolean signalAll)
    {
        flag8(SIGNAL_ALL_OFFSET, SIGNAL_ALL_SHIFT, signalAll);
        return this;
    }

    /** @return the CQ for send completions. */
    public int sendCqn()
    {
        return bits32(SEND_CQN_OFFSET, SEND_CQN_SHIFT, SEND_CQN_MASK);
    }

    /**
     * @param sendCqn the CQ for send completions, 24 bits.
     * @return this flyweight.
     */
    public QpContextFlyweight sendCqn(final int sendCqn)
    {
        bits32("sendCqn", SEND_CQN_OFFSET, SEND_CQN_SHIFT, SEND_CQN_MASK, sendCqn);
        return this;
    }

    /** @return the CQ for receive completions. */
    public int recvCqn()
    {
        return bits32(RECV_CQN_OFFSET, RECV_CQN_SHIFT, RECV_CQN_MASK);
    }

    /**
     * @param recvCqn the CQ for receive completions, 24 bits.
     * @return this flyweight.
     */
    public QpContextFlyweight recvCqn(final int recvCqn)
    {
        bits32("recvCqn", RECV_CQN_OFFSET, RECV_CQN_SHIFT, RECV_CQN_MASK, recvCqn);
        return this;
    }

    /** @return log2 of the SQ size in basic blocks. */
    public int logSqSize()
    {
        return bits8(LOG_SQ_SIZE_OFFSET, LOG_SQ_SIZE_SHIFT, LOG_SQ_SIZE_MASK);
    }

    /**
     * @param logSqSize log2 of the SQ size in basic blocks, 0 to 31.
     * @return this flyweight.
     */
    public QpContextFlyweight logSqSize(final int logSqSize)
    {
        bits8("logSqSize", LOG_SQ_SIZE_OFFSET, LOG_SQ_SIZE_SHIFT, LOG_SQ_SIZE_MASK, logSqSize);
        return this;
    }

    /** @return log2 of the RQ size in WQEs. */
    public int logRqSize()
    {
        return bits8(LOG_RQ_SIZE_OFFSET, LOG_RQ_SIZE_SHIFT, LOG_RQ_SIZE_MASK);
    }

    /**
     * @param logRqSize log2 of the RQ size in WQEs, 0 to 31.
     * @return this flyweight.
     */
    public QpContextFlyweight logRqSize(final int logRqSize)
    {
        bits8("logRqSize", LOG_RQ_SIZE_OFFSET, LOG_RQ_SIZE_SHIFT, LOG_RQ_SIZE_MASK, logRqSize);
        return this;
    }

    /** @return log2 of the bytes per receive WQE. */
    public int logRqStride()
    {
        return bits8(LOG_RQ_STRIDE_OFFSET, LOG_RQ_STRIDE_SHIFT, LOG_RQ_STRIDE_MASK);
    }

    /**
     * @param logRqStride log2 of the bytes per receive WQE, 0 to 15.
     * @return this flyweight.
     */
    public QpContextFlyweight logRqStride(final int logRqStride)
    {
        bits8("logRqStride", LOG_RQ_STRIDE_OFFSET, LOG_RQ_STRIDE_SHIFT, LOG_RQ_STRIDE_MASK, logRqStride);
        return this;
    }

    /** @return the UAR page allowed to ring the QP. */
    public int uarIndex()
    {
        return bits32(UAR_INDEX_OFFSET, UAR_INDEX_SHIFT, UAR_INDEX_MASK);
    }

    /**
     * @param uarIndex the UAR page allowed to ring the QP, 24 bits.
     * @return this flyweight.
     */
    public QpContextFlyweight uarIndex(final int uarIndex)
    {
        bits32("uarIndex", UAR_INDEX_OFFSET, UAR_INDEX_SHIFT, UAR_INDEX_MASK, uarIndex);
        return this;
    }

    /** @return the physical address of the SQ ring. */
    public long sqAddress()
    {
        return i64(SQ_ADDRESS_OFFSET);
    }

    /**
     * @param sqAddress the physical address of the SQ ring.
     * @return this flyweight.
     */
    public QpContextFlyweight sqAddress(final long sqAddress)
    {
        i64(SQ_ADDRESS_OFFSET, sqAddress);
        return this;
    }

    /** @return the physical address of the RQ ring. */
    public long rqAddress()
    {
        return i64(RQ_ADDRESS_OFFSET);
    }

    /**
     * @param rqAddress the physical address of the RQ ring.
     * @return this flyweight.
     */
    public QpContextFlyweight rqAddress(final long rqAddress)
    {
        i64(RQ_ADDRESS_OFFSET, rqAddress);
        return this;
    }

    /** @return the physical address of the QP doorbell record. */
    public long dbrAddress()
    {
        return i64(DBR_ADDRESS_OFFSET);
    }

    /**
     * @param dbrAddress the physical address of the QP doorbell record.
     * @return this flyweight.
     */
    public QpContextFlyweight dbrAddress(final long dbrAddress)
    {
        i64(DBR_ADDRESS_OFFSET, dbrAddress);
        return this;
    }

    /** @return the next-hop MAC address. */
    public long destMac()
    {
        return u48(DEST_MAC_OFFSET);
    }

    /**
     * @param destMac the next-hop MAC address, 48 bits.
     * @return this flyweight.
     */
    public QpContextFlyweight destMac(final long destMac)
    {
        u48("destMac", DEST_MAC_OFFSET, destMac);
        return this;
    }

    /** @return the destination IPv4 address. */
    public int destIpv4()
    {
        return i32(DEST_IPV4_OFFSET);
    }

    /**
     * @param destIpv4 the destination IPv4 address.
     * @return this flyweight.
     */
    public QpContextFlyweight destIpv4(final int destIpv4)
    {
        i32(DEST_IPV4_OFFSET, destIpv4);
        return this;
    }

    /** @return the RoCEv2 UDP source port. */
    public int udpSourcePort()
    {
        return u16(UDP_SOURCE_PORT_OFFSET);
    }

    /**
     * @param udpSourcePort the RoCEv2 UDP source port, 0 to 65535.
     * @return this flyweight.
     */
    public QpContextFlyweight udpSourcePort(final int udpSourcePort)
    {
        u16("udpSourcePort", UDP_SOURCE_PORT_OFFSET, udpSourcePort);
        return this;
    }

    /** @return the IPv4 time to live. */
    public int ttl()
    {
        return u8(TTL_OFFSET);
    }

    /**
     * @param ttl the IPv4 time to live, 0 to 255.
     * @return this flyweight.
     */
    public QpContextFlyweight ttl(final int ttl)
    {
        u8("ttl", TTL_OFFSET, ttl);
        return this;
    }

    /** @return the IPv4 DSCP and ECN bits. */
    public int trafficClass()
    {
        return u8(TRAFFIC_CLASS_OFFSET);
    }

    /**
     * @param trafficClass the IPv4 DSCP and ECN bits, 0 to 255.
     * @return this flyweight.
     */
    public QpContextFlyweight trafficClass(final int trafficClass)
    {
        u8("trafficClass", TRAFFIC_CLASS_OFFSET, trafficClass);
        return this;
    }
}
