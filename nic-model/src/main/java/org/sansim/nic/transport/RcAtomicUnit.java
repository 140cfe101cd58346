package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcPacketSlots.PRODUCED;
import static org.sansim.nic.transport.RcQpState.SAVED_ATOMICS;
import static org.sansim.nic.transport.RcResponder.ATOMIC_COOKIE;

import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;

/**
 * The responder's atomic unit ({@link AtomicUnitParams}): one FETCH_ADD or COMPARE_SWAP at a time,
 * the one in the receive slot the pipeline works on. Once the pipeline has translated the request's
 * rkey it calls {@link #start}: the unit DMA-reads the 8-byte word, waits {@code latencyPs}, computes,
 * DMA-writes the word back, saves the original value (the last {@link RcQpState#SAVED_ATOMICS} per QP,
 * by PSN) and makes the QP's ATOMIC ACKNOWLEDGE pending ({@code aaPending}, {@code aaPsn},
 * {@code aaValue}); the receive pipeline is busy throughout. A duplicate atomic is never executed
 * again: {@link #replay} answers it with its saved value. {@link #produceAtomicAck} puts the pending
 * acknowledgement on the wire.
 *
 * <p>The word is little-endian in host memory (host order). Steady state allocates nothing.
 */
final class RcAtomicUnit
{
    private final EventLoop loop;
    private final PcieEndpoint pcie;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcPacketSlots slots;
    private final RcAckQueue acks;
    private AtomicUnitParams params = AtomicUnitParams.defaults();
    private final Event executedEvent;
    private final byte[] word = new byte[8];
    private long wordPa;

    /**
     * @param name the transport's component path; the unit's event is {@code name + ".atomic"}
     * @param loop the NIC partition's event loop
     * @param pcie the NIC's PCIe endpoint, for the word's read and write
     * @param transport the scheduler and the DMA listener
     * @param qp the per-QP state (saved results, the pending ATOMIC ACKNOWLEDGE)
     * @param slots the packet slots
     * @param acks the acknowledgement queue, told when the atomic is done
     */
    RcAtomicUnit(final String name, final EventLoop loop, final PcieEndpoint pcie, final RcTransport transport,
        final RcQpState qp, final RcPacketSlots slots, final RcAckQueue acks)
    {
        this.loop = loop;
        this.pcie = pcie;
        this.transport = transport;
        this.qp = qp;
        this.slots = slots;
        this.acks = acks;
        executedEvent = Event.of(name + ".atomic", Priority.DEFAULT, this::onExecuted);
    }

    /**
     * Sets the unit's parameters (before traffic).
     *
     * @param p the parameters, validated
     */
    void params(final AtomicUnitParams p)
    {
        params = p;
    }

    /**
     * Reads the word of the atomic in the pipeline's current receive slot, whose rkey translated to
     * {@code pa}; the pipeline stays busy until the atomic has executed.
     *
     * @param pa the word's bus address, 8-byte aligned
     */
    void start(final long pa)
    {
        wordPa = pa;
        pcie.dmaRead(wordPa, 8, word, 0, transport, ATOMIC_COOKIE);
    }

    /** The word has been read: compute after the unit's latency. */
    void wordRead()
    {
        loop.scheduleAfter(executedEvent, params.latencyPs());
    }

    /**
     * A duplicate atomic request: if its PSN is among the QP's saved results and no ATOMIC ACKNOWLEDGE
     * is pending, makes the saved original value the pending acknowledgement (not counted against the
     * responder resources) and activates the QP; otherwise nothing.
     *
     * @param q the QP
     * @param psn the duplicate's PSN
     */
    void replay(final int q, final int psn)
    {
        for (int i = 0; i < SAVED_ATOMICS; i++)
        {
            if (qp.savedPsn[q * SAVED_ATOMICS + i] == psn && !qp.aaPending[q])
            {
                qp.aaPending[q] = true;
                qp.aaCounted[q] = false;
                qp.aaPsn[q] = psn;
                qp.aaValue[q] = qp.savedValue[q * SAVED_ATOMICS + i];
                transport.activate(q);
                transport.pump();
                break;
            }
        }
    }

    /**
     * Puts the QP's pending ATOMIC ACKNOWLEDGE in the next transmit slot (the caller checked there is
     * one and that an acknowledgement is pending), and gives back its responder resource if it holds one.
     *
     * @param q the QP
     * @return {@link RcPacketSlots#PRODUCED}
     */
    int produceAtomicAck(final int q)
    {
        final int s = slots.txNext();
        slots.txSlot(s, q, BthOpcode.ATOMIC_ACKNOWLEDGE, qp.aaPsn[q], 0, false);
        slots.txAeth[s] = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);
        slots.txSwap[s] = qp.aaValue[q];
        slots.txReady[s] = true;
        slots.txTail++;
        qp.responsesUnsent[q]++;
        qp.aaPending[q] = false;
        if (qp.aaCounted[q])
        {
            qp.rdPending[q]--;
        }
        transport.markWork();
        return PRODUCED;
    }

    private void onExecuted()
    {
        final int s = slots.rxCurrentSlot();
        final int q = slots.rxQp[s];
        final long original = getLongLE(word);
        final long result;
        if (slots.rxOpcode[s] == BthOpcode.FETCH_ADD)
        {
            result = original + slots.rxSwap[s];
        }
        else
        {
            result = original == slots.rxCompare[s] ? slots.rxSwap[s] : original;
        }
        putLongLE(word, result);
        pcie.dmaWrite(wordPa, word, 0, 8);
        final int i = q * SAVED_ATOMICS + qp.savedNext[q];
        qp.savedPsn[i] = slots.rxPsn[s];
        qp.savedValue[i] = original;
        qp.savedNext[q] = (qp.savedNext[q] + 1) % SAVED_ATOMICS;
        qp.aaPending[q] = true;
        qp.aaCounted[q] = true;
        qp.aaPsn[q] = slots.rxPsn[s];
        qp.aaValue[q] = original;
        qp.msn[q]++;
        qp.donePsn[q] = slots.rxPsn[s];
        acks.completed(q);
        slots.rxBusy = false;
        slots.rxRetire(s);
        transport.activate(q);
        transport.pump();
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

    /**
     * Writes {@code v} little-endian at the start of {@code b}, the byte order of an atomic's word in
     * host memory.
     *
     * @param b at least 8 bytes
     * @param v the value
     */
    static void putLongLE(final byte[] b, final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            b[i] = (byte)(v >>> (8 * i));
        }
    }
}
