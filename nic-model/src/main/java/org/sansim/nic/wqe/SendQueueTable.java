package org.sansim.nic.wqe;

import org.sansim.hw.WqeLayout;

/**
 * The {@link WqeFetcher}'s send queue contexts, one slot per configured queue, as parallel arrays
 * indexed by slot (HARDWARE.md 4). Per queue: its QPN, ring and doorbell record, its lifecycle
 * state, the three 16-bit block counters (producer from doorbells, fetched up to where reads were
 * issued, consumer up to where WQEs were handed on; consumer ≤ fetched ≤ producer modulo 2^16), the
 * sink's credit, when the sink last began waiting, the reads in flight and the pending doorbells.
 *
 * <p>Package-private: the fetcher, its read scheduler and its parse engines read and write the
 * fields directly, as hardware units share a context memory. A slot, once given to a QPN, stays
 * with it.
 */
final class SendQueueTable
{
    private final String name;
    private final QpnTable slots;

    /** Lifecycle state. */
    final SendQueueState[] state;
    /** The QPN. */
    final int[] qpn;
    /** Physical address of the ring. */
    final long[] basePa;
    /** log2 of the ring's size in 64-byte basic blocks. */
    final int[] logBlocks;
    /** Physical address of the QP doorbell record. */
    final long[] doorbellRecordPa;
    /** Producer counter: blocks announced by doorbells. */
    final int[] producer;
    /** Fetched counter: blocks read, or being read, or copied by BlueFlame. */
    final int[] fetched;
    /** Consumer counter: blocks handed on. */
    final int[] consumer;
    /** WQEs the sink will still take. */
    final long[] credits;
    /** Since when the sink has been waiting for the head WQE, in ps. */
    final long[] demandSincePs;
    /** DMA reads in flight. */
    final int[] readsInFlight;
    /** Doorbells whose WQEs are not all fetched. */
    final PendingDoorbells doorbells;

    /**
     * @param name the fetcher's name, for messages
     * @param params the fetcher's parameters: the number of queues and of doorbells kept per queue
     */
    SendQueueTable(final String name, final WqeFetcherParams params)
    {
        this.name = name;
        final int queues = params.maxSendQueues();
        slots = new QpnTable(queues);
        state = new SendQueueState[queues];
        java.util.Arrays.fill(state, SendQueueState.UNCONFIGURED);
        qpn = new int[queues];
        basePa = new long[queues];
        logBlocks = new int[queues];
        doorbellRecordPa = new long[queues];
        producer = new int[queues];
        fetched = new int[queues];
        consumer = new int[queues];
        credits = new long[queues];
        demandSincePs = new long[queues];
        readsInFlight = new int[queues];
        doorbells = new PendingDoorbells(queues, params.doorbellsPerQueue());
    }

    /**
     * Sets a queue up afresh, taking a new slot for a new QPN: active, counters and credit 0, no
     * doorbells; see {@link WqeFetcher#configureSendQueue}. Throws with nothing changed when the ring
     * size is out of range, every slot is taken, or the queue is active or has reads in flight.
     *
     * @param queueQpn the QPN
     * @param queueBasePa physical address of the ring
     * @param logWqeBlocks log2 of the ring's size in basic blocks, at most 15
     * @param queueDoorbellRecordPa physical address of the QP doorbell record
     * @param nowPs the time, from which the sink is taken to be waiting
     */
    void configure(final int queueQpn, final long queueBasePa, final int logWqeBlocks,
        final long queueDoorbellRecordPa, final long nowPs)
    {
        if (logWqeBlocks < 0 || logWqeBlocks > WqeLayout.MAX_LOG_RING_SIZE)
        {
            throw new IllegalArgumentException(name + ": logWqeBlocks " + logWqeBlocks + " outside [0, "
                + WqeLayout.MAX_LOG_RING_SIZE + "]");
        }
        int s = slots.get(queueQpn);
        if (s < 0)
        {
            if (slots.size() == state.length)
            {
                throw new IllegalStateException(name + ": more than " + state.length + " send queues");
            }
            s = slots.size();
            slots.put(queueQpn, s);
        }
        else if (state[s] == SendQueueState.ACTIVE || readsInFlight[s] > 0)
        {
            throw new IllegalStateException(name + ": send queue " + queueQpn + " is " + state[s]
                + " with " + readsInFlight[s] + " reads in flight");
        }
        state[s] = SendQueueState.ACTIVE;
        qpn[s] = queueQpn;
        basePa[s] = queueBasePa;
        logBlocks[s] = logWqeBlocks;
        doorbellRecordPa[s] = queueDoorbellRecordPa;
        producer[s] = 0;
        fetched[s] = 0;
        consumer[s] = 0;
        credits[s] = 0;
        doorbells.clear(s);
        demandSincePs[s] = nowPs;
    }

    /** @return the slot of {@code queueQpn}, or -1 if it was never configured */
    int slotOf(final int queueQpn)
    {
        return slots.get(queueQpn);
    }

    /** @return the slot of {@code queueQpn}; throws {@link IllegalArgumentException} if it was never configured */
    int requireSlot(final int queueQpn)
    {
        final int s = slots.get(queueQpn);
        if (s < 0)
        {
            throw new IllegalArgumentException(name + ": no send queue " + queueQpn);
        }
        return s;
    }

    /** @return whether slot {@code s} is active */
    boolean active(final int s)
    {
        return state[s] == SendQueueState.ACTIVE;
    }
}
