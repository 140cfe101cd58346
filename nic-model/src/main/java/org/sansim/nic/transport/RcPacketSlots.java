package org.sansim.nic.transport;

/**
 * The packet staging of the {@link RcTransport}, shared by its engines: the transmit slots (filled
 * by the requester with requests and by the responder with READ responses and atomic
 * acknowledgements, sent in order) and the receive slots (requests accepted by the responder and
 * READ responses and atomic acknowledgements accepted by the completer, written to host memory in
 * order), with the scratch segment list of the one gather or scatter being issued (the translated
 * segments themselves are in the per-QP {@link RcSegmentRing}s).
 *
 * <p>Slot counters ({@link #txHead}, {@link #txTail}, {@link #rxHead}, {@link #rxTail}) are
 * free-running; a slot is {@code Integer.remainderUnsigned(counter, slots)}. Everything is
 * allocated here, once.
 */
final class RcPacketSlots
{
    /** Largest payload of one packet. */
    static final int MAX_PAYLOAD = 4096;

    // Kinds of received packet slots.
    static final int RX_WRITE = 0;
    static final int RX_SEND = 1;
    static final int RX_READ_REQUEST = 2;
    static final int RX_READ_RESPONSE = 3;
    static final int RX_ATOMIC = 4;

    // What filling one transmit slot for a QP did.
    /** Nothing to send for the QP now. */
    static final int IDLE = 0;
    /** A packet was put in a slot. */
    static final int PRODUCED = 1;
    /** A packet is due but its gather was refused: try again later. */
    static final int BLOCKED = 2;


    // ---- transmit slots, sent in order
    final int txSlots;
    final byte[][] txPayload;
    final int[] txQp;
    final int[] txOpcode;
    final int[] txPsn;
    final int[] txLen;
    final boolean[] txAckReq;
    final long[] txVa;
    final int[] txRkey;
    final long[] txDmaLen;
    final int[] txImm;
    final int[] txAeth;
    final long[] txSwap;
    final long[] txCompare;
    final boolean[] txReady;
    int txHead;
    int txTail;
    final long[] scratchAddr;
    final int[] scratchLen;

    // ---- receive slots, written to host memory in order
    final int rxSlots;
    final byte[][] rxPayload;
    final int[] rxQp;
    final int[] rxKind;
    final int[] rxOpcode;
    final int[] rxPsn;
    final int[] rxLen;
    final long[] rxVa;
    final int[] rxRkey;
    final long[] rxDmaLen;
    final int[] rxImm;
    final long[] rxSwap;
    final long[] rxCompare;
    final boolean[] rxAckReq;
    final boolean[] rxDup;
    final int[] rxEpoch;
    final int[] rxDone;
    final int[] rxChunk;
    /** Slots whose packet is done while an older slot's is not: freed when the head reaches them. */
    final boolean[] rxRetired;
    int rxHead;
    int rxTail;
    boolean rxBusy;
    /** The slot the receive engine is working on (valid while {@link #rxBusy}, and during a pass). */
    int rxCur;

    /**
     * Allocates the slots.
     *
     * @param params the transport's parameters, validated
     */
    RcPacketSlots(final RcTransportParams params)
    {
        final int maxSegs = params.maxSegmentsPerMessage();
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
        rxRetired = new boolean[rxSlots];
    }

    /** @return the transmit slot the next packet goes into (check {@link #txFull()} first) */
    int txNext()
    {
        return Integer.remainderUnsigned(txTail, txSlots);
    }

    /** @return whether every transmit slot holds a packet */
    boolean txFull()
    {
        return txTail - txHead >= txSlots;
    }

    /** @return the receive slot the next accepted packet goes into (check {@link #rxFull()} first) */
    int rxNext()
    {
        return Integer.remainderUnsigned(rxTail, rxSlots);
    }

    /** @return whether every receive slot holds a packet */
    boolean rxFull()
    {
        return rxTail - rxHead == rxSlots;
    }

    /** @return the receive slot at the head of the pipeline */
    int rxHeadSlot()
    {
        return Integer.remainderUnsigned(rxHead, rxSlots);
    }

    /** @return the receive slot the receive engine works on */
    int rxCurrentSlot()
    {
        return rxCur;
    }

    /**
     * Marks receive slot {@code s}'s packet done; the slots from the head up to the first one not done
     * become free (packets of different QPs may finish out of order, a QP's own in order).
     *
     * @param s a slot holding a packet
     */
    void rxRetire(final int s)
    {
        rxRetired[s] = true;
        while (rxHead != rxTail && rxRetired[rxHeadSlot()])
        {
            rxRetired[rxHeadSlot()] = false;
            rxHead++;
        }
    }

    /** Fills the header fields every transmitted packet has; the AETH is cleared. */
    void txSlot(final int s, final int q, final int opcode, final int psn, final int len, final boolean ackReq)
    {
        txQp[s] = q;
        txOpcode[s] = opcode;
        txPsn[s] = psn;
        txLen[s] = len;
        txAckReq[s] = ackReq;
        txAeth[s] = 0;
    }
}
