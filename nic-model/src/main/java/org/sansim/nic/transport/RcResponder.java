package org.sansim.nic.transport;

import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.VendorSyndrome;
import org.sansim.nic.dma.DmaEngines;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.EventLoop;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * The responder of the {@link RcTransport} (Soft-RoCE's {@code rxe_responder}, nic-hardware.md
 * 5.8): checks each request's PSN (a duplicate is ACKed again or, a READ or atomic, answered again;
 * a gap NAKed once with a sequence error, when the requests before it are written: {@link RcAckQueue}),
 * keeps accepted packets in the receive slots (with none free it refuses the packet, which the port
 * holds: back-pressure, never a drop) and writes them to host memory in PSN order: a WRITE through its
 * rkey ({@code REMOTE_WRITE}), a SEND into the receive WQE it reads by DMA from the RQ (none posted:
 * RNR NAK); it answers a READ request with READ RESPONSE packets gathered through its rkey and runs
 * atomics in its atomic unit; it ACKs at each AckReq and at least every {@code ackEveryPackets}
 * packets, never ahead of the READ responses or ATOMIC ACKNOWLEDGE of an earlier request
 * ({@link RcAckQueue}). A zero-length WRITE or READ checks neither its rkey nor its address (IBA
 * C9-88). A remote access or invalid request error NAKs the requester and moves the QP to
 * {@code ERROR} ({@link #responderError}).
 *
 * <p>The receive pipeline it runs is shared with the completer: READ responses and atomic
 * acknowledgements for the QP's own requests go through the same slots, in order, and are handed to
 * the {@link RcCompleter} when written. It also owns the receive flush of a QP in {@code ERROR}.
 *
 * <p>This class is the transport's entry to the responder and owns its acknowledgement queue and
 * error path; the work is done by one package-private class a concern:
 * <ul>
 *   <li>{@link RcRequestAcceptor}: PSN checks, classification, duplicates, acceptance into a slot;</li>
 *   <li>{@link RcReceivePipeline}: the receive slots written to host memory, finished and ACKed;</li>
 *   <li>{@link RcReceiveQueue}: the receive WQE a SEND lands in (cached or read on demand);</li>
 *   <li>{@link RcReadResponder}: READ response streams;</li>
 *   <li>{@link RcAtomicUnit}: atomics and their saved results;</li>
 *   <li>{@link RcReceiveFlush}: the receive flush of QPs in {@code ERROR}.</li>
 * </ul>
 *
 * <p>Its host-memory reads share one cookie space, decoded by {@link #dmaReadDone}:
 * <pre>
 *   63  62 .. 42  41  40  39 .............. 0
 *  +---+--------+---+---+---------------------+
 *  | A |   0    | C | F |   qpn (F, C) or     |   A: the atomic unit's word (the whole cookie is Long.MIN_VALUE)
 *  |   |        |   |   |   qpn &lt;&lt; 1 | phase |   C: a receive-WQE cache read, F: a flush's counter read,
 *  +---+--------+---+---+---------------------+   none: an on-demand receive counter (phase 0) or WQE (1)
 * </pre>
 *
 * <p>Steady state allocates nothing.
 */
final class RcResponder
{
    /** Cookie of the atomic unit's read of its word. */
    static final long ATOMIC_COOKIE = Long.MIN_VALUE;
    /** Cookie bit of a flush's receive counter read (with the QP number). */
    static final long RQ_FLUSH_COOKIE = 1L << 40;
    /** Cookie bit of a receive-WQE cache read (with the QP number). */
    static final long RQ_CACHE_COOKIE = 1L << 41;

    private final RcQpState qp;
    private final RcAckQueue acks;
    private final RcReceiveQueue receives;
    private final RcReceiveFlush flush;
    private final RcAtomicUnit atomics;
    private final RcReadResponder reads;
    private final RcReceivePipeline pipeline;
    private final RcRequestAcceptor requests;
    private final RcTransport transport;

    /**
     * Builds the responder of every QP.
     *
     * @param name the transport's component path, for event names
     * @param params the transport's parameters, validated
     * @param loop the NIC partition's event loop
     * @param pcie the NIC's PCIe endpoint, for reads of receive WQEs, doorbell records and atomics
     * @param qps the QP attributes
     * @param translation the translation unit
     * @param dma the DMA engines, for the scatters and the READ response gathers
     * @param transport the transport: the scheduler, the DMA listener and the other engines
     * @param qp the per-QP state
     * @param slots the packet slots
     * @param stats the statistics
     */
    RcResponder(final String name, final RcTransportParams params, final EventLoop loop, final PcieEndpoint pcie,
        final QpContextView qps, final TranslationUnit translation, final DmaEngines dma, final RcTransport transport,
        final RcQpState qp, final RcPacketSlots slots, final RcStats stats)
    {
        this.qp = qp;
        this.transport = transport;
        acks = new RcAckQueue(qp, qps, transport);
        receives = new RcReceiveQueue(params, qps, pcie, transport, qp, stats);
        flush = new RcReceiveFlush(qps, pcie, transport, qp, receives, stats);
        atomics = new RcAtomicUnit(name, loop, pcie, transport, qp, slots, acks);
        reads = new RcReadResponder(qps, translation, dma, transport, qp, slots, stats, acks, this);
        pipeline = new RcReceivePipeline(params, qps, translation, dma, transport, qp, slots, stats, acks, receives,
            reads, atomics, this);
        requests = new RcRequestAcceptor(qps, transport, qp, slots, stats, acks, pipeline, atomics, this);
    }

    /**
     * Sets the atomic unit's parameters (before traffic).
     *
     * @param p the parameters, validated
     */
    void atomicUnit(final AtomicUnitParams p)
    {
        atomics.params(p);
    }

    /** @return whether an ACK or NAK waits to be sent */
    boolean ackWaiting()
    {
        return acks.waiting();
    }

    /**
     * Takes the oldest QP with an ACK or NAK that may be sent now (not held behind the QP's READ
     * responses or ATOMIC ACKNOWLEDGE: {@link RcAckQueue}); its PSN, syndrome and MSN are in the
     * per-QP state ({@code ackPsn}, {@code ackSyndrome}, {@code ackMsn}).
     *
     * @return the QP, or {@link RcQpState#NONE} if every waiting acknowledgement is held
     */
    int takeAck()
    {
        return acks.take();
    }

    /**
     * Forgets the QP's deferred acknowledgement state when it is opened.
     *
     * @param q the QP
     */
    void open(final int q)
    {
        acks.cancelDeferred(q);
    }

    /**
     * Empties QP {@code q}'s receive-WQE cache once the QP's receive counters are reset (on open).
     *
     * @param q the QP
     */
    void resetReceiveCache(final int q)
    {
        receives.resetCache(q);
    }

    /**
     * A request packet (SEND, WRITE, READ request, atomic) for an open QP: checks its PSN and
     * accepts it into a receive slot, or answers a duplicate, NAKs a gap once or an invalid request
     * ({@link RcRequestAcceptor}). A packet that needs a receive slot when all are taken is refused,
     * with nothing changed: the port holds it (back-pressure) and offers it again when a slot is free.
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
        return requests.onRequest(parsed, buf, q, opcode, psn);
    }

    /**
     * Puts the QP's pending ATOMIC ACKNOWLEDGE in the next transmit slot (the caller checked there is
     * one and that an acknowledgement is pending).
     *
     * @param q the QP
     * @return {@link RcPacketSlots#PRODUCED}
     */
    int produceAtomicAck(final int q)
    {
        return atomics.produceAtomicAck(q);
    }

    /**
     * Puts the next packet of the QP's READ response stream in the next transmit slot (the caller
     * checked there is one and that a stream is active).
     *
     * @param q the QP
     * @return {@link RcPacketSlots#PRODUCED}, {@link RcPacketSlots#BLOCKED} if the gather was refused, or
     *     {@link RcPacketSlots#IDLE} if the range is not translated that far yet
     */
    int produceReadResponse(final int q)
    {
        return reads.produceReadResponse(q);
    }

    /**
     * Fills the common fields of receive slot {@code s} for a packet of QP {@code q} in its current
     * epoch, for the completer's READ responses and ATOMIC ACKNOWLEDGEs; the caller fills the rest and
     * advances {@code rxTail} ({@link RcReceivePipeline#accept}).
     */
    void acceptRx(final int s, final int q, final int kind, final int opcode, final int psn, final int len,
        final boolean ackReq)
    {
        pipeline.accept(s, q, kind, opcode, psn, len, ackReq);
    }

    /** Runs the receive pipeline until it is busy or no packet can go on ({@link RcReceivePipeline}). */
    void processRx()
    {
        pipeline.process();
    }

    /**
     * A chunk of the head receive slot has been issued to host memory.
     *
     * @param cookie the slot
     */
    void scatterIssued(final long cookie)
    {
        pipeline.scatterIssued(cookie);
    }

    /**
     * A flush request for QP {@code q}'s receive queue ({@link RcReceiveFlush#flushReceivesOf}): made on
     * every entry to {@code ERROR} and on every later flush request while the QP is in {@code ERROR}.
     *
     * @param q the QP
     */
    void flushReceivesOf(final int q)
    {
        flush.flushReceivesOf(q);
    }

    /** Writes the receive flush CQEs that are due ({@link RcReceiveFlush#flushReceives}). */
    void flushReceives()
    {
        flush.flushReceives();
    }

    /**
     * A host memory read of the responder has completed: the atomic unit's word, a receive counter
     * for a flush, a receive counter or a receive WQE.
     *
     * @param cookie what was read (the class comment's cookie space)
     */
    void dmaReadDone(final long cookie)
    {
        if (cookie == ATOMIC_COOKIE)
        {
            atomics.wordRead();
            return;
        }
        if ((cookie & RQ_FLUSH_COOKIE) != 0)
        {
            flush.counterRead((int)(cookie & ~RQ_FLUSH_COOKIE));
            return;
        }
        if ((cookie & RQ_CACHE_COOKIE) != 0)
        {
            receives.cacheReadDone((int)(cookie & ~RQ_CACHE_COOKIE));
            return;
        }
        receives.demandReadDone(cookie);
    }

    /**
     * A transmit slot holding a packet of QP {@code q} has left the slots (sent, or dropped for a QP in
     * {@code ERROR}): a READ response or ATOMIC ACKNOWLEDGE no longer holds the QP's acknowledgements.
     *
     * @param q the QP
     * @param opcode the packet's BTH opcode
     */
    void txSlotLeft(final int q, final int opcode)
    {
        if (opcode == BthOpcode.ATOMIC_ACKNOWLEDGE
            || opcode >= BthOpcode.RDMA_READ_RESPONSE_FIRST && opcode <= BthOpcode.RDMA_READ_RESPONSE_ONLY)
        {
            qp.responsesUnsent[q]--;
        }
    }

    /**
     * A class C error of the responder (remote access, invalid request, remote operational error):
     * NAKs the request and, as IBA requires of an RC QP, moves the QP itself to {@code ERROR}, which
     * flushes it whole: every send WQE it holds completes with {@code WR_FLUSH} at once, in order, and
     * its receive WQEs are flushed after the read of the receive counter ({@link RcCompleter#fail}).
     * Packets of the QP already accepted are dropped (a new epoch).
     *
     * @param q the QP
     * @param psn the PSN the NAK names
     * @param nakCode the NAK's {@link AethSyndrome} code
     */
    void responderError(final int q, final int psn, final int nakCode)
    {
        qp.epoch[q]++;
        acks.cancelDeferred(q);
        acks.queue(q, AethSyndrome.nak(nakCode), psn);
        transport.completer().fail(q, qp.sqTail[q], CqeSyndrome.WR_FLUSH, VendorSyndrome.NONE);
    }
}
