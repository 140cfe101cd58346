package org.sansim.nic.command;

import java.util.Arrays;
import org.sansim.hw.PathMtu;
import org.sansim.hw.QpContextFlyweight;
import org.sansim.hw.QpState;

/**
 * The NIC's QP context table: one entry per QPN with every field of the QP context (HARDWARE.md
 * 5.8), kept in primitive arrays indexed by QPN. The {@link CommandProcessor} fills and changes it
 * ({@code CREATE_QP}, {@code MODIFY_QP}, {@code DESTROY_QP}); the transport reads it on its data path
 * and writes the fields it owns: the QP's state when it enters {@code ERROR} on its own, and the
 * next send and expected receive PSNs.
 *
 * <p>Reads of a QPN that is not {@link #valid} return whatever the slot last held; callers check
 * {@link #valid} first (a packet for a destroyed QP is dropped).
 *
 * <p>Runs on the NIC's partition; not thread-safe.
 */
public final class QpTable
{
    /** A 24-bit PSN mask. */
    public static final int PSN_MASK = 0xFF_FFFF;

    private final int capacity;
    private final boolean[] valid;
    private final byte[] state;
    private final byte[] port;
    private final byte[] pathMtu;
    private final byte[] access;
    private final int[] pd;
    private final int[] remoteQpn;
    private final int[] sendPsn;
    private final int[] recvPsn;
    private final byte[] retryCount;
    private final byte[] rnrRetry;
    private final byte[] minRnrTimer;
    private final byte[] timeout;
    private final short[] maxRdAtomic;
    private final short[] maxDestRdAtomic;
    private final boolean[] signalAll;
    private final int[] sendCqn;
    private final int[] recvCqn;
    private final byte[] logSqSize;
    private final byte[] logRqSize;
    private final byte[] logRqStride;
    private final int[] uarIndex;
    private final long[] sqAddress;
    private final long[] rqAddress;
    private final long[] dbrAddress;
    private final long[] destMac;
    private final int[] destIpv4;
    private final int[] udpSourcePort;
    private final short[] ttl;
    private final short[] trafficClass;
    private int live;

    /**
     * @param capacity QP contexts; QPNs run from 0 to {@code capacity - 1}
     */
    public QpTable(final int capacity)
    {
        this.capacity = capacity;
        valid = new boolean[capacity];
        state = new byte[capacity];
        port = new byte[capacity];
        pathMtu = new byte[capacity];
        access = new byte[capacity];
        pd = new int[capacity];
        remoteQpn = new int[capacity];
        sendPsn = new int[capacity];
        recvPsn = new int[capacity];
        retryCount = new byte[capacity];
        rnrRetry = new byte[capacity];
        minRnrTimer = new byte[capacity];
        timeout = new byte[capacity];
        maxRdAtomic = new short[capacity];
        maxDestRdAtomic = new short[capacity];
        signalAll = new boolean[capacity];
        sendCqn = new int[capacity];
        recvCqn = new int[capacity];
        logSqSize = new byte[capacity];
        logRqSize = new byte[capacity];
        logRqStride = new byte[capacity];
        uarIndex = new int[capacity];
        sqAddress = new long[capacity];
        rqAddress = new long[capacity];
        dbrAddress = new long[capacity];
        destMac = new long[capacity];
        destIpv4 = new int[capacity];
        udpSourcePort = new int[capacity];
        ttl = new short[capacity];
        trafficClass = new short[capacity];
    }

    /** @return QP contexts in the table */
    public int capacity()
    {
        return capacity;
    }

    /** @return QPs that exist now */
    public int live()
    {
        return live;
    }

    /**
     * @param qpn any number
     * @return whether a QP of that number exists
     */
    public boolean valid(final int qpn)
    {
        return qpn >= 0 && qpn < capacity && valid[qpn];
    }

    // ---- written by the command processor

    /** Creates entry {@code qpn} in {@code RESET} from the fields {@code CREATE_QP} reads (HARDWARE.md 12.2). */
    void create(final int qpn, final QpContextFlyweight c)
    {
        clear(qpn);
        valid[qpn] = true;
        live++;
        state[qpn] = (byte)QpState.RESET.code();
        pd[qpn] = c.pd();
        sendCqn[qpn] = c.sendCqn();
        recvCqn[qpn] = c.recvCqn();
        logSqSize[qpn] = (byte)c.logSqSize();
        logRqSize[qpn] = (byte)c.logRqSize();
        logRqStride[qpn] = (byte)c.logRqStride();
        uarIndex[qpn] = c.uarIndex();
        sqAddress[qpn] = c.sqAddress();
        rqAddress[qpn] = c.rqAddress();
        dbrAddress[qpn] = c.dbrAddress();
        signalAll[qpn] = c.signalAll();
    }

    /** {@code RESET_TO_INIT}'s attributes. */
    void init(final int qpn, final QpContextFlyweight c)
    {
        port[qpn] = (byte)c.port();
        access[qpn] = (byte)c.access();
    }

    /** {@code INIT_TO_RTR}'s attributes. */
    void readyToReceive(final int qpn, final QpContextFlyweight c)
    {
        pathMtu[qpn] = (byte)c.pathMtu();
        remoteQpn[qpn] = c.remoteQpn();
        recvPsn[qpn] = c.recvPsn();
        maxDestRdAtomic[qpn] = (short)c.maxDestRdAtomic();
        minRnrTimer[qpn] = (byte)c.minRnrTimer();
        destMac[qpn] = c.destMac();
        destIpv4[qpn] = c.destIpv4();
        udpSourcePort[qpn] = c.udpSourcePort();
        ttl[qpn] = (short)c.ttl();
        trafficClass[qpn] = (short)c.trafficClass();
    }

    /** {@code RTR_TO_RTS}'s attributes. */
    void readyToSend(final int qpn, final QpContextFlyweight c)
    {
        sendPsn[qpn] = c.sendPsn();
        retryCount[qpn] = (byte)c.retryCount();
        rnrRetry[qpn] = (byte)c.rnrRetry();
        timeout[qpn] = (byte)c.timeout();
        maxRdAtomic[qpn] = (short)c.maxRdAtomic();
    }

    /** Writes every field of entry {@code qpn} into a QP context ({@code QUERY_QP}). */
    void query(final int qpn, final QpContextFlyweight c)
    {
        c.clear()
            .state(state[qpn]).port(port[qpn] & 0xFF).pathMtu(pathMtu[qpn]).access(access[qpn])
            .pd(pd[qpn]).remoteQpn(remoteQpn[qpn]).sendPsn(sendPsn[qpn]).recvPsn(recvPsn[qpn])
            .retryCount(retryCount[qpn]).rnrRetry(rnrRetry[qpn]).minRnrTimer(minRnrTimer[qpn])
            .timeout(timeout[qpn]).maxRdAtomic(maxRdAtomic[qpn]).maxDestRdAtomic(maxDestRdAtomic[qpn])
            .signalAll(signalAll[qpn]).sendCqn(sendCqn[qpn]).recvCqn(recvCqn[qpn])
            .logSqSize(logSqSize[qpn]).logRqSize(logRqSize[qpn]).logRqStride(logRqStride[qpn])
            .uarIndex(uarIndex[qpn]).sqAddress(sqAddress[qpn]).rqAddress(rqAddress[qpn])
            .dbrAddress(dbrAddress[qpn]).destMac(destMac[qpn]).destIpv4(destIpv4[qpn])
            .udpSourcePort(udpSourcePort[qpn]).ttl(ttl[qpn]).trafficClass(trafficClass[qpn]);
    }

    /** Removes entry {@code qpn} ({@code DESTROY_QP}). */
    void destroy(final int qpn)
    {
        clear(qpn);
    }

    private void clear(final int qpn)
    {
        if (valid[qpn])
        {
            live--;
        }
        valid[qpn] = false;
        state[qpn] = 0;
        port[qpn] = 0;
        pathMtu[qpn] = 0;
        access[qpn] = 0;
        pd[qpn] = 0;
        remoteQpn[qpn] = 0;
        sendPsn[qpn] = 0;
        recvPsn[qpn] = 0;
        retryCount[qpn] = 0;
        rnrRetry[qpn] = 0;
        minRnrTimer[qpn] = 0;
        timeout[qpn] = 0;
        maxRdAtomic[qpn] = 0;
        maxDestRdAtomic[qpn] = 0;
        signalAll[qpn] = false;
        sendCqn[qpn] = 0;
        recvCqn[qpn] = 0;
        logSqSize[qpn] = 0;
        logRqSize[qpn] = 0;
        logRqStride[qpn] = 0;
        uarIndex[qpn] = 0;
        sqAddress[qpn] = 0;
        rqAddress[qpn] = 0;
        dbrAddress[qpn] = 0;
        destMac[qpn] = 0;
        destIpv4[qpn] = 0;
        udpSourcePort[qpn] = 0;
        ttl[qpn] = 0;
        trafficClass[qpn] = 0;
    }

    // ---- read by the transport

    /**
     * @param qpn an existing QP
     * @return its state
     */
    public QpState state(final int qpn)
    {
        return QpState.of(state[qpn]);
    }

    /**
     * Sets the state, for the transport when the QP enters {@code ERROR} on its own (HARDWARE.md 12.2).
     *
     * @param qpn an existing QP
     * @param newState the new state
     */
    public void state(final int qpn, final QpState newState)
    {
        state[qpn] = (byte)newState.code();
    }

    /** @param qpn an existing QP @return its port, from 1 */
    public int port(final int qpn)
    {
        return port[qpn] & 0xFF;
    }

    /** @param qpn an existing QP @return its path MTU, or {@code null} before {@code INIT_TO_RTR} */
    public PathMtu pathMtu(final int qpn)
    {
        return PathMtu.of(pathMtu[qpn]);
    }

    /** @param qpn an existing QP @return the remote operations its responder accepts ({@code AccessFlags}) */
    public int access(final int qpn)
    {
        return access[qpn];
    }

    /** @param qpn an existing QP @return its protection domain */
    public int pd(final int qpn)
    {
        return pd[qpn];
    }

    /** @param qpn an existing QP @return the destination QP */
    public int remoteQpn(final int qpn)
    {
        return remoteQpn[qpn];
    }

    /** @param qpn an existing QP @return the next PSN the requester sends */
    public int sendPsn(final int qpn)
    {
        return sendPsn[qpn];
    }

    /**
     * @param qpn an existing QP
     * @param psn the next PSN the requester sends, 24 bits
     */
    public void sendPsn(final int qpn, final int psn)
    {
        sendPsn[qpn] = psn & PSN_MASK;
    }

    /** @param qpn an existing QP @return the next PSN the responder expects */
    public int recvPsn(final int qpn)
    {
        return recvPsn[qpn];
    }

    /**
     * @param qpn an existing QP
     * @param psn the next PSN the responder expects, 24 bits
     */
    public void recvPsn(final int qpn, final int psn)
    {
        recvPsn[qpn] = psn & PSN_MASK;
    }

    /** @param qpn an existing QP @return retransmissions before {@code RETRY_EXCEEDED} */
    public int retryCount(final int qpn)
    {
        return retryCount[qpn];
    }

    /** @param qpn an existing QP @return RNR retries before {@code RNR_RETRY_EXCEEDED}; 7 = without limit */
    public int rnrRetry(final int qpn)
    {
        return rnrRetry[qpn];
    }

    /** @param qpn an existing QP @return the RNR delay code its responder NAKs with */
    public int minRnrTimer(final int qpn)
    {
        return minRnrTimer[qpn];
    }

    /** @param qpn an existing QP @return the retransmission timeout code: 4.096 µs × 2^code, 0 = never */
    public int timeout(final int qpn)
    {
        return timeout[qpn];
    }

    /** @param qpn an existing QP @return the initiator depth */
    public int maxRdAtomic(final int qpn)
    {
        return maxRdAtomic[qpn];
    }

    /** @param qpn an existing QP @return the responder resources */
    public int maxDestRdAtomic(final int qpn)
    {
        return maxDestRdAtomic[qpn];
    }

    /** @param qpn an existing QP @return whether every send WQE completes with a CQE */
    public boolean signalAll(final int qpn)
    {
        return signalAll[qpn];
    }

    /** @param qpn an existing QP @return the CQ of its send completions */
    public int sendCqn(final int qpn)
    {
        return sendCqn[qpn];
    }

    /** @param qpn an existing QP @return the CQ of its receive completions */
    public int recvCqn(final int qpn)
    {
        return recvCqn[qpn];
    }

    /** @param qpn an existing QP @return log2 of its SQ size in basic blocks */
    public int logSqSize(final int qpn)
    {
        return logSqSize[qpn];
    }

    /** @param qpn an existing QP @return log2 of its RQ size in WQEs */
    public int logRqSize(final int qpn)
    {
        return logRqSize[qpn];
    }

    /** @param qpn an existing QP @return log2 of the bytes per receive WQE */
    public int logRqStride(final int qpn)
    {
        return logRqStride[qpn];
    }

    /** @param qpn an existing QP @return the UAR page allowed to ring it */
    public int uarIndex(final int qpn)
    {
        return uarIndex[qpn];
    }

    /** @param qpn an existing QP @return the physical address of its SQ */
    public long sqAddress(final int qpn)
    {
        return sqAddress[qpn];
    }

    /** @param qpn an existing QP @return the physical address of its RQ */
    public long rqAddress(final int qpn)
    {
        return rqAddress[qpn];
    }

    /** @param qpn an existing QP @return the physical address of its doorbell record */
    public long dbrAddress(final int qpn)
    {
        return dbrAddress[qpn];
    }

    /** @param qpn an existing QP @return the next-hop MAC address */
    public long destMac(final int qpn)
    {
        return destMac[qpn];
    }

    /** @param qpn an existing QP @return the destination IPv4 address */
    public int destIpv4(final int qpn)
    {
        return destIpv4[qpn];
    }

    /** @param qpn an existing QP @return the RoCEv2 UDP source port */
    public int udpSourcePort(final int qpn)
    {
        return udpSourcePort[qpn];
    }

    /** @param qpn an existing QP @return the IPv4 time to live */
    public int ttl(final int qpn)
    {
        return ttl[qpn];
    }

    /** @param qpn an existing QP @return the IPv4 DSCP and ECN bits */
    public int trafficClass(final int qpn)
    {
        return trafficClass[qpn];
    }

    /** @return a readable list of live QPNs, for diagnostics */
    @Override
    public String toString()
    {
        final int[] qpns = new int[live];
        int n = 0;
        for (int q = 0; q < capacity && n < live; q++)
        {
            if (valid[q])
            {
                qpns[n++] = q;
            }
        }
        return "QpTable" + Arrays.toString(qpns);
    }
}
