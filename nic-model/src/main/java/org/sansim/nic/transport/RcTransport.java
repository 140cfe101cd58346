package org.sansim.nic.transport;

import org.sansim.hw.AccessFlags;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.DataSegmentDescriptor;
import org.sansim.hw.QpDoorbellRecordDescriptor;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.completion.CompletionRequest;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.dma.DmaEngines;
import org.sansim.nic.dma.DmaGatherListener;
import org.sansim.nic.dma.DmaScatterListener;
import org.sansim.nic.port.NicPort;
import org.sansim.nic.port.PortTxListener;
import org.sansim.nic.port.RoceReceiver;
import org.sansim.nic.translation.TranslationRequest;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.nic.translation.TranslationUse;
import org.sansim.nic.wqe.WorkRequest;
import org.sansim.nic.wqe.WorkRequestSink;
import org.sansim.nic.wqe.WqeFetcher;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFrame;

/**
 * The reliable-connection transport of one NIC, split as Soft-RoCE splits it (nic-hardware.md
 * 5.7-5.8):
 *
 * <ul>
 *   <li><b>requester</b>: takes {@link WorkRequest}s from the {@link WqeFetcher} (one credit per free
 *       window slot), translates the local SGEs, gathers each packet's payload by DMA into one of
 *       {@code txSlots} staging buffers and hands the packets to the {@link NicPort} in order, with
 *       consecutive PSNs, a RETH on the first packet of a WRITE and on a READ request, ImmDt on the
 *       last packet of an {@code *_IMM} message and AckReq on the last packet of each message;</li>
 *   <li><b>responder</b>: checks each request's PSN (a duplicate is ACKed again or, a READ,
 *       answered again; a gap NAKed once with a sequence error), keeps up to {@code rxSlots} accepted packets and writes them to host
 *       memory in PSN order: a WRITE through its rkey ({@code REMOTE_WRITE}, a failure NAKs a remote
 *       access error and moves the QP to {@code ERROR}), a SEND into the receive WQE it reads by DMA
 *       from the RQ (none posted: RNR NAK); it answers a READ request with READ RESPONSE packets
 *       gathered through its rkey; it ACKs at each AckReq and at least every
 *       {@code ackEveryPackets} packets;</li>
 *   <li><b>completer</b>: retires the send WQEs an ACK covers (a READ when its last response has
 *       been written), writes a CQE for each signalled one, and on a NAK error writes the failed
 *       WQE's error CQE, moves the QP to {@code ERROR} and flushes every later WQE with
 *       {@code WR_FLUSH}.</li>
 * </ul>
 *
 * <p>Receive flush: whenever a QP enters {@code ERROR} (a NAK error or retry exhaustion at the
 * requester, the responder's own error, a WQE error, MODIFY_QP to {@code ERROR}), the transport
 * reads the receive counter of its doorbell record by DMA and completes every receive WQE from its
 * consumer up to that counter with a {@code RESPONDER_ERROR} CQE of syndrome {@code WR_FLUSH} on
 * the receive CQ, in order (the WQE counter the receive index, byte count 0); a receive WQE that
 * failed with its own error CQE is consumed first. There is no receive doorbell, so receives posted
 * while the QP is in {@code ERROR} are flushed at the next flush request: each send WQE posted to
 * the QP (it is flushed too) and each MODIFY_QP to {@code ERROR} reads the record again.
 *
 * <p>Reliability (nic-hardware.md 5.8, as Soft-RoCE): a per-QP retransmission timer of 4.096 us x
 * 2^{@code TIMEOUT} (0 = none) is armed when a request packet leaves and none is pending, restarted
 * on every forward progress (an ACK or a READ response that moves the acknowledged PSN) and stopped
 * when nothing is outstanding. A timeout or a PSN sequence-error NAK (which implicitly ACKs the PSNs
 * before it) costs one of {@code RETRY_COUNT} retries (7 = without limit) and restarts the requester
 * go-back-N at the first unacknowledged WQE: a WRITE or SEND at the MTU offset of the first
 * unacknowledged PSN, a READ after the response bytes already received. Exhausted: the WQE completes
 * with {@code RETRY_EXCEEDED}, the QP moves to {@code ERROR} and the rest is flushed. An RNR NAK
 * stops the requester for the encoded RNR time, then resends from the NAKed PSN; {@code RNR_RETRY}
 * (7 = without limit) RNR NAKs in a row give {@code RNR_RETRY_EXCEEDED}. Progress reloads both
 * counts. The responder re-ACKs a duplicate WRITE or SEND with the last PSN it has completed, and
 * answers a duplicate READ request again from that request's RETH (memory is read again: the
 * request must be the same as or a subset of the original, as IBA requires), without moving its
 * expected PSN. After an RNR NAK it drops later packets silently until the retry arrives.
 *
 * <p>An RDMA WRITE with immediate consumes a receive WQE at its last packet (none: RNR NAK, as a
 * SEND) and completes it with {@code RESPONDER_WRITE_IMM}, the byte count the RETH's length.
 *
 * <p>Atomics (FETCH_ADD, COMPARE_SWAP on a naturally aligned 8-byte word; misaligned: NAK invalid
 * request) run in the responder's atomic unit ({@link AtomicUnitParams}); the original value comes
 * back in an ATOMIC ACKNOWLEDGE that the requester scatters into the WQE's local SGE. The requester
 * keeps at most {@code MAX_RD_ATOMIC} READs and atomics outstanding; the responder accepts at most
 * {@code MAX_DEST_RD_ATOMIC} not yet answered (more: NAK invalid request) and keeps the last 16
 * atomic results per QP to replay a duplicate.
 *
 * <p>Not modelled yet: the transport's own
 * processing time: the latencies are the blocks' (translation, DMA, port, wire, completion).
 *
 * <p>Every per-QP array is indexed by QPN, below {@code maxQps}. Steady state allocates nothing.
 */
public final class RcTransport implements WorkRequestSink, RoceReceiver, PortTxListener, DmaGatherListener,
    DmaScatterListener, DmaReadCompletion
{
    private static final int PSN_MASK = 0xFF_FFFF;
    private static final int COUNTER_MASK = 0xFFFF;
    private static final int MAX_PAYLOAD = 4096;
    private static final int NONE = -1;

    // Kinds of received packet slots.
    private static final int RX_WRITE = 0;
    private static final int RX_SEND = 1;
    private static final int RX_READ_REQUEST = 2;
    private static final int RX_READ_RESPONSE = 3;
    private static final int RX_ATOMIC = 4;
    private static final long ATOMIC_COOKIE = Long.MIN_VALUE;
    private static final int SAVED_ATOMICS = 16;
    private static final long RQ_FLUSH_COOKIE = 1L << 40;

    private final String name;
    private final RcTransportParams params;
    private final EventLoop loop;
    private final PcieEndpoint pcie;
    private final QpContextView qps;
    private final WqeFetcher fetcher;
    private final TranslationUnit translation;
    private final DmaEngines dma;
    private final CompletionUnit completion;
    private final NicPort port;
    private final long localMac;
    private final int localIpv4;
    private final RoceFrame builder = new RoceFrame();
    private final Event retryEvent;

    // ---- per QP
    private final int maxQps;
    private final boolean[] open;
    private final RoceEndpoints[] path;
    private final int[] mtu;

    // requester: window of send WQEs, counters are free-running
    private final int window;
    private final int windowMask;
    private final int[] sqHead;
    private final int[] sqSend;
    private final int[] sqTail;
    private final int[] wIndex;
    private final int[] wOpcode;
    private final boolean[] wSignalled;
    private final long[] wLength;
    private final int[] wImm;
    private final int[] wRkey;
    private final long[] wRemoteVa;
    private final int[] wFirstPsn;
    private final int[] wLastPsn;
    private final int[] wSgeCount;
    private final boolean[] wReadDone;
    private final boolean[] wAckGot;
    private final long[] wSwapAdd;
    private final long[] wCompare;
    private final boolean[] wInline;
    private final int inlineMax;
    private final byte[] inlineData;
    private final long[] sgeAddr;
    private final int[] sgeLen;
    private final int[] sgeLkey;
    private final int[] nextPsn;
    private final int[] granted;
    private final boolean[] fetcherErrored;
    private final int[] ackedPsn;
    // the WQE being sent (at sqSend)
    private final long[] sendOffset;
    private final int[] xlatSge;
    private final boolean[] translated;
    private final TranslationRequest[] reqXlat;
    private final int maxSegs;
    private final long[] curSegAddr;
    private final int[] curSegLen;
    private final int[] curSegCount;
    private final int[] curSegPos;
    private final int[] curSegPosOffset;
    // READ responses expected by the requester
    private final int[] readCursor;
    private final long[] readOffset;
    // reliability: go-back-N state of the requester
    private final int[] retriesLeft;
    private final int[] rnrLeft;
    private final boolean[] needRetry;
    private final boolean[] rnrWait;
    private final long[] resumeBytes;
    private final int[] highPsn;
    private final Event[] rtoTimer;
    private final Event[] rnrTimer;

    // responder
    private final int[] ePsn;
    private final int[] donePsn;
    private final boolean[] nakSent;
    private final int[] epoch;
    private final int[] msn;
    private final int[] packetsSinceAck;
    private final long[] wrVa;
    private final long[] wrLen;
    private final int[] wrRkey;
    private final int[] rqConsumer;
    private final int[] rqProducer;
    private final boolean[] rqLoading;
    private final boolean[] rqChecked;
    private final boolean[] rwqeValid;
    private final int[] rSgeCount;
    private final long[] rSgeAddr;
    private final int[] rSgeLen;
    private final int[] rSgeLkey;
    private final long[] recvOffset;
    private final byte[][] rqBuf;
    // receive flush in ERROR: the record's receive counter read by DMA, then every WQE up to it
    private final byte[] rqFlushBuf;
    private final boolean[] rqFlushReading;
    private final boolean[] rqFlushAgain;
    private final int[] rqFlushProducer;
    private final boolean[] rqFlushLeft;
    private int rqFlushesLeft;
    // responder READ: one response stream per QP
    private final boolean[] rrActive;
    private final long[] rrLength;
    private final long[] rrOffset;
    private final int[] rrPsn;
    private final long[] rrSegAddr;
    private final int[] rrSegLen;
    private final int[] rrSegCount;
    private final int[] rrSegPos;
    private final int[] rrSegPosOffset;

    // responder resources: READs and atomics accepted and not yet answered
    private final int[] rdPending;
    private final boolean[] rrCounted;
    // atomic unit (one at a time) and the ATOMIC ACKNOWLEDGE waiting to be sent per QP
    private AtomicUnitParams atomicParams = AtomicUnitParams.defaults();
    private final Event atomicEvent;
    private final byte[] atomicBuf = new byte[8];
    private long atomicPa;
    private final boolean[] aaPending;
    private final boolean[] aaCounted;
    private final int[] aaPsn;
    private final long[] aaValue;
    private final int[] savedPsn;
    private final long[] savedValue;
    private final int[] savedNext;

    // pending ACK or NAK per QP
    private final boolean[] ackPending;
    private final int[] ackPsn;
    private final int[] ackSyndrome;
    private final int[] ackMsn;
    private final int[] ackQueue;
    private int ackQueueHead;
    private int ackQueueCount;

    // QPs with requester or READ-response work, round robin
    private final boolean[] active;
    private final int[] activeQueue;
    private int activeHead;
    private int activeCount;

    // ---- transmit slots, sent in order
    private final int txSlots;
    private final byte[][] txPayload;
    private final int[] txQp;
    private final int[] txOpcode;
    private final int[] txPsn;
    private final int[] txLen;
    private final boolean[] txAckReq;
    private final long[] txVa;
    private final int[] txRkey;
    private final long[] txDmaLen;
    private final int[] txImm;
    private final int[] txAeth;
    private final long[] txSwap;
    private final long[] txCompare;
    private final boolean[] txReady;
    private int txHead;
    private int txTail;
    private final long[] scratchAddr;
    private final int[] scratchLen;

    // ---- receive slots, written to host memory in order
    private final int rxSlots;
    private final byte[][] rxPayload;
    private final int[] rxQp;
    private final int[] rxKind;
    private final int[] rxOpcode;
    private final int[] rxPsn;
    private final int[] rxLen;
    private final long[] rxVa;
    private final int[] rxRkey;
    private final long[] rxDmaLen;
    private final int[] rxImm;
    private final long[] rxSwap;
    private final long[] rxCompare;
    private final boolean[] rxAckReq;
    private final boolean[] rxDup;
    private final int[] rxEpoch;
    private final int[] rxDone;
    private final int[] rxChunk;
    private int rxHead;
    private int rxTail;
    private boolean rxBusy;
    private final TranslationRequest rxXlat;

    // ---- completions waiting for the completion unit
    private final CompletionRequest[] cqeQueue;
    private int cqeHead;
    private int cqeCount;

    private boolean pumping;
    private boolean again;

    private final Counter packetsSent;
    private final Counter bytesSent;
    private final Counter packetsReceived;
    private final Counter acksSent;
    private final Counter naksSent;
    private final Counter duplicates;
    private final Counter sequenceErrors;
    private final Counter rnrNaks;
    private final Counter rxDropped;
    private final Counter cqes;
    private final Counter flushed;
    private final Counter receivesFlushed;
    private final Counter acksReceived;
    private final Counter timeouts;
    private final Counter retransmittedPackets;
    private final Counter sequenceNaksReceived;
    private final Counter rnrNaksReceived;
    private final Counter readReplays;

    /**
     * Builds the transport and installs it as the fetcher's sink, the port's receiver and its
     * transmit listener are left to the caller ({@link org.sansim.nic.Nic} does both).
     *
     * @param name the component path, such as {@code "nic0.rc"}; also its stats group
     * @param params the parameters, validated here
     * @param loop the NIC partition's event loop
     * @param pcie the NIC's PCIe endpoint, for reads of receive WQEs and doorbell records
     * @param qps the QP attributes
     * @param fetcher where send WQEs come from; granted credits when QPs open
     * @param translation the translation unit
     * @param dma the DMA engines
     * @param completion the completion unit
     * @param port the Ethernet port
     * @param localMac this NIC's MAC
     * @param localIpv4 this NIC's IPv4 address
     * @param stats where the statistics go
     */
    public RcTransport(final String name, final RcTransportParams params, final EventLoop loop,
        final PcieEndpoint pcie, final QpContextView qps, final WqeFetcher fetcher, final TranslationUnit translation,
        final DmaEngines dma, final CompletionUnit completion, final NicPort port, final long localMac,
        final int localIpv4, final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.params = params;
        this.loop = loop;
        this.pcie = pcie;
        this.qps = qps;
        this.fetcher = fetcher;
        this.translation = translation;
        this.dma = dma;
        this.completion = completion;
        this.port = port;
        this.localMac = localMac;
        this.localIpv4 = localIpv4;
        this.retryEvent = Event.of(name + ".retry", Priority.DEFAULT, this::onRetry);

        maxQps = params.maxQps();
        final int n = maxQps;
        open = new boolean[n];
        path = new RoceEndpoints[n];
        mtu = new int[n];
        window = params.sendWindowWqes();
        windowMask = window - 1;
        final int w = n * window;
        sqHead = new int[n];
        sqSend = new int[n];
        sqTail = new int[n];
        wIndex = new int[w];
        wOpcode = new int[w];
        wSignalled = new boolean[w];
        wLength = new long[w];
        wImm = new int[w];
        wRkey = new int[w];
        wRemoteVa = new long[w];
        wFirstPsn = new int[w];
        wLastPsn = new int[w];
        wSgeCount = new int[w];
        wReadDone = new boolean[w];
        wAckGot = new boolean[w];
        wSwapAdd = new long[w];
        wCompare = new long[w];
        wInline = new boolean[w];
        inlineMax = Math.max(1, fetcher.params().maxInlineBytes());
        inlineData = new byte[w * inlineMax];
        final int sges = params.maxSges();
        sgeAddr = new long[w * sges];
        sgeLen = new int[w * sges];
        sgeLkey = new int[w * sges];
        nextPsn = new int[n];
        granted = new int[n];
        fetcherErrored = new boolean[n];
        ackedPsn = new int[n];
        sendOffset = new long[n];
        xlatSge = new int[n];
        translated = new boolean[n];
        reqXlat = new TranslationRequest[n];
        maxSegs = params.maxSegmentsPerMessage();
        for (int q = 0; q < n; q++)
        {
            reqXlat[q] = new TranslationRequest(maxSegs, this::onSgeTranslated).cookie(q);
        }
        curSegAddr = new long[n * maxSegs];
        curSegLen = new int[n * maxSegs];
        curSegCount = new int[n];
        curSegPos = new int[n];
        curSegPosOffset = new int[n];
        readCursor = new int[n];
        readOffset = new long[n];
        retriesLeft = new int[n];
        rnrLeft = new int[n];
        needRetry = new boolean[n];
        rnrWait = new boolean[n];
        resumeBytes = new long[n];
        highPsn = new int[n];
        rtoTimer = new Event[n];
        rnrTimer = new Event[n];
        for (int q = 0; q < n; q++)
        {
            final int qpn = q;
            rtoTimer[q] = Event.of(name + ".rto", Priority.DEFAULT, () -> onRetransmitTimeout(qpn));
            rnrTimer[q] = Event.of(name + ".rnr", Priority.DEFAULT, () -> onRnrTimer(qpn));
        }

        ePsn = new int[n];
        donePsn = new int[n];
        nakSent = new boolean[n];
        epoch = new int[n];
        msn = new int[n];
        packetsSinceAck = new int[n];
        wrVa = new long[n];
        wrLen = new long[n];
        wrRkey = new int[n];
        rqConsumer = new int[n];
        rqProducer = new int[n];
        rqLoading = new boolean[n];
        rqChecked = new boolean[n];
        rwqeValid = new boolean[n];
        rSgeCount = new int[n];
        rSgeAddr = new long[n * sges];
        rSgeLen = new int[n * sges];
        rSgeLkey = new int[n * sges];
        recvOffset = new long[n];
        rqBuf = new byte[n][];
        rqFlushBuf = new byte[4 * n];
        rqFlushReading = new boolean[n];
        rqFlushAgain = new boolean[n];
        rqFlushProducer = new int[n];
        rqFlushLeft = new boolean[n];
        rrActive = new boolean[n];
        rrLength = new long[n];
        rrOffset = new long[n];
        rrPsn = new int[n];
        rrSegAddr = new long[n * maxSegs];
        rrSegLen = new int[n * maxSegs];
        rrSegCount = new int[n];
        rrSegPos = new int[n];
        rrSegPosOffset = new int[n];

        rdPending = new int[n];
        rrCounted = new boolean[n];
        atomicEvent = Event.of(name + ".atomic", Priority.DEFAULT, this::onAtomicExecuted);
        aaPending = new boolean[n];
        aaCounted = new boolean[n];
        aaPsn = new int[n];
        aaValue = new long[n];
        savedPsn = new int[n * SAVED_ATOMICS];
        savedValue = new long[n * SAVED_ATOMICS];
        savedNext = new int[n];
        java.util.Arrays.fill(savedPsn, NONE);
        ackPending = new boolean[n];
        ackPsn = new int[n];
        ackSyndrome = new int[n];
        ackMsn = new int[n];
        ackQueue = new int[n];
        active = new boolean[n];
        activeQueue = new int[n];

        txSlots = params.txSlots();
        txPayload = new byte[txSlots][MAX_PAYLOAD];
        txQp = new int[txSlots];
        txOpcode = new int[txSlots];
        txPsn = new int[txSlots];
        txLen = new int[txSlots];
        txAckReq = new boolean[txSlots];
        txVa = new long[txSlots];
        txRkey = new int[txSlots];
        txDmaLen = new long[txSlots];
        txImm = new int[txSlots];
        txAeth = new int[txSlots];
        txSwap = new long[txSlots];
        txCompare = new long[txSlots];
        txReady = new boolean[txSlots];
        scratchAddr = new long[maxSegs];
        scratchLen = new int[maxSegs];

        rxSlots = params.rxSlots();
        rxPayload = new byte[rxSlots][MAX_PAYLOAD];
        rxQp = new int[rxSlots];
        rxKind = new int[rxSlots];
        rxOpcode = new int[rxSlots];
        rxPsn = new int[rxSlots];
        rxLen = new int[rxSlots];
        rxVa = new long[rxSlots];
        rxRkey = new int[rxSlots];
        rxDmaLen = new long[rxSlots];
        rxImm = new int[rxSlots];
        rxAckReq = new boolean[rxSlots];
        rxSwap = new long[rxSlots];
        rxCompare = new long[rxSlots];
        rxDup = new boolean[rxSlots];
        rxEpoch = new int[rxSlots];
        rxDone = new int[rxSlots];
        rxChunk = new int[rxSlots];
        rxXlat = new TranslationRequest(maxSegs, this::onRxTranslated);

        cqeQueue = new CompletionRequest[params.cqeQueue()];
        for (int i = 0; i < cqeQueue.length; i++)
        {
            cqeQueue[i] = new CompletionRequest();
        }

        final StatGroup g = stats.group(name);
        packetsSent = g.counter("packetsSent", "count", "packets handed to the port, ACKs included");
        bytesSent = g.counter("payloadBytesSent", "bytes", "payload bytes of the packets sent");
        packetsReceived = g.counter("packetsReceived", "count", "packets received for an open QP");
        acksSent = g.counter("acksSent", "count", "ACKs sent by the responder");
        naksSent = g.counter("naksSent", "count", "NAKs (RNR included) sent by the responder");
        duplicates = g.counter("duplicates", "count", "duplicate requests received (ACKed again)");
        sequenceErrors = g.counter("sequenceErrors", "count", "requests received ahead of the expected PSN");
        rnrNaks = g.counter("rnrNaks", "count", "SENDs that found no receive WQE");
        rxDropped = g.counter("rxDropped", "count", "packets dropped: unknown QP, no slot, QP in error");
        cqes = g.counter("cqes", "count", "completions handed to the completion unit");
        flushed = g.counter("flushed", "count", "send WQEs completed with WR_FLUSH");
        receivesFlushed = g.counter("receivesFlushed", "count", "receive WQEs completed with WR_FLUSH");
        acksReceived = g.counter("acksReceived", "count", "ACKs and NAKs received by the completer");
        timeouts = g.counter("retransmitTimeouts", "count", "retransmission timer expiries with work outstanding");
        retransmittedPackets = g.counter("retransmittedPackets", "count",
            "request packets sent again after go-back-N (timeout, sequence NAK, RNR NAK)");
        sequenceNaksReceived = g.counter("sequenceNaksReceived", "count", "PSN sequence-error NAKs received");
        rnrNaksReceived = g.counter("rnrNaksReceived", "count", "RNR NAKs received");
        readReplays = g.counter("readReplays", "count", "duplicate READ requests answered again");
    }

    // ---------------------------------------------------------------------------------------------
    // QP lifecycle

    /**
     * Opens a QP whose attributes are set (RTR or RTS): loads its PSNs and addressing, and grants the
     * fetcher one credit per window slot. The send queue must already be configured in the fetcher.
     *
     * @param qpn the QPN, below {@code maxQps}
     */
    public void openQp(final int qpn)
    {
        if (qpn < 0 || qpn >= maxQps || !qps.valid(qpn))
        {
            throw new IllegalArgumentException(name + ": QP " + qpn + " is not a valid QP below " + maxQps);
        }
        final int tc = qps.trafficClass(qpn);
        path[qpn] = new RoceEndpoints(localMac, qps.destMac(qpn), localIpv4, qps.destIpv4(qpn),
            qps.udpSourcePort(qpn), tc >>> 2, tc & 3, qps.ttl(qpn) == 0 ? 64 : qps.ttl(qpn));
        mtu[qpn] = qps.pathMtu(qpn).bytes();
        sqHead[qpn] = 0;
        sqSend[qpn] = 0;
        sqTail[qpn] = 0;
        nextPsn[qpn] = qps.sendPsn(qpn) & PSN_MASK;
        ackedPsn[qpn] = (nextPsn[qpn] - 1) & PSN_MASK;
        sendOffset[qpn] = 0;
        xlatSge[qpn] = 0;
        translated[qpn] = false;
        curSegCount[qpn] = 0;
        readCursor[qpn] = 0;
        readOffset[qpn] = 0;
        needRetry[qpn] = false;
        rnrWait[qpn] = false;
        resumeBytes[qpn] = 0;
        highPsn[qpn] = nextPsn[qpn];
        retriesLeft[qpn] = qps.retryCount(qpn);
        rnrLeft[qpn] = qps.rnrRetry(qpn);
        loop.deschedule(rtoTimer[qpn]);
        loop.deschedule(rnrTimer[qpn]);
        ePsn[qpn] = qps.recvPsn(qpn) & PSN_MASK;
        donePsn[qpn] = (ePsn[qpn] - 1) & PSN_MASK;
        nakSent[qpn] = false;
        msn[qpn] = 0;
        packetsSinceAck[qpn] = 0;
        rqConsumer[qpn] = 0;
        rqProducer[qpn] = 0;
        rwqeValid[qpn] = false;
        rqChecked[qpn] = false;
        recvOffset[qpn] = 0;
        rrActive[qpn] = false;
        rdPending[qpn] = 0;
        aaPending[qpn] = false;
        for (int i = 0; i < SAVED_ATOMICS; i++)
        {
            savedPsn[qpn * SAVED_ATOMICS + i] = NONE;
        }
        final int stride = 1 << qps.logRqStride(qpn);
        if (rqBuf[qpn] == null || rqBuf[qpn].length < Math.max(stride, 8))
        {
            rqBuf[qpn] = new byte[Math.max(stride, 8)];
        }
        open[qpn] = true;
        if (window - granted[qpn] > 0)
        {
            grant(qpn, window - granted[qpn]);
        }
    }

    private void grant(final int q, final int n)
    {
        granted[q] += n;
        fetcher.requestMore(q, n);
    }

    /**
     * The command processor's hook ({@link org.sansim.nic.command.QpStateListener}): {@code RTR} opens
     * the QP, {@code RTS} loads the requester's attributes (send PSN, retry counts), {@code ERROR}
     * flushes the send WQEs the transport holds, {@code RESET} closes the QP.
     *
     * @param qpn the QP
     * @param from its previous state
     * @param to its new state
     */
    public void onQpStateChange(final int qpn, final QpState from, final QpState to)
    {
        if (qpn < 0 || qpn >= maxQps)
        {
            return;
        }
        switch (to)
        {
            case RTR -> openQp(qpn);
            case RTS ->
            {
                if (!open[qpn])
                {
                    openQp(qpn);
                }
                nextPsn[qpn] = qps.sendPsn(qpn) & PSN_MASK;
                ackedPsn[qpn] = (nextPsn[qpn] - 1) & PSN_MASK;
                highPsn[qpn] = nextPsn[qpn];
                retriesLeft[qpn] = qps.retryCount(qpn);
                rnrLeft[qpn] = qps.rnrRetry(qpn);
                activate(qpn);
                pump();
            }
            case ERROR ->
            {
                if (open[qpn])
                {
                    epoch[qpn]++;
                    fail(qpn, sqTail[qpn], CqeSyndrome.WR_FLUSH, VendorSyndrome.NONE);
                    pump();
                }
            }
            case RESET ->
            {
                open[qpn] = false;
                loop.deschedule(rtoTimer[qpn]);
                loop.deschedule(rnrTimer[qpn]);
                if (fetcherErrored[qpn])
                {
                    // the command processor configured the send queue again: no credits left there
                    granted[qpn] = 0;
                    fetcherErrored[qpn] = false;
                }
            }
            default ->
            {
                // INIT: nothing to load yet
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Requester

    @Override
    public void onWorkRequest(final WorkRequest r)
    {
        final int q = r.qpn();
        if (q < 0 || q >= maxQps || !open[q] || sqTail[q] - sqHead[q] >= window)
        {
            throw new IllegalStateException(name + ": WQE for QP " + q + " beyond its credits");
        }
        if (sqHead[q] == sqTail[q])
        {
            retriesLeft[q] = qps.retryCount(q);
            rnrLeft[q] = qps.rnrRetry(q);
        }
        granted[q]--;
        final int w = q * window + (sqTail[q] & windowMask);
        wIndex[w] = r.wqeIndex();
        wOpcode[w] = r.opcode().code();
        wSignalled[w] = r.signalled() || qps.signalAll(q);
        wLength[w] = r.messageLength();
        wImm[w] = r.immediate();
        wRkey[w] = r.rkey();
        wRemoteVa[w] = r.remoteAddress();
        wReadDone[w] = false;
        wAckGot[w] = false;
        wSwapAdd[w] = r.swapAdd();
        wCompare[w] = r.compare();
        wInline[w] = r.inline();
        if (r.inline())
        {
            final int len = Math.min(r.inlineLength(), inlineMax);
            for (int i = 0; i < len; i++)
            {
                inlineData[w * inlineMax + i] = r.inlineByte(i);
            }
            wSgeCount[w] = 0;
        }
        else
        {
            final int count = Math.min(r.sgeCount(), params.maxSges());
            for (int i = 0; i < count; i++)
            {
                sgeAddr[w * params.maxSges() + i] = r.sgeAddress(i);
                sgeLen[w * params.maxSges() + i] = r.sgeByteCount(i);
                sgeLkey[w * params.maxSges() + i] = r.sgeLkey(i);
            }
            wSgeCount[w] = count;
        }
        sqTail[q]++;
        if (qps.state(q).flushes())
        {
            flushFrom(q, sqHead[q], CqeSyndrome.WR_FLUSH, VendorSyndrome.NONE);
            return;
        }
        if (r.sgeCount() > params.maxSges())
        {
            fail(q, sqTail[q] - 1, CqeSyndrome.LOCAL_LENGTH, VendorSyndrome.NONE);
            return;
        }
        activate(q);
        pump();
    }

    @Override
    public void onWqeError(final int qpn, final int wqeIndex, final CqeSyndrome syndrome,
        final VendorSyndrome vendorSyndrome)
    {
        if (qpn < 0 || qpn >= maxQps || !open[qpn])
        {
            return;
        }
        fetcherErrored[qpn] = true;
        completeError(qpn, qps.sendCqn(qpn), CqeOpcode.REQUESTER_ERROR, 0, wqeIndex, syndrome, vendorSyndrome);
        fail(qpn, sqTail[qpn], CqeSyndrome.WR_FLUSH, VendorSyndrome.NONE);
    }

    private void activate(final int q)
    {
        if (!active[q])
        {
            active[q] = true;
            activeQueue[(activeHead + activeCount) % maxQps] = q;
            activeCount++;
            again = true;
        }
    }

    private void pump()
    {
        if (pumping)
        {
            again = true;
            return;
        }
        pumping = true;
        do
        {
            again = false;
            drainOut();
            fillTx();
            processRx();
            flushReceives();
            drainCqes();
        }
        while (again);
        pumping = false;
    }

    private static final int IDLE = 0;
    private static final int PRODUCED = 1;
    private static final int BLOCKED = 2;

    private void fillTx()
    {
        while (activeCount > 0 && txTail - txHead < txSlots)
        {
            final int q = activeQueue[activeHead];
            activeHead = (activeHead + 1) % maxQps;
            activeCount--;
            final int result = produce(q);
            if (result == IDLE)
            {
                active[q] = false;
                continue;
            }
            // back to the tail: round robin among QPs, one packet each
            activeQueue[(activeHead + activeCount) % maxQps] = q;
            activeCount++;
            if (result == BLOCKED)
            {
                scheduleRetry();
                return;
            }
        }
    }

    private int produce(final int q)
    {
        if (!open[q] || qps.state(q) == QpState.ERROR)
        {
            return IDLE;
        }
        if (aaPending[q])
        {
            final int s = Integer.remainderUnsigned(txTail, txSlots);
            txSlot(s, q, BthOpcode.ATOMIC_ACKNOWLEDGE, aaPsn[q], 0, false);
            txAeth[s] = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);
            txSwap[s] = aaValue[q];
            txReady[s] = true;
            txTail++;
            aaPending[q] = false;
            if (aaCounted[q])
            {
                rdPending[q]--;
            }
            again = true;
            return PRODUCED;
        }
        if (rrActive[q])
        {
            return produceReadResponse(q);
        }
        if (qps.state(q) != QpState.RTS || rnrWait[q])
        {
            return IDLE;
        }
        if (needRetry[q])
        {
            if (reqXlat[q].busy())
            {
                return IDLE;
            }
            rewind(q);
        }
        if (sqSend[q] == sqTail[q])
        {
            return IDLE;
        }
        final int w = q * window + (sqSend[q] & windowMask);
        final int op = wOpcode[w];
        final int s = Integer.remainderUnsigned(txTail, txSlots);
        if (readLike(op) && readLikeOutstanding(q) >= qps.maxRdAtomic(q))
        {
            // initiator depth: wait for a READ or atomic to complete (retire activates the QP)
            return IDLE;
        }
        if (op == WqeOpcode.ATOMIC_CS.code() || op == WqeOpcode.ATOMIC_FA.code())
        {
            final int psn = nextPsn[q];
            resumeBytes[q] = 0;
            countRetransmission(q, psn);
            txSlot(s, q, op == WqeOpcode.ATOMIC_CS.code() ? BthOpcode.COMPARE_SWAP : BthOpcode.FETCH_ADD, psn, 0,
                true);
            txVa[s] = wRemoteVa[w];
            txRkey[s] = wRkey[w];
            txSwap[s] = wSwapAdd[w];
            txCompare[s] = wCompare[w];
            txReady[s] = true;
            wFirstPsn[w] = psn;
            wLastPsn[w] = psn;
            nextPsn[q] = (psn + 1) & PSN_MASK;
            noteHigh(q);
            sqSend[q]++;
            txTail++;
            again = true;
            return PRODUCED;
        }
        if (op == WqeOpcode.RDMA_READ.code())
        {
            final long total = wLength[w];
            final long done = resumeBytes[q];
            resumeBytes[q] = 0;
            final int packets = (int)Math.max(1, (total + mtu[q] - 1) / mtu[q]);
            final int psn = nextPsn[q];
            final int firstPsn = (psn - (int)(done / mtu[q])) & PSN_MASK;
            countRetransmission(q, psn);
            txSlot(s, q, BthOpcode.RDMA_READ_REQUEST, psn, 0, true);
            txVa[s] = wRemoteVa[w] + done;
            txRkey[s] = wRkey[w];
            txDmaLen[s] = total - done;
            txReady[s] = true;
            wFirstPsn[w] = firstPsn;
            wLastPsn[w] = (firstPsn + packets - 1) & PSN_MASK;
            nextPsn[q] = (firstPsn + packets) & PSN_MASK;
            noteHigh(q);
            sqSend[q]++;
            txTail++;
            again = true;
            return PRODUCED;
        }
        if (op != WqeOpcode.RDMA_WRITE.code() && op != WqeOpcode.RDMA_WRITE_IMM.code()
            && op != WqeOpcode.SEND.code() && op != WqeOpcode.SEND_IMM.code())
        {
            fail(q, sqSend[q], CqeSyndrome.LOCAL_QP_OPERATION, VendorSyndrome.NONE);
            return IDLE;
        }
        final long length = wLength[w];
        if (!translated[q])
        {
            if (wInline[w] || length == 0)
            {
                translated[q] = true;
            }
            else
            {
                if (!reqXlat[q].busy())
                {
                    translateNextSge(q, w);
                }
                return IDLE;
            }
        }
        if (resumeBytes[q] > 0)
        {
            if (!wInline[w])
            {
                skipSegments(q, resumeBytes[q]);
            }
            resumeBytes[q] = 0;
        }
        final long offset = sendOffset[q];
        final int len = (int)Math.min(mtu[q], length - offset);
        final boolean first = offset == 0;
        final boolean last = offset + len == length;
        final boolean write = op == WqeOpcode.RDMA_WRITE.code() || op == WqeOpcode.RDMA_WRITE_IMM.code();
        final boolean imm = op == WqeOpcode.RDMA_WRITE_IMM.code() || op == WqeOpcode.SEND_IMM.code();
        final int opcode = messageOpcode(write, first, last, imm);
        final int psn = nextPsn[q];
        if (len > 0 && !wInline[w])
        {
            final int count = sliceSegments(curSegAddr, curSegLen, curSegCount, curSegPos, curSegPosOffset, q, len);
            if (!dma.gather(q, scratchAddr, scratchLen, count, txPayload[s], 0, this, s))
            {
                rewindSlice(curSegLen, curSegPos, curSegPosOffset, q, len);
                return BLOCKED;
            }
            txReady[s] = false;
        }
        else
        {
            if (len > 0)
            {
                System.arraycopy(inlineData, w * inlineMax + (int)offset, txPayload[s], 0, len);
            }
            txReady[s] = true;
            again = true;
        }
        txSlot(s, q, opcode, psn, len, last);
        if (first && write)
        {
            txVa[s] = wRemoteVa[w];
            txRkey[s] = wRkey[w];
            txDmaLen[s] = length;
        }
        txImm[s] = wImm[w];
        txTail++;
        bytesSent.add(len);
        countRetransmission(q, psn);
        if (first)
        {
            wFirstPsn[w] = psn;
        }
        nextPsn[q] = (psn + 1) & PSN_MASK;
        noteHigh(q);
        sendOffset[q] = offset + len;
        if (last)
        {
            wLastPsn[w] = psn;
            sqSend[q]++;
            sendOffset[q] = 0;
            translated[q] = false;
            xlatSge[q] = 0;
            curSegCount[q] = 0;
            curSegPos[q] = 0;
            curSegPosOffset[q] = 0;
        }
        return PRODUCED;
    }

    private static boolean readLike(final int op)
    {
        return op == WqeOpcode.RDMA_READ.code() || op == WqeOpcode.ATOMIC_CS.code() || op == WqeOpcode.ATOMIC_FA.code();
    }

    private int readLikeOutstanding(final int q)
    {
        int n = 0;
        for (int c = sqHead[q]; c != sqSend[q]; c++)
        {
            final int w = q * window + (c & windowMask);
            if (readLike(wOpcode[w]) && !wReadDone[w])
            {
                n++;
            }
        }
        return n;
    }

    /**
     * Sets the atomic unit's parameters (before traffic).
     *
     * @param p the parameters, validated here
     * @return this
     */
    public RcTransport atomicUnit(final AtomicUnitParams p)
    {
        p.validate();
        atomicParams = p;
        return this;
    }

    private void countRetransmission(final int q, final int psn)
    {
        if (psnDiff(psn, highPsn[q]) < 0)
        {
            retransmittedPackets.increment();
        }
    }

    private void noteHigh(final int q)
    {
        if (psnDiff(nextPsn[q], highPsn[q]) > 0)
        {
            highPsn[q] = nextPsn[q];
        }
    }

    /** Advances the current segment list of a QP by {@code bytes} without gathering them. */
    private void skipSegments(final int q, final long bytes)
    {
        long remaining = bytes;
        final int base = q * maxSegs;
        while (remaining > 0 && curSegPos[q] < curSegCount[q])
        {
            final int avail = curSegLen[base + curSegPos[q]] - curSegPosOffset[q];
            if (remaining >= avail)
            {
                remaining -= avail;
                curSegPos[q]++;
                curSegPosOffset[q] = 0;
            }
            else
            {
                curSegPosOffset[q] += (int)remaining;
                remaining = 0;
            }
        }
    }

    /**
     * Go-back-N: the requester restarts at the first unacknowledged WQE ({@code sqHead}), a WRITE or
     * SEND at the MTU offset of the first unacknowledged PSN, a READ after the response bytes
     * already received. Packets already in the transmit slots leave as they are (duplicates).
     */
    private void rewind(final int q)
    {
        needRetry[q] = false;
        final int c = sqHead[q];
        if (c == sqSend[q] && sendOffset[q] == 0)
        {
            return;
        }
        final int w = q * window + (c & windowMask);
        final long length = wLength[w];
        final boolean read = readLike(wOpcode[w]);
        long off;
        if (read)
        {
            off = wOpcode[w] == WqeOpcode.RDMA_READ.code() && readCursor[q] == c ? readOffset[q] : 0;
        }
        else
        {
            off = (long)Math.max(0, psnDiff((ackedPsn[q] + 1) & PSN_MASK, wFirstPsn[w])) * mtu[q];
            if (off >= length)
            {
                off = length == 0 ? 0 : (length - 1) / mtu[q] * mtu[q];
            }
        }
        sqSend[q] = c;
        nextPsn[q] = (wFirstPsn[w] + (int)(off / mtu[q])) & PSN_MASK;
        sendOffset[q] = read ? 0 : off;
        resumeBytes[q] = off;
        translated[q] = false;
        xlatSge[q] = 0;
        curSegCount[q] = 0;
        curSegPos[q] = 0;
        curSegPosOffset[q] = 0;
        readCursor[q] = c;
        readOffset[q] = read ? off : 0;
    }

    private long timeoutPs(final int q)
    {
        final int code = qps.timeout(q);
        return code == 0 ? 0 : 4_096_000L << code;
    }

    private boolean outstanding(final int q)
    {
        return sqHead[q] != sqSend[q] || sendOffset[q] > 0;
    }

    private void armTimer(final int q)
    {
        final long t = timeoutPs(q);
        if (t > 0 && !rtoTimer[q].scheduled() && !rnrWait[q])
        {
            loop.scheduleAfter(rtoTimer[q], t);
        }
    }

    /** Forward progress (an ACK or a READ response): fresh retry counts and a fresh timer. */
    private void progress(final int q)
    {
        retriesLeft[q] = qps.retryCount(q);
        rnrLeft[q] = qps.rnrRetry(q);
        final long t = timeoutPs(q);
        if (t > 0 && outstanding(q) && !rnrWait[q])
        {
            loop.reschedule(rtoTimer[q], loop.nowPs() + t);
        }
        else
        {
            loop.deschedule(rtoTimer[q]);
        }
    }

    private void onRetransmitTimeout(final int q)
    {
        if (!open[q] || qps.state(q) == QpState.ERROR || rnrWait[q] || !outstanding(q))
        {
            return;
        }
        timeouts.increment();
        retryError(q);
        pump();
    }

    /** A timeout or a sequence NAK: one more retry, or {@code RETRY_EXCEEDED}. */
    private void retryError(final int q)
    {
        if (qps.retryCount(q) != 7)
        {
            if (retriesLeft[q] == 0)
            {
                fail(q, sqHead[q], CqeSyndrome.RETRY_EXCEEDED, VendorSyndrome.NONE);
                return;
            }
            retriesLeft[q]--;
        }
        needRetry[q] = true;
        loop.deschedule(rtoTimer[q]);
        activate(q);
    }

    private void onRnrTimer(final int q)
    {
        if (!open[q] || qps.state(q) == QpState.ERROR || !rnrWait[q])
        {
            return;
        }
        rnrWait[q] = false;
        needRetry[q] = true;
        activate(q);
        pump();
    }

    private void txSlot(final int s, final int q, final int opcode, final int psn, final int len, final boolean ackReq)
    {
        txQp[s] = q;
        txOpcode[s] = opcode;
        txPsn[s] = psn;
        txLen[s] = len;
        txAckReq[s] = ackReq;
        txAeth[s] = 0;
    }

    /**
     * The BTH opcode of one packet of a SEND or RDMA WRITE message. Both families lay out their six
     * opcodes alike from their FIRST opcode: FIRST, MIDDLE, LAST, LAST with immediate, ONLY, ONLY with
     * immediate.
     */
    private static int messageOpcode(final boolean write, final boolean first, final boolean last,
        final boolean imm)
    {
        final int base = write ? BthOpcode.RDMA_WRITE_FIRST : BthOpcode.SEND_FIRST;
        if (first && last)
        {
            return base + (imm ? 5 : 4);
        }
        if (first)
        {
            return base;
        }
        return last ? base + (imm ? 3 : 2) : base + 1;
    }

    /** Copies the next {@code len} bytes' segments of a QP's segment list into the scratch arrays. */
    private int sliceSegments(final long[] addr, final int[] lens, final int[] counts, final int[] pos,
        final int[] posOffset, final int q, final int len)
    {
        int remaining = len;
        int count = 0;
        final int base = q * maxSegs;
        while (remaining > 0)
        {
            final int i = pos[q];
            if (i >= counts[q] || count == maxSegs)
            {
                throw new IllegalStateException(name + ": QP " + q + " ran out of translated segments");
            }
            final int avail = lens[base + i] - posOffset[q];
            final int take = Math.min(avail, remaining);
            scratchAddr[count] = addr[base + i] + posOffset[q];
            scratchLen[count] = take;
            count++;
            remaining -= take;
            if (take == avail)
            {
                pos[q] = i + 1;
                posOffset[q] = 0;
            }
            else
            {
                posOffset[q] += take;
            }
        }
        return count;
    }

    /** Undoes a {@link #sliceSegments} whose gather was refused. */
    private void rewindSlice(final int[] lens, final int[] pos, final int[] posOffset, final int q, final int len)
    {
        int remaining = len;
        final int base = q * maxSegs;
        while (remaining > 0)
        {
            if (posOffset[q] == 0)
            {
                pos[q]--;
                posOffset[q] = lens[base + pos[q]];
            }
            final int back = Math.min(remaining, posOffset[q]);
            posOffset[q] -= back;
            remaining -= back;
        }
    }

    private void translateNextSge(final int q, final int w)
    {
        int i = xlatSge[q];
        final int sgeBase = w * params.maxSges();
        while (i < wSgeCount[w] && sgeLen[sgeBase + i] == 0)
        {
            i++;
        }
        xlatSge[q] = i;
        if (i == wSgeCount[w])
        {
            translated[q] = true;
            activate(q);
            again = true;
            return;
        }
        reqXlat[q].context(TranslationUse.REQUESTER_LOCAL, qps.pd(q), qps.access(q));
        translation.translate(sgeLkey[sgeBase + i], sgeAddr[sgeBase + i], sgeLen[sgeBase + i],
            AccessFlags.LOCAL_READ, reqXlat[q]);
    }

    private void onSgeTranslated(final TranslationRequest req)
    {
        final int q = (int)req.cookie();
        if (!open[q] || qps.state(q) == QpState.ERROR)
        {
            return;
        }
        if (needRetry[q])
        {
            // a go-back-N is waiting for this translation: its result is for the old position
            activate(q);
            pump();
            return;
        }
        if (sqSend[q] == sqTail[q])
        {
            return;
        }
        if (!req.ok())
        {
            fail(q, sqSend[q], req.syndrome(), req.vendorSyndrome());
            pump();
            return;
        }
        final int base = q * maxSegs;
        for (int i = 0; i < req.segmentCount(); i++)
        {
            if (curSegCount[q] == maxSegs)
            {
                fail(q, sqSend[q], CqeSyndrome.LOCAL_LENGTH, VendorSyndrome.NONE);
                pump();
                return;
            }
            curSegAddr[base + curSegCount[q]] = req.segmentAddress(i);
            curSegLen[base + curSegCount[q]] = req.segmentLength(i);
            curSegCount[q]++;
        }
        xlatSge[q]++;
        translateNextSge(q, q * window + (sqSend[q] & windowMask));
        pump();
    }

    @Override
    public void gatherDone(final long cookie)
    {
        txReady[(int)cookie] = true;
        pump();
    }

    @Override
    public void onTxSpace()
    {
        pump();
    }

    private void drainOut()
    {
        while (port.canClaim())
        {
            if (ackQueueCount > 0)
            {
                final int q = ackQueue[ackQueueHead];
                ackQueueHead = (ackQueueHead + 1) % maxQps;
                ackQueueCount--;
                ackPending[q] = false;
                final byte[] buf = port.claimTxBuffer();
                builder.begin(buf, 0, path[q], BthOpcode.ACKNOWLEDGE);
                builder.bth().psn(ackPsn[q]).destQp(qps.remoteQpn(q));
                builder.aeth().syndrome(ackSyndrome[q]).msn(ackMsn[q]);
                port.submit(builder.finish(0), 0);
                packetsSent.increment();
                if (AethSyndrome.isAck(ackSyndrome[q]))
                {
                    acksSent.increment();
                }
                else
                {
                    naksSent.increment();
                }
                continue;
            }
            if (txHead != txTail && txReady[Integer.remainderUnsigned(txHead, txSlots)])
            {
                final int s = Integer.remainderUnsigned(txHead, txSlots);
                txHead++;
                again = true;
                final int q = txQp[s];
                if (qps.state(q) == QpState.ERROR)
                {
                    continue;
                }
                final int opcode = txOpcode[s];
                final byte[] buf = port.claimTxBuffer();
                builder.begin(buf, 0, path[q], opcode);
                builder.bth().psn(txPsn[s]).destQp(qps.remoteQpn(q)).ackReq(txAckReq[s]);
                if (BthOpcode.hasReth(opcode))
                {
                    builder.reth().va(txVa[s]).rkey(txRkey[s]).dmaLengthBytes(txDmaLen[s]);
                }
                if (BthOpcode.hasImmDt(opcode))
                {
                    builder.immDt().immediate(txImm[s]);
                }
                if (BthOpcode.hasAeth(opcode))
                {
                    builder.aeth().syndrome(txAeth[s]).msn(msn[q] & 0xFF_FFFF);
                }
                if (BthOpcode.hasAtomicEth(opcode))
                {
                    builder.atomicEth().va(txVa[s]).rkey(txRkey[s]).swapAddData(txSwap[s]).compareData(txCompare[s]);
                }
                if (BthOpcode.hasAtomicAckEth(opcode))
                {
                    builder.atomicAckEth().originalData(txSwap[s]);
                }
                port.submit(builder.finish(txPayload[s], 0, txLen[s]), 0);
                packetsSent.increment();
                if (opcode < BthOpcode.RDMA_READ_RESPONSE_FIRST || opcode > BthOpcode.RDMA_READ_RESPONSE_ONLY)
                {
                    armTimer(q);
                }
                continue;
            }
            return;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Receive: responder and completer

    @Override
    public void onRoceFrame(final RoceFrame parsed, final byte[] buf, final int offset, final int lengthBytes)
    {
        final int q = parsed.bth().destQp();
        final int opcode = parsed.opcode();
        if (q >= maxQps || !open[q])
        {
            rxDropped.increment();
            return;
        }
        packetsReceived.increment();
        final int psn = parsed.bth().psn();
        if (opcode == BthOpcode.ACKNOWLEDGE)
        {
            onAck(q, parsed.aeth().syndrome(), psn);
            pump();
            return;
        }
        if (opcode >= BthOpcode.RDMA_READ_RESPONSE_FIRST && opcode <= BthOpcode.RDMA_READ_RESPONSE_ONLY)
        {
            onReadResponse(q, parsed, opcode, psn);
            pump();
            return;
        }
        if (opcode == BthOpcode.ATOMIC_ACKNOWLEDGE)
        {
            onAtomicAck(q, parsed.atomicAckEth().originalData(), psn);
            pump();
            return;
        }
        if (!qps.state(q).inboundProcessed())
        {
            rxDropped.increment();
            return;
        }
        final int diff = psnDiff(psn, ePsn[q]);
        if (diff < 0)
        {
            duplicates.increment();
            if (opcode == BthOpcode.RDMA_READ_REQUEST)
            {
                // replay: answer the duplicate request again from its RETH, without moving the PSN
                if (rxTail - rxHead == rxSlots)
                {
                    rxDropped.increment();
                    return;
                }
                readReplays.increment();
                final int s = Integer.remainderUnsigned(rxTail, rxSlots);
                acceptRx(s, q, RX_READ_REQUEST, opcode, psn, 0, true);
                rxDup[s] = true;
                rxVa[s] = parsed.reth().va();
                rxRkey[s] = parsed.reth().rkey();
                rxDmaLen[s] = parsed.reth().dmaLengthBytes();
                rxTail++;
                pump();
                return;
            }
            if (opcode == BthOpcode.COMPARE_SWAP || opcode == BthOpcode.FETCH_ADD)
            {
                // replay the saved result, never execute twice
                for (int i = 0; i < SAVED_ATOMICS; i++)
                {
                    if (savedPsn[q * SAVED_ATOMICS + i] == psn && !aaPending[q])
                    {
                        aaPending[q] = true;
                        aaCounted[q] = false;
                        aaPsn[q] = psn;
                        aaValue[q] = savedValue[q * SAVED_ATOMICS + i];
                        activate(q);
                        pump();
                        break;
                    }
                }
                return;
            }
            queueAck(q, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID), donePsn[q]);
            pump();
            return;
        }
        if (diff > 0)
        {
            sequenceErrors.increment();
            if (!nakSent[q])
            {
                nakSent[q] = true;
                queueAck(q, AethSyndrome.nak(AethSyndrome.NAK_PSN_SEQUENCE_ERROR), ePsn[q]);
                pump();
            }
            return;
        }
        if (rxTail - rxHead == rxSlots)
        {
            rxDropped.increment();
            return;
        }
        final int kind;
        if (opcode <= BthOpcode.SEND_ONLY_WITH_IMMEDIATE)
        {
            kind = RX_SEND;
        }
        else if (opcode <= BthOpcode.RDMA_WRITE_ONLY_WITH_IMMEDIATE)
        {
            kind = RX_WRITE;
        }
        else if (opcode == BthOpcode.RDMA_READ_REQUEST)
        {
            kind = RX_READ_REQUEST;
        }
        else if (opcode == BthOpcode.COMPARE_SWAP || opcode == BthOpcode.FETCH_ADD)
        {
            kind = RX_ATOMIC;
            if ((parsed.atomicEth().va() & 7) != 0)
            {
                // misaligned atomic: class C, invalid request
                responderError(q, psn, AethSyndrome.NAK_INVALID_REQUEST);
                pump();
                return;
            }
        }
        else
        {
            queueAck(q, AethSyndrome.nak(AethSyndrome.NAK_INVALID_REQUEST), psn);
            pump();
            return;
        }
        if (kind == RX_READ_REQUEST || kind == RX_ATOMIC)
        {
            if (rdPending[q] >= qps.maxDestRdAtomic(q))
            {
                // more READs and atomics than the responder resources: invalid request
                responderError(q, psn, AethSyndrome.NAK_INVALID_REQUEST);
                pump();
                return;
            }
            rdPending[q]++;
        }
        final int s = Integer.remainderUnsigned(rxTail, rxSlots);
        final int len = parsed.payloadLengthBytes();
        acceptRx(s, q, kind, opcode, psn, len, parsed.bth().ackReq());
        if (kind == RX_ATOMIC)
        {
            wrVa[q] = parsed.atomicEth().va();
            wrRkey[q] = parsed.atomicEth().rkey();
            rxSwap[s] = parsed.atomicEth().swapAddData();
            rxCompare[s] = parsed.atomicEth().compareData();
        }
        if (BthOpcode.hasReth(opcode))
        {
            wrVa[q] = parsed.reth().va();
            wrLen[q] = parsed.reth().dmaLengthBytes();
            wrRkey[q] = parsed.reth().rkey();
            rxDmaLen[s] = parsed.reth().dmaLengthBytes();
        }
        rxVa[s] = wrVa[q];
        rxRkey[s] = wrRkey[q];
        if (kind == RX_WRITE)
        {
            wrVa[q] += len;
        }
        rxImm[s] = BthOpcode.hasImmDt(opcode) ? parsed.immDt().immediate() : 0;
        System.arraycopy(buf, parsed.payloadOffset(), rxPayload[s], 0, len);
        nakSent[q] = false;
        if (kind == RX_READ_REQUEST)
        {
            final long dmaLen = rxDmaLen[s];
            final int packets = (int)Math.max(1, (dmaLen + mtu[q] - 1) / mtu[q]);
            ePsn[q] = (psn + packets) & PSN_MASK;
        }
        else
        {
            ePsn[q] = (psn + 1) & PSN_MASK;
        }
        rxTail++;
        pump();
    }

    private void acceptRx(final int s, final int q, final int kind, final int opcode, final int psn, final int len,
        final boolean ackReq)
    {
        rxQp[s] = q;
        rxKind[s] = kind;
        rxOpcode[s] = opcode;
        rxPsn[s] = psn;
        rxLen[s] = len;
        rxAckReq[s] = ackReq;
        rxEpoch[s] = epoch[q];
        rxDone[s] = 0;
        rxDmaLen[s] = 0;
        rxDup[s] = false;
    }

    private void onAtomicAck(final int q, final long original, final int psn)
    {
        int c = sqHead[q];
        while (c != sqSend[q])
        {
            final int w = q * window + (c & windowMask);
            final int op = wOpcode[w];
            if ((op == WqeOpcode.ATOMIC_CS.code() || op == WqeOpcode.ATOMIC_FA.code()) && wFirstPsn[w] == psn)
            {
                break;
            }
            c++;
        }
        if (c == sqSend[q] || rxTail - rxHead == rxSlots)
        {
            rxDropped.increment();
            return;
        }
        final int w = q * window + (c & windowMask);
        if (wAckGot[w])
        {
            rxDropped.increment();
            return;
        }
        wAckGot[w] = true;
        final int before = (psn - 1) & PSN_MASK;
        if (psnDiff(before, ackedPsn[q]) > 0)
        {
            ackedPsn[q] = before;
            retire(q);
        }
        progress(q);
        final int s = Integer.remainderUnsigned(rxTail, rxSlots);
        acceptRx(s, q, RX_READ_RESPONSE, BthOpcode.ATOMIC_ACKNOWLEDGE, psn, 8, false);
        rxVa[s] = 0;
        rxImm[s] = c;
        putLongLE(rxPayload[s], original);
        rxTail++;
    }

    private void onReadResponse(final int q, final RoceFrame parsed, final int opcode, final int psn)
    {
        // the READ the response belongs to: the oldest sent READ not yet done
        while (readCursor[q] - sqHead[q] < 0)
        {
            readCursor[q] = sqHead[q];
        }
        int c = Math.max(readCursor[q], sqHead[q]);
        while (c != sqSend[q] && wOpcode[q * window + (c & windowMask)] != WqeOpcode.RDMA_READ.code())
        {
            c++;
        }
        if (c == sqSend[q] || rxTail - rxHead == rxSlots)
        {
            rxDropped.increment();
            return;
        }
        readCursor[q] = c;
        final int w = q * window + (c & windowMask);
        final int expected = (wFirstPsn[w] + (int)(readOffset[q] / mtu[q])) & PSN_MASK;
        if (psn != expected)
        {
            rxDropped.increment();
            return;
        }
        // a READ response implicitly acknowledges every request before the READ
        final int before = (wFirstPsn[w] - 1) & PSN_MASK;
        if (psnDiff(before, ackedPsn[q]) > 0)
        {
            ackedPsn[q] = before;
            retire(q);
        }
        progress(q);
        final int s = Integer.remainderUnsigned(rxTail, rxSlots);
        final int len = parsed.payloadLengthBytes();
        acceptRx(s, q, RX_READ_RESPONSE, opcode, psn, len, false);
        rxVa[s] = readOffset[q];
        rxImm[s] = c;
        System.arraycopy(parsed.buffer(), parsed.payloadOffset(), rxPayload[s], 0, len);
        readOffset[q] += len;
        if (opcode == BthOpcode.RDMA_READ_RESPONSE_LAST || opcode == BthOpcode.RDMA_READ_RESPONSE_ONLY)
        {
            readOffset[q] = 0;
            readCursor[q] = c + 1;
        }
        rxTail++;
    }

    private void processRx()
    {
        while (!rxBusy && rxHead != rxTail)
        {
            final int s = Integer.remainderUnsigned(rxHead, rxSlots);
            final int q = rxQp[s];
            if (rxEpoch[s] != epoch[q] || qps.state(q) == QpState.ERROR)
            {
                if ((rxKind[s] == RX_READ_REQUEST || rxKind[s] == RX_ATOMIC) && !rxDup[s] && rdPending[q] > 0)
                {
                    rdPending[q]--;
                }
                rxHead++;
                continue;
            }
            switch (rxKind[s])
            {
                case RX_WRITE:
                    if (BthOpcode.hasImmDt(rxOpcode[s]) && !rwqeValid[q])
                    {
                        // WRITE with immediate consumes a receive WQE: the same wait and RNR as a SEND
                        if (!rqLoading[q])
                        {
                            if (rqChecked[q])
                            {
                                rnr(s, q);
                                continue;
                            }
                            loadRq(q);
                        }
                        return;
                    }
                    if (rxDone[s] == rxLen[s])
                    {
                        finishRx(s);
                        continue;
                    }
                    rxChunk[s] = rxLen[s];
                    startRxTranslation(q, TranslationUse.RESPONDER_REMOTE, rxRkey[s], rxVa[s], rxLen[s],
                        AccessFlags.REMOTE_WRITE);
                    return;
                case RX_SEND:
                    if (!rwqeValid[q])
                    {
                        if (!rqLoading[q])
                        {
                            if (rqChecked[q])
                            {
                                rnr(s, q);
                                continue;
                            }
                            loadRq(q);
                        }
                        return;
                    }
                    if (rxDone[s] == rxLen[s])
                    {
                        finishRx(s);
                        continue;
                    }
                    if (!startSgeChunk(s, q, rSgeAddr, rSgeLen, rSgeLkey, q * params.maxSges(), rSgeCount[q],
                        recvOffset[q], TranslationUse.RESPONDER_LOCAL))
                    {
                        completeError(q, qps.recvCqn(q), CqeOpcode.RESPONDER_ERROR, 0, rqConsumer[q],
                            CqeSyndrome.LOCAL_LENGTH, VendorSyndrome.RECV_OVERFLOW);
                        consumeReceive(q);
                        responderError(q, rxPsn[s], AethSyndrome.NAK_INVALID_REQUEST);
                        rxHead++;
                        continue;
                    }
                    return;
                case RX_ATOMIC:
                    if (rrActive[q] || aaPending[q])
                    {
                        return;
                    }
                    rxChunk[s] = 0;
                    startRxTranslation(q, TranslationUse.RESPONDER_REMOTE, rxRkey[s], rxVa[s], 8,
                        AccessFlags.REMOTE_ATOMIC);
                    return;
                case RX_READ_REQUEST:
                    if (rrActive[q] || aaPending[q])
                    {
                        return;
                    }
                    rxChunk[s] = 0;
                    startRxTranslation(q, TranslationUse.RESPONDER_REMOTE, rxRkey[s], rxVa[s], (int)rxDmaLen[s],
                        AccessFlags.REMOTE_READ);
                    return;
                default:
                {
                    final int w = q * window + (rxImm[s] & windowMask);
                    if (rxDone[s] == rxLen[s])
                    {
                        finishRx(s);
                        continue;
                    }
                    if (!startSgeChunk(s, q, sgeAddr, sgeLen, sgeLkey, w * params.maxSges(), wSgeCount[w],
                        rxVa[s] + rxDone[s], TranslationUse.REQUESTER_LOCAL))
                    {
                        fail(q, rxImm[s], CqeSyndrome.LOCAL_LENGTH, VendorSyndrome.NONE);
                        rxHead++;
                        continue;
                    }
                    return;
                }
            }
        }
    }

    /**
     * Starts the translation of the next piece of the head packet that lands in an SGE list, from
     * byte {@code listOffset} of the list; false if the list is too short.
     */
    private boolean startSgeChunk(final int s, final int q, final long[] addr, final int[] lens, final int[] keys,
        final int base, final int count, final long listOffset, final TranslationUse use)
    {
        long skip = listOffset;
        for (int i = 0; i < count; i++)
        {
            final int l = lens[base + i];
            if (skip >= l)
            {
                skip -= l;
                continue;
            }
            final int chunk = (int)Math.min(l - skip, rxLen[s] - rxDone[s]);
            rxChunk[s] = chunk;
            startRxTranslation(q, use, keys[base + i], addr[base + i] + skip, chunk, AccessFlags.LOCAL_WRITE);
            return true;
        }
        return false;
    }

    private void startRxTranslation(final int q, final TranslationUse use, final int key, final long va,
        final int len, final int access)
    {
        rxBusy = true;
        rxXlat.context(use, qps.pd(q), qps.access(q));
        translation.translate(key, va, len, access, rxXlat);
    }

    private void onRxTranslated(final TranslationRequest req)
    {
        final int s = Integer.remainderUnsigned(rxHead, rxSlots);
        final int q = rxQp[s];
        if (!req.ok())
        {
            rxBusy = false;
            switch (rxKind[s])
            {
                case RX_WRITE:
                case RX_READ_REQUEST:
                case RX_ATOMIC:
                    responderError(q, rxPsn[s], AethSyndrome.NAK_REMOTE_ACCESS_ERROR);
                    break;
                case RX_SEND:
                    completeError(q, qps.recvCqn(q), CqeOpcode.RESPONDER_ERROR, 0, rqConsumer[q], req.syndrome(),
                        req.vendorSyndrome());
                    consumeReceive(q);
                    responderError(q, rxPsn[s], AethSyndrome.NAK_REMOTE_OPERATIONAL_ERROR);
                    break;
                default:
                    fail(q, rxImm[s], req.syndrome(), req.vendorSyndrome());
                    break;
            }
            rxHead++;
            pump();
            return;
        }
        if (rxKind[s] == RX_ATOMIC)
        {
            // the atomic unit: read the word, compute, write it back; the receive pipeline waits
            atomicPa = req.segmentAddress(0);
            pcie.dmaRead(atomicPa, 8, atomicBuf, 0, this, ATOMIC_COOKIE);
            return;
        }
        if (rxKind[s] == RX_READ_REQUEST)
        {
            rxBusy = false;
            rrCounted[q] = !rxDup[s];
            final int base = q * maxSegs;
            rrSegCount[q] = req.segmentCount();
            for (int i = 0; i < req.segmentCount(); i++)
            {
                rrSegAddr[base + i] = req.segmentAddress(i);
                rrSegLen[base + i] = req.segmentLength(i);
            }
            rrSegPos[q] = 0;
            rrSegPosOffset[q] = 0;
            rrLength[q] = rxDmaLen[s];
            rrOffset[q] = 0;
            rrPsn[q] = rxPsn[s];
            rrActive[q] = true;
            if (!rxDup[s])
            {
                msn[q]++;
                final int packets = (int)Math.max(1, (rxDmaLen[s] + mtu[q] - 1) / mtu[q]);
                donePsn[q] = (rxPsn[s] + packets - 1) & PSN_MASK;
            }
            activate(q);
            rxHead++;
            pump();
            return;
        }
        final int count = req.segmentCount();
        for (int i = 0; i < count; i++)
        {
            scratchAddr[i] = req.segmentAddress(i);
            scratchLen[i] = req.segmentLength(i);
        }
        issueScatter(s, q, count);
    }

    private void issueScatter(final int s, final int q, final int count)
    {
        if (!dma.scatter(q, scratchAddr, scratchLen, count, rxPayload[s], rxDone[s], this, s))
        {
            // the segments are lost with the scratch arrays: translate again later
            rxBusy = false;
            scheduleRetry();
        }
    }

    @Override
    public void scatterIssued(final long cookie, final long arrivalPs)
    {
        final int s = (int)cookie;
        final int q = rxQp[s];
        rxBusy = false;
        rxDone[s] += rxChunk[s];
        if (rxKind[s] == RX_SEND)
        {
            recvOffset[q] += rxChunk[s];
        }
        pump();
    }

    private void finishRx(final int s)
    {
        final int q = rxQp[s];
        final int opcode = rxOpcode[s];
        rxHead++;
        if (rxKind[s] == RX_READ_RESPONSE)
        {
            if (opcode == BthOpcode.RDMA_READ_RESPONSE_LAST || opcode == BthOpcode.RDMA_READ_RESPONSE_ONLY
                || opcode == BthOpcode.ATOMIC_ACKNOWLEDGE)
            {
                final int w = q * window + (rxImm[s] & windowMask);
                wReadDone[w] = true;
                if (psnDiff(wLastPsn[w], ackedPsn[q]) > 0)
                {
                    ackedPsn[q] = wLastPsn[w];
                }
                retire(q);
            }
            return;
        }
        final boolean lastOfMessage = opcode == BthOpcode.SEND_LAST || opcode == BthOpcode.SEND_LAST_WITH_IMMEDIATE
            || opcode == BthOpcode.SEND_ONLY || opcode == BthOpcode.SEND_ONLY_WITH_IMMEDIATE
            || opcode == BthOpcode.RDMA_WRITE_LAST || opcode == BthOpcode.RDMA_WRITE_LAST_WITH_IMMEDIATE
            || opcode == BthOpcode.RDMA_WRITE_ONLY || opcode == BthOpcode.RDMA_WRITE_ONLY_WITH_IMMEDIATE;
        if (lastOfMessage)
        {
            msn[q]++;
            if (rxKind[s] == RX_SEND)
            {
                final boolean imm = BthOpcode.hasImmDt(opcode);
                complete(q, qps.recvCqn(q), imm ? CqeOpcode.RESPONDER_SEND_IMM : CqeOpcode.RESPONDER_SEND, 0,
                    rqConsumer[q], (int)recvOffset[q], rxImm[s]);
                rqConsumer[q] = (rqConsumer[q] + 1) & COUNTER_MASK;
                rwqeValid[q] = false;
                rqChecked[q] = false;
                recvOffset[q] = 0;
            }
            else if (BthOpcode.hasImmDt(opcode))
            {
                complete(q, qps.recvCqn(q), CqeOpcode.RESPONDER_WRITE_IMM, 0, rqConsumer[q], (int)wrLen[q],
                    rxImm[s]);
                rqConsumer[q] = (rqConsumer[q] + 1) & COUNTER_MASK;
                rwqeValid[q] = false;
                rqChecked[q] = false;
                recvOffset[q] = 0;
            }
        }
        donePsn[q] = rxPsn[s];
        packetsSinceAck[q]++;
        if (rxAckReq[s] || packetsSinceAck[q] >= params.ackEveryPackets())
        {
            queueAck(q, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID), rxPsn[s]);
        }
    }

    private void rnr(final int s, final int q)
    {
        rnrNaks.increment();
        rqChecked[q] = false;
        epoch[q]++;
        ePsn[q] = rxPsn[s];
        if (rxKind[s] == RX_WRITE)
        {
            // the retry resends this packet: its address again
            wrVa[q] = rxVa[s];
        }
        // later packets of the same window are dropped without a sequence NAK until the retry
        nakSent[q] = true;
        queueAck(q, AethSyndrome.rnrNak(qps.minRnrTimer(q) & 0x1F), rxPsn[s]);
        rxHead++;
    }

    private void responderError(final int q, final int psn, final int nakCode)
    {
        epoch[q]++;
        queueAck(q, AethSyndrome.nak(nakCode), psn);
        qps.state(q, QpState.ERROR);
        flushReceivesOf(q);
    }

    /** The receive WQE at the consumer has completed (with an error): the next one is at the head. */
    private void consumeReceive(final int q)
    {
        rqConsumer[q] = (rqConsumer[q] + 1) & COUNTER_MASK;
        rwqeValid[q] = false;
        rqChecked[q] = false;
    }

    /**
     * A flush request for QP {@code q}'s receive queue: reads the receive counter of its doorbell
     * record by DMA and then completes every receive WQE from the consumer up to it with
     * {@code WR_FLUSH}. Made on every entry to {@code ERROR} and again on every later flush request
     * while the QP is in {@code ERROR} (a send WQE posted, a MODIFY_QP to {@code ERROR}): the
     * transport has no receive doorbell, so a receive posted in {@code ERROR} is flushed at the next
     * such request. A request during the read is remembered and reads the record again after it.
     */
    private void flushReceivesOf(final int q)
    {
        if (!open[q])
        {
            return;
        }
        rwqeValid[q] = false;
        rqChecked[q] = false;
        if (rqFlushReading[q])
        {
            rqFlushAgain[q] = true;
            return;
        }
        rqFlushReading[q] = true;
        pcie.dmaRead(qps.dbrAddress(q) + QpDoorbellRecordDescriptor.RECV_COUNTER_OFFSET, 4, rqFlushBuf, 4 * q,
            this, RQ_FLUSH_COOKIE | q);
    }

    private void onReceiveCounterForFlush(final int q)
    {
        rqFlushReading[q] = false;
        if (open[q] && qps.state(q) == QpState.ERROR)
        {
            rqFlushProducer[q] = getIntBE(rqFlushBuf, 4 * q) & QpDoorbellRecordDescriptor.RECV_COUNTER_MASK;
            if (!rqFlushLeft[q])
            {
                rqFlushLeft[q] = true;
                rqFlushesLeft++;
            }
        }
        if (rqFlushAgain[q])
        {
            rqFlushAgain[q] = false;
            flushReceivesOf(q);
        }
        pump();
    }

    /**
     * Writes the receive flush CQEs that are due, in receive order per QP, keeping half of the
     * completion queue for other completions (at least one CQE when it is empty).
     */
    private void flushReceives()
    {
        for (int q = 0; q < maxQps && rqFlushesLeft > 0; q++)
        {
            if (!rqFlushLeft[q])
            {
                continue;
            }
            while (open[q] && qps.state(q) == QpState.ERROR && rqConsumer[q] != rqFlushProducer[q])
            {
                if (cqeCount > 0 && 2 * cqeCount >= cqeQueue.length)
                {
                    scheduleRetry();
                    return;
                }
                completeError(q, qps.recvCqn(q), CqeOpcode.RESPONDER_ERROR, 0, rqConsumer[q], CqeSyndrome.WR_FLUSH,
                    VendorSyndrome.NONE);
                receivesFlushed.increment();
                rqConsumer[q] = (rqConsumer[q] + 1) & COUNTER_MASK;
            }
            rqFlushLeft[q] = false;
            rqFlushesLeft--;
        }
    }

    private void queueAck(final int q, final int syndrome, final int psn)
    {
        packetsSinceAck[q] = 0;
        ackSyndrome[q] = syndrome;
        ackPsn[q] = psn & PSN_MASK;
        ackMsn[q] = msn[q] & 0xFF_FFFF;
        if (!ackPending[q])
        {
            ackPending[q] = true;
            ackQueue[(ackQueueHead + ackQueueCount) % maxQps] = q;
            ackQueueCount++;
        }
        again = true;
    }

    private void loadRq(final int q)
    {
        rqLoading[q] = true;
        pcie.dmaRead(qps.dbrAddress(q) + QpDoorbellRecordDescriptor.RECV_COUNTER_OFFSET, 4, rqBuf[q], 0, this,
            (long)q << 1);
    }

    private void onAtomicExecuted()
    {
        final int s = Integer.remainderUnsigned(rxHead, rxSlots);
        final int q = rxQp[s];
        final long original = getLongLE(atomicBuf);
        final long result;
        if (rxOpcode[s] == BthOpcode.FETCH_ADD)
        {
            result = original + rxSwap[s];
        }
        else
        {
            result = original == rxCompare[s] ? rxSwap[s] : original;
        }
        putLongLE(atomicBuf, result);
        pcie.dmaWrite(atomicPa, atomicBuf, 0, 8);
        final int i = q * SAVED_ATOMICS + savedNext[q];
        savedPsn[i] = rxPsn[s];
        savedValue[i] = original;
        savedNext[q] = (savedNext[q] + 1) % SAVED_ATOMICS;
        aaPending[q] = true;
        aaCounted[q] = true;
        aaPsn[q] = rxPsn[s];
        aaValue[q] = original;
        msn[q]++;
        donePsn[q] = rxPsn[s];
        rxBusy = false;
        rxHead++;
        activate(q);
        pump();
    }

    private static long getLongLE(final byte[] b)
    {
        long v = 0;
        for (int i = 7; i >= 0; i--)
        {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    private static void putLongLE(final byte[] b, final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            b[i] = (byte)(v >>> (8 * i));
        }
    }

    @Override
    public void dmaReadDone(final long cookie)
    {
        if (cookie == ATOMIC_COOKIE)
        {
            loop.scheduleAfter(atomicEvent, atomicParams.latencyPs());
            return;
        }
        if ((cookie & RQ_FLUSH_COOKIE) != 0)
        {
            onReceiveCounterForFlush((int)(cookie & ~RQ_FLUSH_COOKIE));
            return;
        }
        final int q = (int)(cookie >>> 1);
        final byte[] b = rqBuf[q];
        if (!open[q] || qps.state(q) == QpState.ERROR)
        {
            // the QP failed during the read: its receive WQEs are flushed, not used
            rqLoading[q] = false;
            return;
        }
        if ((cookie & 1) == 0)
        {
            rqProducer[q] = getIntBE(b, 0) & QpDoorbellRecordDescriptor.RECV_COUNTER_MASK;
            if (rqProducer[q] == rqConsumer[q])
            {
                rqLoading[q] = false;
                rqChecked[q] = true;
                pump();
                return;
            }
            final int stride = 1 << qps.logRqStride(q);
            final long slot = rqConsumer[q] & ((1 << qps.logRqSize(q)) - 1);
            pcie.dmaRead(qps.rqAddress(q) + slot * stride, stride, b, 0, this, cookie | 1);
            return;
        }
        final int stride = 1 << qps.logRqStride(q);
        final int base = q * params.maxSges();
        int count = 0;
        for (int at = 0; at + DataSegmentDescriptor.LENGTH_BYTES <= stride && count < params.maxSges();
            at += DataSegmentDescriptor.LENGTH_BYTES)
        {
            final int lkey = getIntBE(b, at + DataSegmentDescriptor.LKEY_OFFSET);
            if (lkey == 0)
            {
                break;
            }
            final int byteCount = getIntBE(b, at + DataSegmentDescriptor.BYTE_COUNT_OFFSET)
                & DataSegmentDescriptor.BYTE_COUNT_MASK;
            if (byteCount == 0)
            {
                continue;
            }
            rSgeLkey[base + count] = lkey;
            rSgeLen[base + count] = byteCount;
            rSgeAddr[base + count] = ((long)getIntBE(b, at + DataSegmentDescriptor.ADDRESS_OFFSET) << 32)
                | (getIntBE(b, at + DataSegmentDescriptor.ADDRESS_OFFSET + 4) & 0xFFFF_FFFFL);
            count++;
        }
        rSgeCount[q] = count;
        rwqeValid[q] = true;
        rqLoading[q] = false;
        recvOffset[q] = 0;
        pump();
    }

    private static int getIntBE(final byte[] b, final int at)
    {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private int produceReadResponse(final int q)
    {
        final long length = rrLength[q];
        final long offset = rrOffset[q];
        final int len = (int)Math.min(mtu[q], length - offset);
        final boolean first = offset == 0;
        final boolean last = offset + len >= length;
        final int opcode = first && last ? BthOpcode.RDMA_READ_RESPONSE_ONLY
            : first ? BthOpcode.RDMA_READ_RESPONSE_FIRST
                : last ? BthOpcode.RDMA_READ_RESPONSE_LAST : BthOpcode.RDMA_READ_RESPONSE_MIDDLE;
        final int s = Integer.remainderUnsigned(txTail, txSlots);
        if (len > 0)
        {
            final int count = sliceSegments(rrSegAddr, rrSegLen, rrSegCount, rrSegPos, rrSegPosOffset, q, len);
            if (!dma.gather(q, scratchAddr, scratchLen, count, txPayload[s], 0, this, s))
            {
                rewindSlice(rrSegLen, rrSegPos, rrSegPosOffset, q, len);
                return BLOCKED;
            }
            txReady[s] = false;
        }
        else
        {
            txReady[s] = true;
            again = true;
        }
        txSlot(s, q, opcode, rrPsn[q], len, false);
        txAeth[s] = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);
        txTail++;
        bytesSent.add(len);
        rrPsn[q] = (rrPsn[q] + 1) & PSN_MASK;
        rrOffset[q] = offset + len;
        if (last)
        {
            rrActive[q] = false;
            if (rrCounted[q])
            {
                rdPending[q]--;
                rrCounted[q] = false;
            }
            again = true;
        }
        return PRODUCED;
    }

    // ---------------------------------------------------------------------------------------------
    // Completer

    private void onAck(final int q, final int syndrome, final int psn)
    {
        acksReceived.increment();
        if (AethSyndrome.isAck(syndrome))
        {
            if (psnDiff(psn, ackedPsn[q]) > 0 && psnDiff(psn, highPsn[q]) < 0)
            {
                ackedPsn[q] = psn;
                retire(q);
                progress(q);
            }
            return;
        }
        if (qps.state(q) == QpState.ERROR || psnDiff(psn, highPsn[q]) >= 0)
        {
            return;
        }
        // everything before the NAKed PSN is acknowledged
        final int before = (psn - 1) & PSN_MASK;
        if (psnDiff(before, ackedPsn[q]) > 0)
        {
            ackedPsn[q] = before;
        }
        retire(q);
        final CqeSyndrome error;
        if (AethSyndrome.isRnrNak(syndrome))
        {
            rnrNaksReceived.increment();
            if (qps.rnrRetry(q) != 7)
            {
                if (rnrLeft[q] == 0)
                {
                    fail(q, sqHead[q], CqeSyndrome.RNR_RETRY_EXCEEDED, VendorSyndrome.NONE);
                    return;
                }
                rnrLeft[q]--;
            }
            // wait the encoded time, then go back to the NAKed PSN
            rnrWait[q] = true;
            needRetry[q] = false;
            loop.deschedule(rtoTimer[q]);
            loop.reschedule(rnrTimer[q], loop.nowPs() + AethSyndrome.rnrTimerPs(AethSyndrome.value(syndrome)));
            return;
        }
        if (AethSyndrome.value(syndrome) == AethSyndrome.NAK_PSN_SEQUENCE_ERROR)
        {
            sequenceNaksReceived.increment();
            if (!rnrWait[q])
            {
                retryError(q);
            }
            return;
        }
        else
        {
            switch (AethSyndrome.value(syndrome))
            {
                case AethSyndrome.NAK_REMOTE_ACCESS_ERROR:
                    error = CqeSyndrome.REMOTE_ACCESS;
                    break;
                case AethSyndrome.NAK_INVALID_REQUEST:
                    error = CqeSyndrome.REMOTE_INVALID_REQUEST;
                    break;
                case AethSyndrome.NAK_REMOTE_OPERATIONAL_ERROR:
                    error = CqeSyndrome.REMOTE_OPERATION;
                    break;
                default:
                    error = CqeSyndrome.RETRY_EXCEEDED;
                    break;
            }
        }
        fail(q, sqHead[q], error, VendorSyndrome.NONE);
    }

    private void retire(final int q)
    {
        int n = 0;
        while (sqHead[q] != sqSend[q])
        {
            final int w = q * window + (sqHead[q] & windowMask);
            if (readLike(wOpcode[w]) ? !wReadDone[w] : psnDiff(wLastPsn[w], ackedPsn[q]) > 0)
            {
                break;
            }
            if (wSignalled[w])
            {
                complete(q, qps.sendCqn(q), CqeOpcode.REQUESTER, wOpcode[w], wIndex[w],
                    readLike(wOpcode[w]) ? (int)wLength[w] : 0, 0);
            }
            sqHead[q]++;
            n++;
        }
        if (n > 0)
        {
            grant(q, n);
            activate(q);
        }
    }

    /**
     * Fails the QP: WQE {@code at} (a window counter) completes with {@code syndrome}, the ones
     * before it that are not retired and every one after it with {@code WR_FLUSH}; the QP moves to
     * {@code ERROR}.
     */
    private void fail(final int q, final int at, final CqeSyndrome syndrome, final VendorSyndrome vendor)
    {
        qps.state(q, QpState.ERROR);
        flushReceivesOf(q);
        int n = 0;
        while (sqHead[q] != sqTail[q])
        {
            final int w = q * window + (sqHead[q] & windowMask);
            final boolean failed = sqHead[q] == at;
            completeError(q, qps.sendCqn(q), CqeOpcode.REQUESTER_ERROR, wOpcode[w], wIndex[w],
                failed ? syndrome : CqeSyndrome.WR_FLUSH, failed ? vendor : VendorSyndrome.NONE);
            if (!failed)
            {
                flushed.increment();
            }
            sqHead[q]++;
            n++;
        }
        sqSend[q] = sqTail[q];
        rrActive[q] = false;
        sendOffset[q] = 0;
        needRetry[q] = false;
        rnrWait[q] = false;
        resumeBytes[q] = 0;
        loop.deschedule(rtoTimer[q]);
        loop.deschedule(rnrTimer[q]);
        translated[q] = false;
        curSegCount[q] = 0;
        curSegPos[q] = 0;
        curSegPosOffset[q] = 0;
        xlatSge[q] = 0;
        if (n > 0)
        {
            grant(q, n);
        }
    }

    private void flushFrom(final int q, final int from, final CqeSyndrome syndrome, final VendorSyndrome vendor)
    {
        fail(q, from - 1, syndrome, vendor);
    }

    // ---------------------------------------------------------------------------------------------
    // Completions

    private void complete(final int q, final int cqn, final CqeOpcode opcode, final int wqeOpcode,
        final int wqeCounter, final int byteCount, final int immediate)
    {
        final CompletionRequest r = nextCqe();
        r.cqn(cqn).opcode(opcode).wqeOpcode(wqeOpcode).qpn(q).wqeCounter(wqeCounter & COUNTER_MASK)
            .byteCount(byteCount).immediate(immediate);
        drainCqes();
    }

    private void completeError(final int q, final int cqn, final CqeOpcode opcode, final int wqeOpcode,
        final int wqeCounter, final CqeSyndrome syndrome, final VendorSyndrome vendor)
    {
        final CompletionRequest r = nextCqe();
        r.cqn(cqn).opcode(opcode).wqeOpcode(wqeOpcode).qpn(q).wqeCounter(wqeCounter & COUNTER_MASK)
            .syndrome(syndrome).vendorSyndrome(vendor);
        drainCqes();
    }

    private CompletionRequest nextCqe()
    {
        if (cqeCount == cqeQueue.length)
        {
            throw new IllegalStateException(name + ": more than " + cqeQueue.length + " completions waiting");
        }
        final CompletionRequest r = cqeQueue[(cqeHead + cqeCount) % cqeQueue.length];
        cqeCount++;
        return r.clear();
    }

    private void drainCqes()
    {
        while (cqeCount > 0)
        {
            if (!completion.complete(cqeQueue[cqeHead]))
            {
                scheduleRetry();
                return;
            }
            cqes.increment();
            cqeHead = (cqeHead + 1) % cqeQueue.length;
            cqeCount--;
        }
    }

    private void scheduleRetry()
    {
        if (!retryEvent.scheduled())
        {
            loop.scheduleAfter(retryEvent, params.cqeRetryPs());
        }
    }

    private void onRetry()
    {
        pump();
    }

    // ---------------------------------------------------------------------------------------------

    /** @return {@code a - b} in the 24-bit PSN space, as a signed distance */
    static int psnDiff(final int a, final int b)
    {
        return ((a - b) << 8) >> 8;
    }

    /** @return the component path */
    public String name()
    {
        return name;
    }

    /** @return the parameters */
    public RcTransportParams params()
    {
        return params;
    }

    /** @param qpn an open QP @return the next PSN it sends */
    public int nextSendPsn(final int qpn)
    {
        return nextPsn[qpn];
    }

    /** @param qpn an open QP @return the PSN its responder expects next */
    public int expectedPsn(final int qpn)
    {
        return ePsn[qpn];
    }

    /** @param qpn an open QP @return send WQEs taken from the fetcher and not yet completed */
    public int outstandingWqes(final int qpn)
    {
        return sqTail[qpn] - sqHead[qpn];
    }

    /** @return packets handed to the port */
    public long packetsSent()
    {
        return packetsSent.value();
    }

    /** @return ACKs sent */
    public long acksSent()
    {
        return acksSent.value();
    }

    /** @return NAKs sent, RNR included */
    public long naksSent()
    {
        return naksSent.value();
    }

    /** @return duplicate requests received */
    public long duplicates()
    {
        return duplicates.value();
    }

    /** @return requests received ahead of the expected PSN */
    public long sequenceErrors()
    {
        return sequenceErrors.value();
    }

    /** @return packets dropped */
    public long rxDropped()
    {
        return rxDropped.value();
    }

    /** @return completions handed to the completion unit */
    public long cqes()
    {
        return cqes.value();
    }

    /** @return send WQEs flushed */
    public long flushed()
    {
        return flushed.value();
    }

    /** @return receive WQEs completed with WR_FLUSH */
    public long receivesFlushed()
    {
        return receivesFlushed.value();
    }

    /** @return retransmission timer expiries */
    public long retransmitTimeouts()
    {
        return timeouts.value();
    }

    /** @return request packets sent again by go-back-N */
    public long retransmittedPackets()
    {
        return retransmittedPackets.value();
    }

    /** @return sequence-error NAKs received */
    public long sequenceNaksReceived()
    {
        return sequenceNaksReceived.value();
    }

    /** @return RNR NAKs received */
    public long rnrNaksReceived()
    {
        return rnrNaksReceived.value();
    }

    /** @return duplicate READ requests answered again */
    public long readReplays()
    {
        return readReplays.value();
    }

    /** @return RNR NAKs sent */
    public long rnrNaks()
    {
        return rnrNaks.value();
    }
}
