package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcPacketSlots.IDLE;
import static org.sansim.nic.transport.RcQpState.NONE;

import org.sansim.hw.QpState;
import org.sansim.nic.context.QpContextCache;
import org.sansim.nic.port.NicPort;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * The {@link RcTransport}'s transmit side (nic-hardware.md 5.7): which QP builds the next packet,
 * at what pace, and the frames handed to the {@link NicPort}.
 *
 * <p><b>Contract.</b> QPs with requester, READ-response or atomic-acknowledgement work wait in a
 * round robin ({@link #activate}); {@link #fill} gives each in turn one packet into a transmit slot
 * (its ATOMIC ACKNOWLEDGE first, then its READ response, then its requests), at most one every
 * {@code rc.txCyclesPerPacket} cycles, and drops a QP from the round robin when it has nothing to
 * build; a QP that is closed, in {@code ERROR} or whose context is not on the chip builds nothing.
 * {@link #drain} hands the port, while it has room, first every ACK or NAK the responder has
 * waiting, then the transmit slots in order once their payload is gathered (a slot of a QP in
 * {@code ERROR} is dropped); a request packet leaving arms its QP's retransmission timer.
 *
 * <p>Package-private; the transport calls it from its pump. Steady state allocates nothing: frames
 * are built in the port's buffers through one reused {@link RoceFrame}.
 */
final class RcTransmitter
{
    private final EventLoop loop;
    private final QpContextView qps;
    private final NicPort port;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcPacketSlots slots;
    private final RcStats stats;
    private final RcRequester requester;
    private final RcResponder responder;
    private final QpContextCache contexts;
    private final int maxQps;
    private final RoceFrame builder = new RoceFrame();

    // QPs with requester or READ-response work, round robin
    private final boolean[] active;
    private final int[] activeQueue;
    private int activeHead;
    private int activeCount;

    // the transmit pipeline: when it can take its next packet
    private final long txIntervalPs;
    private long txFreePs;
    private final Event txPipelineEvent;

    /**
     * @param name the transport's component path; the pipeline event is named after it
     * @param maxQps QPNs below this
     * @param txIntervalPs time between two packets the pipeline builds
     * @param loop the NIC partition's event loop
     * @param qps the QP attributes
     * @param port the Ethernet port
     * @param transport the transport, whose pump runs when the pipeline is free again
     * @param qp the per-QP transport state
     * @param slots the packet slots
     * @param stats the transport's statistics
     * @param requester the requester engine
     * @param responder the responder engine
     * @param contexts the QP context cache
     */
    RcTransmitter(final String name, final int maxQps, final long txIntervalPs, final EventLoop loop,
        final QpContextView qps, final NicPort port, final RcTransport transport, final RcQpState qp,
        final RcPacketSlots slots, final RcStats stats, final RcRequester requester, final RcResponder responder,
        final QpContextCache contexts)
    {
        this.loop = loop;
        this.qps = qps;
        this.port = port;
        this.transport = transport;
        this.qp = qp;
        this.slots = slots;
        this.stats = stats;
        this.requester = requester;
        this.responder = responder;
        this.contexts = contexts;
        this.maxQps = maxQps;
        this.txIntervalPs = txIntervalPs;
        this.txPipelineEvent = Event.of(name + ".txPipeline", Priority.DEFAULT, transport::pump);
        active = new boolean[maxQps];
        activeQueue = new int[maxQps];
    }

    /**
     * Puts a QP in the round robin unless it is there already.
     *
     * @param q the QP
     * @return whether it was added
     */
    boolean activate(final int q)
    {
        if (active[q])
        {
            return false;
        }
        active[q] = true;
        activeQueue[(activeHead + activeCount) % maxQps] = q;
        activeCount++;
        return true;
    }

    /** Builds packets into free transmit slots, one per QP in turn, at the pipeline's pace. */
    void fill()
    {
        while (activeCount > 0 && !slots.txFull())
        {
            final long nowPs = loop.nowPs();
            if (nowPs < txFreePs)
            {
                // the transmit pipeline takes its next packet at txFreePs
                if (!txPipelineEvent.scheduled())
                {
                    loop.schedule(txPipelineEvent, txFreePs);
                }
                return;
            }
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
            if (result == RcPacketSlots.PRODUCED)
            {
                txFreePs = nowPs + txIntervalPs;
            }
            if (result == RcPacketSlots.BLOCKED)
            {
                transport.scheduleRetry();
                return;
            }
        }
    }

    /**
     * One packet of a QP: its ATOMIC ACKNOWLEDGE first, then its READ response, then its requests. A QP
     * whose context is not on the chip produces nothing until it is loaded ({@link RcTransport}'s context listener).
     */
    private int produce(final int q)
    {
        if (!qp.open[q] || qps.state(q) == QpState.ERROR)
        {
            return IDLE;
        }
        if (!contexts.lookup(q))
        {
            return IDLE;
        }
        if (qp.aaPending[q])
        {
            return responder.produceAtomicAck(q);
        }
        if (qp.rrActive[q])
        {
            return responder.produceReadResponse(q);
        }
        return requester.produce(q);
    }

    /** Hands the port ACKs and NAKs first, then the ready transmit slots, while it has room. */
    void drain()
    {
        while (port.canClaim())
        {
            final int ackQp = responder.ackWaiting() ? responder.takeAck() : NONE;
            if (ackQp != NONE)
            {
                final byte[] buf = port.claimTxBuffer();
                builder.begin(buf, 0, qp.path[ackQp], BthOpcode.ACKNOWLEDGE);
                builder.bth().psn(qp.ackPsn[ackQp]).destQp(qps.remoteQpn(ackQp));
                builder.aeth().syndrome(qp.ackSyndrome[ackQp]).msn(qp.ackMsn[ackQp]);
                port.submit(builder.finish(0), 0);
                stats.packetsSent.increment();
                if (AethSyndrome.isAck(qp.ackSyndrome[ackQp]))
                {
                    stats.acksSent.increment();
                }
                else
                {
                    stats.naksSent.increment();
                }
                continue;
            }
            if (slots.txHead != slots.txTail && slots.txReady[Integer.remainderUnsigned(slots.txHead, slots.txSlots)])
            {
                final int s = Integer.remainderUnsigned(slots.txHead, slots.txSlots);
                slots.txHead++;
                transport.markWork();
                final int q = slots.txQp[s];
                final int opcode = slots.txOpcode[s];
                responder.txSlotLeft(q, opcode);
                if (qps.state(q) == QpState.ERROR)
                {
                    continue;
                }
                final byte[] buf = port.claimTxBuffer();
                builder.begin(buf, 0, qp.path[q], opcode);
                builder.bth().psn(slots.txPsn[s]).destQp(qps.remoteQpn(q)).ackReq(slots.txAckReq[s]);
                if (BthOpcode.hasReth(opcode))
                {
                    builder.reth().va(slots.txVa[s]).rkey(slots.txRkey[s]).dmaLengthBytes(slots.txDmaLen[s]);
                }
                if (BthOpcode.hasImmDt(opcode))
                {
                    builder.immDt().immediate(slots.txImm[s]);
                }
                if (BthOpcode.hasAeth(opcode))
                {
                    builder.aeth().syndrome(slots.txAeth[s]).msn(qp.msn[q] & 0xFF_FFFF);
                }
                if (BthOpcode.hasAtomicEth(opcode))
                {
                    builder.atomicEth().va(slots.txVa[s]).rkey(slots.txRkey[s]).swapAddData(slots.txSwap[s])
                        .compareData(slots.txCompare[s]);
                }
                if (BthOpcode.hasAtomicAckEth(opcode))
                {
                    builder.atomicAckEth().originalData(slots.txSwap[s]);
                }
                port.submit(builder.finish(slots.txPayload[s], 0, slots.txLen[s]), 0);
                stats.packetsSent.increment();
                if (opcode < BthOpcode.RDMA_READ_RESPONSE_FIRST || opcode > BthOpcode.RDMA_READ_RESPONSE_ONLY)
                {
                    requester.armTimer(q);
                }
                continue;
            }
            return;
        }
    }
}
