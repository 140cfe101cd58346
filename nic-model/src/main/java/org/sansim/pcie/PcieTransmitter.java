package org.sansim.pcie;

import org.sansim.sim.Channel;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;

/**
 * One direction of a PCIe link: the transmitter that puts TLPs and DLLPs on the wire one after the
 * other, the flow-control credits it holds for the receiver at the other end, and the
 * {@link Channel} that carries the TLPs to the other side.
 *
 * <p><b>Wire.</b> The wire is busy while a TLP or DLLP is serialised. A TLP sent at {@code now}
 * starts at {@code max(now, end of what is already on the wire)}, ends
 * {@link PcieLinkParams#serialisationPs} later, and reaches the other side at that end plus the
 * link's latency; the message is claimed on the channel with exactly that delivery time. TLPs leave
 * in the order they were handed over (one FIFO per direction), which keeps a completion from
 * passing an earlier posted write and a read request from passing an earlier write.
 *
 * <p><b>Flow control.</b> A TLP leaves only if the receiver's advertised credits of its type
 * ({@link FlowControl}) cover it. One that does not, and every TLP handed over after it, waits
 * in a FIFO here, unreserved, until UpdateFC DLLPs from the receiver ({@link #onUpdateFc}) raise the
 * limit; then the waiting TLPs leave in order. (Real ports keep a queue per type and let posted
 * writes pass a blocked read; one FIFO is the stricter ordering, and the model's receivers free
 * credits fast enough that it rarely matters.)
 *
 * <p><b>DLLPs</b> ({@link PcieGeneration#DLLP_WIRE_BYTES} each) are sent for the receiver in the
 * other direction by its {@link DataLinkReceiver}: an ACK takes the wire and carries nothing the
 * model acts on (no TLP is ever lost, so no replay buffer is kept); an UpdateFC also travels, on a
 * channel of its own beside the TLPs' one, to the transmitter at the far end. A real port slips a
 * DLLP in between TLPs, ahead of those queued; here a DLLP leaves at once and its wire time delays
 * the TLPs handed over after it, so its own timing is early by at most the TLP on the wire, and the
 * wire's busy time is exact.
 *
 * <p>While the link retrains ({@link PcieLinkParams#retrainAtPs()} for
 * {@link PcieLinkParams#retrainForPs()}) nothing is on the wire: what would overlap the retraining
 * starts when it ends. A sender that must not run ahead of the wire paces itself with
 * {@link #busyUntilPs()}. TLPs held for credits wait in preallocated slots that grow only beyond
 * the largest backlog seen, so the steady state allocates nothing.
 */
public final class PcieTransmitter
{
    private final Channel channel;
    private final Channel dllpChannel;
    private final EventLoop loop;
    private final PcieLinkParams params;
    private final FlowControl credits;
    private final long latencyPs;
    private final long dllpSerialisationPs;
    private final Counter tlps;
    private final Counter payloadBytes;
    private final Counter wireBytes;
    private final Counter busyPs;
    private final Counter retrainDelayedTlps;
    private final Counter retrainDelayPs;
    private final Counter acks;
    private final Counter updateFcs;
    private final Counter dllpWireBytes;
    private final Counter creditStalledTlps;
    private final Counter creditStallPs;
    private long busyUntilPs;
    private long lastDeliverPs;
    private long lastStartPs;

    // TLPs waiting for credits, oldest at heldHead.
    private Message[] held = newSlots(8);
    private int[] heldPayload = new int[8];
    private long[] heldSincePs = new long[8];
    private int heldHead;
    private int heldCount;
    private boolean claimedHeld;

    /**
     * @param channel the channel of this direction; the transmitter is its only sender
     * @param dllpChannel the channel of this direction's UpdateFC DLLPs, with the same latency
     * @param params the link's parameters
     * @param credits the credits the receiver at the other end advertises
     * @param stats where to register this direction's statistics
     */
    PcieTransmitter(final Channel channel, final Channel dllpChannel, final PcieLinkParams params,
        final FlowControl credits, final StatGroup stats)
    {
        this.channel = channel;
        this.dllpChannel = dllpChannel;
        this.loop = channel.source().loop();
        this.params = params;
        this.credits = credits;
        this.latencyPs = channel.latencyPs();
        this.dllpSerialisationPs = params.serialisationPs(PcieGeneration.DLLP_WIRE_BYTES);
        this.tlps = stats.counter("tlps", "count", "TLPs sent");
        this.payloadBytes = stats.counter("payloadBytes", "bytes", "data payload bytes sent in TLPs");
        this.wireBytes = stats.counter("wireBytes", "bytes",
            "bytes on the wire: TLP headers, payload, ECRC, framing, sequence numbers and LCRCs, and DLLPs");
        this.busyPs = stats.counter("busyPs", "ps", "time the wire spent serialising TLPs and DLLPs");
        this.retrainDelayedTlps = stats.counter("retrainDelayedTlps", "count",
            "TLPs held back because the link was retraining");
        this.retrainDelayPs = stats.counter("retrainDelayPs", "ps", "time TLPs waited for a retraining to end");
        this.acks = stats.counter("ackDllps", "count", "ACK DLLPs sent for TLPs received the other way");
        this.updateFcs = stats.counter("updateFcDllps", "count", "UpdateFC DLLPs sent for credits freed the other way");
        this.dllpWireBytes = stats.counter("dllpWireBytes", "bytes", "wire bytes of DLLPs (included in wireBytes)");
        this.creditStalledTlps = stats.counter("creditStalledTlps", "count",
            "TLPs that waited for flow-control credits");
        this.creditStallPs = stats.counter("creditStallPs", "ps", "time TLPs waited for flow-control credits");
        stats.formula("utilisation", "ratio", "fraction of elapsed time the wire was busy", this::utilisation);
    }

    /**
     * Claims a TLP of the given kind, with {@link Message#sizeBytes()} set to its wire size: on the
     * channel, with the wire reserved, if its credits are there and no TLP waits before it; else a
     * slot that waits here for credits. Fill the words and data, then {@link #publish()}.
     *
     * @param kind a {@link Tlp} kind
     * @param headerBytes the TLP's header
     * @param payload the TLP's data payload
     * @return the message to fill
     */
    Message claim(final int kind, final int headerBytes, final int payload)
    {
        final int wire = params.wireBytes(headerBytes, payload);
        final int type = FlowControl.typeOf(kind);
        final int dataCredits = PcieLinkParams.dataCredits(payload);
        if (heldCount == 0 && credits.fits(type, dataCredits))
        {
            credits.consume(type, dataCredits);
            return reserve(kind, wire, payload);
        }
        if (heldCount == held.length)
        {
            growHeld();
        }
        final int slot = (heldHead + heldCount) & (held.length - 1);
        heldPayload[slot] = payload;
        heldSincePs[slot] = loop.nowPs();
        claimedHeld = true;
        creditStalledTlps.increment();
        // A lower bound: when it would arrive were its credits returned now.
        lastDeliverPs = Math.max(loop.nowPs(), busyUntilPs) + params.serialisationPs(wire) + latencyPs;
        return held[slot].kind(kind).sizeBytes(wire);
    }

    /** Publishes the message obtained from {@link #claim}: sends it, or queues it for credits. */
    void publish()
    {
        if (claimedHeld)
        {
            claimedHeld = false;
            heldCount++;
            return;
        }
        channel.publish();
    }

    /** Reserves the wire for a TLP whose credits were taken and claims its channel message. */
    private Message reserve(final int kind, final int wire, final int payload)
    {
        final long serialisationPs = params.serialisationPs(wire);
        lastStartPs = startPs(serialisationPs);
        busyUntilPs = lastStartPs + serialisationPs;
        lastDeliverPs = busyUntilPs + latencyPs;
        tlps.increment();
        payloadBytes.add(payload);
        wireBytes.add(wire);
        busyPs.add(serialisationPs);
        return channel.claim(lastDeliverPs).kind(kind).sizeBytes(wire);
    }

    /** The start of the next thing on the wire: after what is on it, and after any retraining. */
    private long startPs(final long serialisationPs)
    {
        final long startPs = Math.max(loop.nowPs(), busyUntilPs);
        if (params.retrainAtPs() != 0)
        {
            final long afterPs = params.startAfterRetrainPs(startPs, serialisationPs);
            if (afterPs != startPs)
            {
                retrainDelayedTlps.increment();
                retrainDelayPs.add(afterPs - startPs);
                return afterPs;
            }
        }
        return startPs;
    }

    /**
     * Applies an UpdateFC DLLP from the receiver at the other end, at its arrival on the other
     * direction's DLLP channel, and sends the waiting TLPs its credits now cover, in order.
     *
     * @param m the UpdateFC ({@link Tlp#UPDATE_FC})
     */
    void onUpdateFc(final Message m)
    {
        credits.update((int)m.word0(), m.word1(), m.word2());
        while (heldCount > 0)
        {
            final Message h = held[heldHead];
            final int payload = heldPayload[heldHead];
            final int type = FlowControl.typeOf(h.kind());
            final int dataCredits = PcieLinkParams.dataCredits(payload);
            if (!credits.fits(type, dataCredits))
            {
                return;
            }
            credits.consume(type, dataCredits);
            creditStallPs.add(loop.nowPs() - heldSincePs[heldHead]);
            final Message out = reserve(h.kind(), h.sizeBytes(), payload)
                .word0(h.word0()).word1(h.word1()).word2(h.word2()).word3(h.word3());
            System.arraycopy(h.data(), 0, out.data(h.dataLength()), 0, h.dataLength());
            channel.publish();
            heldHead = (heldHead + 1) & (held.length - 1);
            heldCount--;
        }
    }

    /** Sends an ACK DLLP: it takes the wire; nothing at the far end acts on it. */
    void sendAck()
    {
        reserveDllp();
        acks.increment();
    }

    /**
     * Sends an UpdateFC DLLP to the transmitter at the far end.
     *
     * @param type the {@link FlowControl} type
     * @param headersAllocated the receiver's cumulative header credits allocated
     * @param dataAllocated its cumulative data credits allocated
     */
    void sendUpdateFc(final int type, final long headersAllocated, final long dataAllocated)
    {
        final long nowPs = loop.nowPs();
        reserveDllp();
        updateFcs.increment();
        dllpChannel.claim(Math.max(nowPs + dllpSerialisationPs + latencyPs, dllpChannel.earliestDeliveryPs()))
            .kind(Tlp.UPDATE_FC).sizeBytes(PcieGeneration.DLLP_WIRE_BYTES).word0(type).word1(headersAllocated)
            .word2(dataAllocated).word3(0).data(0);
        dllpChannel.publish();
    }

    private void reserveDllp()
    {
        busyUntilPs = startPs(dllpSerialisationPs) + dllpSerialisationPs;
        wireBytes.add(PcieGeneration.DLLP_WIRE_BYTES);
        dllpWireBytes.add(PcieGeneration.DLLP_WIRE_BYTES);
        busyPs.add(dllpSerialisationPs);
    }

    private void growHeld()
    {
        final int capacity = held.length;
        final Message[] bigger = newSlots(capacity * 2);
        final int[] payload = new int[capacity * 2];
        final long[] since = new long[capacity * 2];
        for (int i = 0; i < capacity; i++)
        {
            final int from = (heldHead + i) & (capacity - 1);
            bigger[i] = held[from];
            payload[i] = heldPayload[from];
            since[i] = heldSincePs[from];
        }
        held = bigger;
        heldPayload = payload;
        heldSincePs = since;
        heldHead = 0;
    }

    private static Message[] newSlots(final int n)
    {
        final Message[] slots = new Message[n];
        for (int i = 0; i < n; i++)
        {
            slots[i] = new Message();
        }
        return slots;
    }

    /** @return when the wire finishes what was reserved so far (the past if it is idle) */
    public long busyUntilPs()
    {
        return busyUntilPs;
    }

    /**
     * @return when the last TLP handed over reaches the other side; for a TLP waiting for credits, a
     *     lower bound (its arrival were its credits returned now)
     */
    public long lastDeliverPs()
    {
        return lastDeliverPs;
    }

    /** @return when the last TLP that left started on the wire: when the sender's port let it go */
    public long lastStartPs()
    {
        return lastStartPs;
    }

    /** @return TLPs waiting for flow-control credits */
    public int heldTlps()
    {
        return heldCount;
    }

    /** @return the channel this direction sends on */
    public Channel channel()
    {
        return channel;
    }

    /** @return TLPs sent */
    public long tlps()
    {
        return tlps.value();
    }

    /** @return payload bytes sent */
    public long payloadBytes()
    {
        return payloadBytes.value();
    }

    /** @return wire bytes sent, TLPs and DLLPs */
    public long wireBytes()
    {
        return wireBytes.value();
    }

    /** @return wire bytes of DLLPs sent */
    public long dllpWireBytes()
    {
        return dllpWireBytes.value();
    }

    /** @return ACK DLLPs sent */
    public long ackDllps()
    {
        return acks.value();
    }

    /** @return UpdateFC DLLPs sent */
    public long updateFcDllps()
    {
        return updateFcs.value();
    }

    /** @return TLPs that had to wait for credits */
    public long creditStalledTlps()
    {
        return creditStalledTlps.value();
    }

    /** @return time TLPs waited for credits, summed */
    public long creditStallPs()
    {
        return creditStallPs.value();
    }

    /** @return serialisation time reserved so far, including any not yet elapsed */
    public long busyPs()
    {
        return busyPs.value();
    }

    /**
     * @return the fraction of the sender's elapsed time the wire was busy (reserved time that lies
     *     in the future is left out)
     */
    public double utilisation()
    {
        final long nowPs = loop.nowPs();
        if (nowPs <= 0)
        {
            return 0.0;
        }
        final long elapsedBusyPs = busyPs.value() - Math.max(0, busyUntilPs - nowPs);
        return (double)elapsedBusyPs / nowPs;
    }
}
