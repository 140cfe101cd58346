package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcPacketSlots.BLOCKED;
import static org.sansim.nic.transport.RcPacketSlots.IDLE;
import static org.sansim.nic.transport.RcPacketSlots.PRODUCED;
import static org.sansim.nic.transport.RcQpState.PSN_MASK;

import org.sansim.hw.AccessFlags;
import org.sansim.hw.QpState;
import org.sansim.nic.dma.DmaEngines;
import org.sansim.nic.translation.TranslationRequest;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.nic.translation.TranslationUse;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;

/**
 * The responder's READ response streams, one per QP at a time ({@code rrActive} and the other
 * {@code rr*} fields of {@link RcQpState}). The receive pipeline translates the first chunk of a READ
 * request's range and starts the stream ({@link #startTranslated}, {@link #startEmpty}); the stream
 * then translates the rest of the range chunk by chunk ahead of the packets while they go, into the
 * QP's segment ring ({@code readSegs}), and the scheduler takes its packets one by one
 * ({@link #produceReadResponse}), each gathered from host memory by the DMA engines straight into its
 * transmit slot. A later chunk whose translation faults NAKs the READ with a remote access error, as
 * a fault at its start would have.
 *
 * <p>A duplicate READ replaces the QP's stream (a new stream number: a translation of the old one that
 * ends later is ignored) without counting against the responder resources or moving the MSN. A READ's
 * responder resource ({@code rdPending}) is given back when its last response is produced.
 *
 * <p>Steady state allocates nothing: one translation request per QP, made when the responder is built.
 */
final class RcReadResponder
{
    private final QpContextView qps;
    private final TranslationUnit translation;
    private final DmaEngines dma;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcPacketSlots slots;
    private final RcStats stats;
    private final RcAckQueue acks;
    private final RcResponder responder;
    private final TranslationRequest[] chunkXlat;

    /**
     * @param qps the QP attributes (protection domain, access)
     * @param translation the translation unit
     * @param dma the DMA engines, for the gathers
     * @param transport the scheduler and the DMA listener
     * @param qp the per-QP state
     * @param slots the packet slots
     * @param stats the statistics
     * @param acks the acknowledgement queue, told when a READ is accepted as done
     * @param responder the responder, for its error path
     */
    RcReadResponder(final QpContextView qps, final TranslationUnit translation, final DmaEngines dma,
        final RcTransport transport, final RcQpState qp, final RcPacketSlots slots, final RcStats stats,
        final RcAckQueue acks, final RcResponder responder)
    {
        this.qps = qps;
        this.translation = translation;
        this.dma = dma;
        this.transport = transport;
        this.qp = qp;
        this.slots = slots;
        this.stats = stats;
        this.acks = acks;
        this.responder = responder;
        chunkXlat = new TranslationRequest[qp.maxQps];
        for (int q = 0; q < qp.maxQps; q++)
        {
            chunkXlat[q] = new TranslationRequest(qp.maxSegs, this::onChunkTranslated);
        }
    }

    /**
     * Starts the response stream of the READ request in receive slot {@code s}, the first chunk of
     * whose range {@code req} has translated, and takes the request out of the slots.
     *
     * @param s the receive slot
     * @param q its QP
     * @param req the translation, successful
     */
    void startTranslated(final int s, final int q, final TranslationRequest req)
    {
        qp.readSegs.reset(q);
        for (int i = 0; i < req.segmentCount(); i++)
        {
            qp.readSegs.push(q, req.segmentAddress(i), req.segmentLength(i));
        }
        start(s, q, req.lengthBytes());
    }

    /**
     * Starts the response stream of the zero-length READ request in receive slot {@code s}: one empty
     * READ RESPONSE ONLY, with neither its R_Key nor its address checked (IBA C9-88).
     *
     * @param s the receive slot
     * @param q its QP
     */
    void startEmpty(final int s, final int q)
    {
        qp.readSegs.reset(q);
        start(s, q, 0);
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
        final long length = qp.rrLength[q];
        final long offset = qp.rrOffset[q];
        final int len = (int)Math.min(qp.mtu[q], length - offset);
        final boolean first = offset == 0;
        final boolean last = offset + len >= length;
        final int opcode = first && last ? BthOpcode.RDMA_READ_RESPONSE_ONLY
            : first ? BthOpcode.RDMA_READ_RESPONSE_FIRST
                : last ? BthOpcode.RDMA_READ_RESPONSE_LAST : BthOpcode.RDMA_READ_RESPONSE_MIDDLE;
        if (qp.rrXlatBytes[q] < offset + len)
        {
            // onChunkTranslated activates the QP when the chunk this packet needs is in
            translateAhead(q);
            return IDLE;
        }
        final int s = slots.txNext();
        if (len > 0)
        {
            final int count = qp.readSegs.slice(q, len, slots.scratchAddr, slots.scratchLen);
            if (!dma.gather(q, slots.scratchAddr, slots.scratchLen, count, slots.txPayload[s], 0, transport, s))
            {
                qp.readSegs.unslice(q, len);
                return BLOCKED;
            }
            slots.txReady[s] = false;
        }
        else
        {
            slots.txReady[s] = true;
            transport.markWork();
        }
        slots.txSlot(s, q, opcode, qp.rrPsn[q], len, false);
        slots.txAeth[s] = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);
        slots.txTail++;
        qp.responsesUnsent[q]++;
        stats.bytesSent.add(len);
        qp.rrPsn[q] = (qp.rrPsn[q] + 1) & PSN_MASK;
        qp.rrOffset[q] = offset + len;
        translateAhead(q);
        if (last)
        {
            qp.rrActive[q] = false;
            if (qp.rrCounted[q])
            {
                qp.rdPending[q]--;
                qp.rrCounted[q] = false;
            }
            transport.markWork();
        }
        return PRODUCED;
    }

    /**
     * Starts the READ response stream of the READ request in receive slot {@code s}, whose range is
     * translated {@code translatedBytes} far (its segments in {@code readSegs}), and takes the request
     * out of the slots.
     */
    private void start(final int s, final int q, final long translatedBytes)
    {
        qp.rrCounted[q] = !slots.rxDup[s];
        qp.rrStream[q]++;
        qp.rrRkey[q] = slots.rxRkey[s];
        qp.rrVa[q] = slots.rxVa[s];
        qp.rrXlatBytes[q] = translatedBytes;
        qp.rrRequestPsn[q] = slots.rxPsn[s];
        qp.rrLength[q] = slots.rxDmaLen[s];
        qp.rrOffset[q] = 0;
        qp.rrPsn[q] = slots.rxPsn[s];
        qp.rrActive[q] = true;
        if (!slots.rxDup[s])
        {
            qp.msn[q]++;
            final int packets = (int)Math.max(1, (slots.rxDmaLen[s] + qp.mtu[q] - 1) / qp.mtu[q]);
            qp.donePsn[q] = (slots.rxPsn[s] + packets - 1) & PSN_MASK;
            acks.completed(q);
        }
        translateAhead(q);
        transport.activate(q);
        slots.rxRetire(s);
    }

    /**
     * Starts the translation of the next chunk of the QP's READ range if one is left, none is being
     * translated and the segment ring has room for it.
     */
    private void translateAhead(final int q)
    {
        final TranslationRequest req = chunkXlat[q];
        final long done = qp.rrXlatBytes[q];
        if (req.busy() || done >= qp.rrLength[q] || !qp.readSegs.hasRoomForChunk(q))
        {
            return;
        }
        final long va = qp.rrVa[q] + done;
        req.cookie((long)qp.rrStream[q] << 32 | q).context(TranslationUse.RESPONDER_REMOTE, qps.pd(q), qps.access(q));
        translation.translate(qp.rrRkey[q], va, RcSegmentRing.chunkBytes(va, qp.rrLength[q] - done, qp.maxSegs),
            AccessFlags.REMOTE_READ, req);
    }

    /**
     * A later chunk of a READ range is translated: its segments join the ring and the stream goes on;
     * a fault here (the range runs beyond its region) NAKs the READ as one at its start would have.
     */
    private void onChunkTranslated(final TranslationRequest req)
    {
        final int q = (int)req.cookie();
        if ((int)(req.cookie() >>> 32) != qp.rrStream[q] || !qp.rrActive[q] || qps.state(q) == QpState.ERROR)
        {
            // the stream ended (answered, flushed or replaced by a duplicate READ) while translating
            if (qp.rrActive[q])
            {
                translateAhead(q);
            }
            return;
        }
        if (!req.ok())
        {
            qp.rrActive[q] = false;
            if (qp.rrCounted[q])
            {
                qp.rdPending[q]--;
                qp.rrCounted[q] = false;
            }
            responder.responderError(q, qp.rrRequestPsn[q], AethSyndrome.NAK_REMOTE_ACCESS_ERROR);
            transport.pump();
            return;
        }
        for (int i = 0; i < req.segmentCount(); i++)
        {
            qp.readSegs.push(q, req.segmentAddress(i), req.segmentLength(i));
        }
        qp.rrXlatBytes[q] += req.lengthBytes();
        translateAhead(q);
        transport.activate(q);
        transport.pump();
    }
}
