package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcPacketSlots.RX_ATOMIC;
import static org.sansim.nic.transport.RcPacketSlots.RX_READ_REQUEST;
import static org.sansim.nic.transport.RcPacketSlots.RX_SEND;
import static org.sansim.nic.transport.RcPacketSlots.RX_WRITE;
import static org.sansim.nic.transport.RcQpState.PSN_MASK;
import static org.sansim.nic.transport.RcQpState.psnDiff;

import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * The responder's front end: each request packet (SEND, WRITE, READ request, atomic) of an open QP is
 * checked against the QP's expected PSN ({@code ePsn}) and classified, then accepted into a receive
 * slot of the {@link RcReceivePipeline} or answered at once:
 * <ul>
 *   <li>a duplicate (PSN before {@code ePsn}): a READ request is answered again from its RETH (it takes
 *       a receive slot, without moving the PSN or taking a responder resource), an atomic gets its saved
 *       result again ({@link RcAtomicUnit#replay}, never executed twice), anything else the re-ACK of
 *       the QP's completed PSN;</li>
 *   <li>a gap (PSN after {@code ePsn}): one sequence-error NAK until a packet is accepted again, sent
 *       when the requests before the gap are written ({@link RcAckQueue#sequenceError});</li>
 *   <li>the expected PSN: an unknown opcode is NAKed as an invalid request; a misaligned atomic, or a
 *       READ or atomic beyond the QP's {@code maxDestRdAtomic} responder resources, is a responder
 *       error ({@link RcResponder#responderError}); anything else takes a slot, with the RETH or
 *       AtomicETH remembered for the message's later packets, and moves {@code ePsn} past it (past
 *       every response packet for a READ).</li>
 * </ul>
 * A packet that needs a receive slot when all are taken is refused with nothing changed: the port
 * holds it (back-pressure, never a drop). Steady state allocates nothing.
 */
final class RcRequestAcceptor
{
    private final QpContextView qps;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcPacketSlots slots;
    private final RcStats stats;
    private final RcAckQueue acks;
    private final RcReceivePipeline pipeline;
    private final RcAtomicUnit atomics;
    private final RcResponder responder;

    /**
     * @param qps the QP attributes (state, responder resources)
     * @param transport the scheduler
     * @param qp the per-QP state
     * @param slots the packet slots
     * @param stats the statistics
     * @param acks the acknowledgement queue
     * @param pipeline the receive pipeline the accepted packets go to
     * @param atomics the atomic unit, for duplicate atomics
     * @param responder the responder, for its error path
     */
    RcRequestAcceptor(final QpContextView qps, final RcTransport transport, final RcQpState qp,
        final RcPacketSlots slots, final RcStats stats, final RcAckQueue acks, final RcReceivePipeline pipeline,
        final RcAtomicUnit atomics, final RcResponder responder)
    {
        this.qps = qps;
        this.transport = transport;
        this.qp = qp;
        this.slots = slots;
        this.stats = stats;
        this.acks = acks;
        this.pipeline = pipeline;
        this.atomics = atomics;
        this.responder = responder;
    }

    /**
     * A request packet for an open QP (see the class comment); a QP whose state does not process
     * inbound packets drops it ({@code rxDropped}).
     *
     * @param parsed the parsed frame
     * @param buf the frame's buffer
     * @param q the destination QP, open
     * @param opcode its BTH opcode
     * @param psn its PSN
     * @return false if it was refused for want of a receive slot
     */
    boolean onRequest(final RoceFrame parsed, final byte[] buf, final int q, final int opcode, final int psn)
    {
        if (!qps.state(q).inboundProcessed())
        {
            stats.rxDropped.increment();
            return true;
        }
        final int diff = psnDiff(psn, qp.ePsn[q]);
        if (diff < 0)
        {
            return onDuplicate(parsed, q, opcode, psn);
        }
        if (diff > 0)
        {
            stats.sequenceErrors.increment();
            if (!qp.nakSent[q])
            {
                // NAKed once, when the requests before the gap are done (RcAckQueue)
                qp.nakSent[q] = true;
                acks.sequenceError(q);
                transport.pump();
            }
            return true;
        }
        if (slots.rxFull())
        {
            return false;
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
                responder.responderError(q, psn, AethSyndrome.NAK_INVALID_REQUEST);
                transport.pump();
                return true;
            }
        }
        else
        {
            acks.queue(q, AethSyndrome.nak(AethSyndrome.NAK_INVALID_REQUEST), psn);
            transport.pump();
            return true;
        }
        if (kind == RX_READ_REQUEST || kind == RX_ATOMIC)
        {
            if (qp.rdPending[q] >= qps.maxDestRdAtomic(q))
            {
                // more READs and atomics than the responder resources: invalid request
                responder.responderError(q, psn, AethSyndrome.NAK_INVALID_REQUEST);
                transport.pump();
                return true;
            }
            qp.rdPending[q]++;
        }
        accept(parsed, buf, q, kind, opcode, psn);
        return true;
    }

    /** A request before the expected PSN (see the class comment); false if a READ finds no slot. */
    private boolean onDuplicate(final RoceFrame parsed, final int q, final int opcode, final int psn)
    {
        if (opcode == BthOpcode.RDMA_READ_REQUEST && slots.rxFull())
        {
            return false;
        }
        stats.duplicates.increment();
        if (opcode == BthOpcode.RDMA_READ_REQUEST)
        {
            // replay: answer the duplicate request again from its RETH, without moving the PSN
            stats.readReplays.increment();
            final int s = slots.rxNext();
            pipeline.accept(s, q, RX_READ_REQUEST, opcode, psn, 0, true);
            slots.rxDup[s] = true;
            slots.rxVa[s] = parsed.reth().va();
            slots.rxRkey[s] = parsed.reth().rkey();
            slots.rxDmaLen[s] = parsed.reth().dmaLengthBytes();
            slots.rxTail++;
            transport.pump();
            return true;
        }
        if (opcode == BthOpcode.COMPARE_SWAP || opcode == BthOpcode.FETCH_ADD)
        {
            atomics.replay(q, psn);
            return true;
        }
        acks.queue(q, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID), qp.donePsn[q]);
        transport.pump();
        return true;
    }

    /** Takes the expected request of kind {@code kind} into the next receive slot and moves the PSN on. */
    private void accept(final RoceFrame parsed, final byte[] buf, final int q, final int kind, final int opcode,
        final int psn)
    {
        final int s = slots.rxNext();
        final int len = parsed.payloadLengthBytes();
        pipeline.accept(s, q, kind, opcode, psn, len, parsed.bth().ackReq());
        if (kind == RX_ATOMIC)
        {
            qp.wrVa[q] = parsed.atomicEth().va();
            qp.wrRkey[q] = parsed.atomicEth().rkey();
            slots.rxSwap[s] = parsed.atomicEth().swapAddData();
            slots.rxCompare[s] = parsed.atomicEth().compareData();
        }
        if (BthOpcode.hasReth(opcode))
        {
            qp.wrVa[q] = parsed.reth().va();
            qp.wrLen[q] = parsed.reth().dmaLengthBytes();
            qp.wrRkey[q] = parsed.reth().rkey();
            slots.rxDmaLen[s] = parsed.reth().dmaLengthBytes();
        }
        slots.rxVa[s] = qp.wrVa[q];
        slots.rxRkey[s] = qp.wrRkey[q];
        if (kind == RX_WRITE)
        {
            qp.wrVa[q] += len;
        }
        slots.rxImm[s] = BthOpcode.hasImmDt(opcode) ? parsed.immDt().immediate() : 0;
        System.arraycopy(buf, parsed.payloadOffset(), slots.rxPayload[s], 0, len);
        qp.nakSent[q] = false;
        acks.cancelDeferred(q);
        if (kind == RX_READ_REQUEST)
        {
            final long dmaLen = slots.rxDmaLen[s];
            final int packets = (int)Math.max(1, (dmaLen + qp.mtu[q] - 1) / qp.mtu[q]);
            qp.ePsn[q] = (psn + packets) & PSN_MASK;
        }
        else
        {
            qp.ePsn[q] = (psn + 1) & PSN_MASK;
        }
        slots.rxTail++;
        transport.pump();
    }
}
