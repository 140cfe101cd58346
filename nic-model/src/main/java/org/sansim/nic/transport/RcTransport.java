package org.sansim.nic.transport;

import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.context.QpContextCache;
import org.sansim.nic.dma.DmaEngines;
import org.sansim.nic.dma.DmaGatherListener;
import org.sansim.nic.dma.DmaScatterListener;
import org.sansim.nic.port.NicPort;
import org.sansim.nic.port.PortTxListener;
import org.sansim.nic.port.RoceReceiver;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.nic.wqe.WorkRequest;
import org.sansim.nic.wqe.WorkRequestSink;
import org.sansim.nic.wqe.WqeFetcher;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.ClockDomain;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.StatsRegistry;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * The reliable-connection transport of one NIC, split as Soft-RoCE splits it (nic-hardware.md
 * 5.7-5.8):
 *
 * <ul>
 *   <li><b>requester</b>: takes {@link WorkRequest}s from the {@link WqeFetcher} (one credit per free
 *       window slot), translates the local SGEs chunk by chunk, gathers each packet's payload by DMA into one of
 *       {@code txSlots} staging buffers and hands the packets to the {@link NicPort} in order, with
 *       consecutive PSNs, a RETH on the first packet of a WRITE and on a READ request, ImmDt on the
 *       last packet of an {@code *_IMM} message and AckReq on the last packet of each message; it
 *       stops while {@code maxUnackedPsns} PSNs or more are unacknowledged (Soft-RoCE's
 *       {@code wait_psn}), asking for an ACK on the packet that fills that window;</li>
 *   <li><b>responder</b>: checks each request's PSN (a duplicate is ACKed again or, a READ,
 *       answered again; a gap NAKed once with a sequence error, once the requests before it are
 *       written), keeps up to {@code rxSlots} accepted packets (one more is refused to the port, which
 *       holds it and back-pressures the link: never dropped) and writes them to host memory in PSN order: a WRITE through its rkey
 *       ({@code REMOTE_WRITE}, a failure NAKs a remote access error and moves the QP to
 *       {@code ERROR}), a SEND into the receive WQE it reads by DMA
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
 * the QP (it is flushed too) and each MODIFY_QP to {@code ERROR} reads the record again. The send
 * WQEs the QP holds are flushed on every one of these entries too, the responder's own error
 * included (IBA: an RC responder error moves the whole QP to {@code ERROR}): each completes on the
 * send CQ with {@code WR_FLUSH}, in order, at once.
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
 * <p>Translation on the fly: a range that can be long (the requester's local SGEs, the responder's
 * READ range) is translated in chunks that end on the {@code rc.maxSegmentsPerMessage}-th 4 KiB
 * boundary, so each fits one translation request whatever the region's page size; the segments go to
 * a per-QP ring of two chunks ({@link RcSegmentRing}), the next chunk is translated while packets are
 * built from the current one, and a packet waits only if its bytes are not translated yet. The
 * requester starts sending once the whole message or a full chunk is translated (a message of one
 * chunk per SGE goes as it did when SGEs were translated whole), and a go-back-N translates again from
 * the chunk holding its resume offset. A READ whose range leaves its region is NAKed (remote access
 * error) when the chunk that leaves it is translated, possibly after some of its responses have gone
 * out. Everything that lands in memory (WRITE and SEND payloads, READ
 * responses) is translated per packet, a piece of at most one MTU. A message or RDMA may therefore be
 * as long as its WQE's byte count allows (2^31 bytes).
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
 * <p>QP contexts: before it builds a packet of a QP and before it processes a packet that arrives for
 * one, the transport looks the QP's context up in the {@link QpContextCache}; a miss reads the context
 * from host memory, and meanwhile the QP sends nothing and the port holds the arrived packet and those
 * behind it (HARDWARE.md 5.8.1).
 *
 * <p>Packet pipelines: the transmit pipeline builds one packet (request, READ response or atomic
 * acknowledgement, of any QP) every {@code rc.txCyclesPerPacket} cycles of {@code rc.clockHz}, and the
 * receive pipeline takes one arrived packet every {@code rc.rxCyclesPerPacket} cycles (a packet that
 * comes sooner waits in the port's ingress FIFO): the whole NIC's packet rate has these ceilings
 * whatever the number of QPs. Their depth is a latency apart from that interval: a complete packet
 * (built, payload gathered) reaches the port's MAC {@code rc.txPipelineCycles} later, and a packet
 * from the MAC is acted on {@code rc.rxPipelineCycles} later. The port keeps the frames in flight in
 * its own buffers ({@link NicPort#pipelineDepths}), so the depth costs no slot and changes no rate.
 *
 * <p>Structure: this class is the component (its public API, the receive side of the port and the
 * pump that runs the engines); the engines are {@link RcRequester}, {@link RcResponder} and
 * {@link RcCompleter}, over the per-QP state {@link RcQpState}, the packet slots
 * {@link RcPacketSlots} and the statistics {@link RcStats}. {@link RcTransmitter} is the transmit
 * side (the QPs' round robin, the transmit pipeline, frames to the port) and {@link RcQpLifecycle}
 * what each QP state change does. Every per-QP array is indexed by QPN,
 * below {@code maxQps}. Steady state allocates nothing.
 */
public final class RcTransport implements WorkRequestSink, RoceReceiver, PortTxListener, DmaGatherListener,
    DmaScatterListener, DmaReadCompletion
{
    private final String name;
    private final RcTransportParams params;
    private final EventLoop loop;
    private final QpContextView qps;
    private final NicPort port;
    private final Event retryEvent;
    private final RcQpState qp;
    private final RcPacketSlots slots;
    private final RcStats stats;
    private final RcRequester requester;
    private final RcResponder responder;
    private final RcCompleter completer;
    private final RcTransmitter transmitter;
    private final RcQpLifecycle lifecycle;
    private final QpContextCache contexts;
    private final int maxQps;

    private boolean pumping;
    private boolean again;
    // a received packet was refused for want of a receive slot: the port holds it
    private boolean ingressRefused;
    // the QP whose context the port's held packet waits for, or -1
    private int ingressContextQp = -1;
    // the receive pipeline: when it can take its next packet
    private final long rxIntervalPs;
    private long rxFreePs;
    private final Event rxPipelineEvent;

    /**
     * Builds the transport, installs it as the fetcher's sink and declares its pipelines' depth to the
     * port; the port's receiver and its transmit listener are left to the caller
     * ({@link org.sansim.nic.Nic} does both).
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
        this.qps = qps;
        this.port = port;
        this.retryEvent = Event.of(name + ".retry", Priority.DEFAULT, this::onRetry);
        final ClockDomain pipelineClock = ClockDomain.ofFrequencyHz(name + ".clock", params.clockHz());
        rxIntervalPs = pipelineClock.cyclesToPs(params.rxCyclesPerPacket());
        rxPipelineEvent = Event.of(name + ".rxPipeline", Priority.DEFAULT, () -> this.port.resumeReceive());
        port.pipelineDepths(pipelineClock.cyclesToPs(params.txPipelineCycles()),
            pipelineClock.cyclesToPs(params.rxPipelineCycles()));
        maxQps = params.maxQps();
        qp = new RcQpState(name, params, fetcher.params().maxInlineBytes());
        slots = new RcPacketSlots(params);
        this.stats = new RcStats(name, stats);
        requester = new RcRequester(name, loop, qps, fetcher, translation, dma, this, qp, slots, this.stats,
            params.maxUnackedPsns());
        responder = new RcResponder(name, params, loop, pcie, qps, translation, dma, this, qp, slots, this.stats);
        completer = new RcCompleter(name, params, qps, completion, this, qp, slots, this.stats);
        contexts = new QpContextCache(params.qpcCacheEntries(), params.qpcCacheWays(), params.qpcMaxMisses(), maxQps,
            loop, pcie, this.stats.group).listener(this::onContextLoaded);
        transmitter = new RcTransmitter(name, maxQps, pipelineClock.cyclesToPs(params.txCyclesPerPacket()), loop,
            qps, port, this, qp, slots, this.stats, requester, responder, contexts);
        lifecycle = new RcQpLifecycle(name, qps, this, qp, requester, responder, completer, localMac, localIpv4);
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
        lifecycle.open(qpn);
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
        lifecycle.stateChanged(qpn, to);
    }

    @Override
    public void onWorkRequest(final WorkRequest r)
    {
        requester.onWorkRequest(r);
    }

    @Override
    public void onWqeError(final int qpn, final int wqeIndex, final CqeSyndrome syndrome,
        final VendorSyndrome vendorSyndrome)
    {
        if (qpn < 0 || qpn >= maxQps || !qp.open[qpn])
        {
            return;
        }
        completer.onWqeError(qpn, wqeIndex, syndrome, vendorSyndrome);
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
        responder.atomicUnit(p);
        return this;
    }

    // ---------------------------------------------------------------------------------------------
    // Scheduling of the engines

    /**
     * Puts a QP with requester or responder packets to send in the round robin.
     *
     * @param q the QP
     */
    void activate(final int q)
    {
        if (transmitter.activate(q))
        {
            again = true;
        }
    }

    /** Asks the running pass of {@link #pump()} for one more pass: some engine made progress. */
    void markWork()
    {
        again = true;
    }

    /**
     * Runs the engines until none makes progress: the port side, the requester and responder
     * packets, the receive pipeline, the receive flushes, the completions. Re-entrant calls only ask
     * the running pass for another.
     */
    void pump()
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
            transmitter.drain();
            transmitter.fill();
            responder.processRx();
            responder.flushReceives();
            completer.drainCqes();
            resumeIngress();
        }
        while (again);
        pumping = false;
    }

    /**
     * A QP context a lookup missed is on the chip: the port's held packet waiting for it is offered
     * again, and the QP's packets to send are scheduled.
     */
    private void onContextLoaded(final int q)
    {
        if (q == ingressContextQp)
        {
            ingressContextQp = -1;
            port.resumeReceive();
        }
        if (qp.open[q])
        {
            activate(q);
        }
        pump();
    }

    /**
     * @return the QP context cache; the command processor configures its table and invalidates entries
     *     it changes
     */
    public QpContextCache contextCache()
    {
        return contexts;
    }

    /** Asks for a pass of the engines a little later: a DMA or the completion unit refused work. */
    void scheduleRetry()
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

    /** @return the requester */
    RcRequester requester()
    {
        return requester;
    }

    /** @return the responder */
    RcResponder responder()
    {
        return responder;
    }

    /** @return the completer */
    RcCompleter completer()
    {
        return completer;
    }

    // ---------------------------------------------------------------------------------------------
    // Port side

    @Override
    public void gatherDone(final long cookie)
    {
        slots.txReady[(int)cookie] = true;
        pump();
    }

    @Override
    public void onTxSpace()
    {
        pump();
    }

    // ---------------------------------------------------------------------------------------------
    // Receive: completer (responses to our requests) or responder (requests)

    @Override
    public boolean onRoceFrame(final RoceFrame parsed, final byte[] buf, final int offset, final int lengthBytes)
    {
        final int q = parsed.bth().destQp();
        final int opcode = parsed.opcode();
        if (q >= maxQps || !qp.open[q])
        {
            stats.rxDropped.increment();
            return true;
        }
        final long nowPs = loop.nowPs();
        if (nowPs < rxFreePs)
        {
            // the receive pipeline takes its next packet at rxFreePs: the port holds this one until then
            if (!rxPipelineEvent.scheduled())
            {
                loop.schedule(rxPipelineEvent, rxFreePs);
            }
            return false;
        }
        if (!contexts.lookup(q))
        {
            // the QP's context is being read from host memory: the port holds this frame and those behind
            // it (the receive pipeline stalls, as on a real NIC's ICM miss) until onContextLoaded
            ingressContextQp = q;
            return false;
        }
        final int psn = parsed.bth().psn();
        final boolean taken;
        if (opcode == BthOpcode.ACKNOWLEDGE)
        {
            completer.onAck(q, parsed.aeth().syndrome(), psn);
            taken = true;
        }
        else if (opcode >= BthOpcode.RDMA_READ_RESPONSE_FIRST && opcode <= BthOpcode.RDMA_READ_RESPONSE_ONLY)
        {
            taken = completer.onReadResponse(q, parsed, opcode, psn);
        }
        else if (opcode == BthOpcode.ATOMIC_ACKNOWLEDGE)
        {
            taken = completer.onAtomicAck(q, parsed.atomicAckEth().originalData(), psn);
        }
        else
        {
            // the responder runs the engines itself
            taken = responder.onRequest(parsed, buf, q, opcode, psn);
        }
        if (!taken)
        {
            // no receive slot: the port holds the frame, and those behind it, until resumeIngress
            ingressRefused = true;
            stats.rxRefused.increment();
            return false;
        }
        stats.packetsReceived.increment();
        rxFreePs = nowPs + rxIntervalPs;
        pump();
        return true;
    }

    /** Offers the port's held frames again once a receive slot is free. */
    private void resumeIngress()
    {
        if (ingressRefused && !slots.rxFull() && ingressContextQp < 0)
        {
            ingressRefused = false;
            port.resumeReceive();
        }
    }

    @Override
    public void scatterIssued(final long cookie, final long arrivalPs)
    {
        responder.scatterIssued(cookie);
    }

    @Override
    public void dmaReadDone(final long cookie)
    {
        responder.dmaReadDone(cookie);
    }

    // ---------------------------------------------------------------------------------------------
    // Observation

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
        return qp.nextPsn[qpn];
    }

    /** @param qpn an open QP @return the PSN its responder expects next */
    public int expectedPsn(final int qpn)
    {
        return qp.ePsn[qpn];
    }

    /**
     * @param qpn an open QP
     * @return request PSNs it has sent from its oldest unacknowledged one on, at most
     *     {@link RcTransportParams#maxUnackedPsns()}
     */
    public int unackedPsns(final int qpn)
    {
        return requester.unackedPsns(qpn);
    }

    /** @return times a QP's requester stopped at the unacknowledged-PSN window */
    public long psnWindowStalls()
    {
        return stats.psnWindowStalls.value();
    }

    /** @param qpn an open QP @return send WQEs taken from the fetcher and not yet completed */
    public int outstandingWqes(final int qpn)
    {
        return qp.sqTail[qpn] - qp.sqHead[qpn];
    }

    /** @return packets handed to the port */
    public long packetsSent()
    {
        return stats.packetsSent.value();
    }

    /** @return ACKs sent */
    public long acksSent()
    {
        return stats.acksSent.value();
    }

    /** @return NAKs sent, RNR included */
    public long naksSent()
    {
        return stats.naksSent.value();
    }

    /** @return duplicate requests received */
    public long duplicates()
    {
        return stats.duplicates.value();
    }

    /** @return requests received ahead of the expected PSN */
    public long sequenceErrors()
    {
        return stats.sequenceErrors.value();
    }

    /** @return packets dropped */
    public long rxDropped()
    {
        return stats.rxDropped.value();
    }

    /** @return completions handed to the completion unit */
    public long cqes()
    {
        return stats.cqes.value();
    }

    /** @return send WQEs flushed */
    public long flushed()
    {
        return stats.flushed.value();
    }

    /** @return receive WQEs completed with WR_FLUSH */
    public long receivesFlushed()
    {
        return stats.receivesFlushed.value();
    }

    /** @return retransmission timer expiries */
    public long retransmitTimeouts()
    {
        return stats.timeouts.value();
    }

    /** @return request packets sent again by go-back-N */
    public long retransmittedPackets()
    {
        return stats.retransmittedPackets.value();
    }

    /** @return sequence-error NAKs received */
    public long sequenceNaksReceived()
    {
        return stats.sequenceNaksReceived.value();
    }

    /** @return RNR NAKs received */
    public long rnrNaksReceived()
    {
        return stats.rnrNaksReceived.value();
    }

    /** @return duplicate READ requests answered again */
    public long readReplays()
    {
        return stats.readReplays.value();
    }

    /** @return RNR NAKs sent */
    public long rnrNaks()
    {
        return stats.rnrNaks.value();
    }
}
