package org.sansim.pcie;

import org.sansim.sim.Channel;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;

/**
 * One direction of a PCIe link: the transmitter that puts TLPs on the wire one after the other, and
 * the {@link Channel} that carries them to the other side.
 *
 * <p>The wire is busy while a TLP is serialised. A TLP handed over at {@code now} starts at
 * {@code max(now, end of the previous TLP)}, ends {@link PcieLinkParams#serialisationPs} later,
 * and reaches the other side at that end plus the link's latency; the message is claimed on the
 * channel with exactly that delivery time. TLPs leave in the order they were handed over (one FIFO
 * per direction), which is what keeps a completion from passing an earlier posted write, and a read
 * request from passing an earlier write.
 *
 * <p>While the link retrains ({@link PcieLinkParams#retrainAtPs()} for
 * {@link PcieLinkParams#retrainForPs()}) no TLP is on the wire: one that would overlap the
 * retraining starts when it ends, and the ones behind it queue as usual.
 *
 * <p>The transmitter reserves wire time when a TLP is handed over; it has no credits and never
 * refuses. A sender that must not run ahead of the wire paces itself with {@link #busyUntilPs()}.
 */
public final class PcieTransmitter
{
    private final Channel channel;
    private final EventLoop loop;
    private final PcieLinkParams params;
    private final long latencyPs;
    private final Counter tlps;
    private final Counter payloadBytes;
    private final Counter wireBytes;
    private final Counter busyPs;
    private final Counter retrainDelayedTlps;
    private final Counter retrainDelayPs;
    private long busyUntilPs;
    private long lastDeliverPs;

    /**
     * @param channel the channel of this direction; the transmitter is its only sender
     * @param params the link's parameters
     * @param stats where to register this direction's statistics
     */
    PcieTransmitter(final Channel channel, final PcieLinkParams params, final StatGroup stats)
    {
        this.channel = channel;
        this.loop = channel.source().loop();
        this.params = params;
        this.latencyPs = channel.latencyPs();
        this.tlps = stats.counter("tlps", "count", "TLPs sent");
        this.payloadBytes = stats.counter("payloadBytes", "bytes", "data payload bytes sent in TLPs");
        this.wireBytes = stats.counter("wireBytes", "bytes",
            "bytes on the wire: headers, payload, ECRC, framing, sequence numbers and LCRCs");
        this.busyPs = stats.counter("busyPs", "ps", "time the wire spent serialising TLPs");
        this.retrainDelayedTlps = stats.counter("retrainDelayedTlps", "count",
            "TLPs held back because the link was retraining");
        this.retrainDelayPs = stats.counter("retrainDelayPs", "ps", "time TLPs waited for a retraining to end");
        stats.formula("utilisation", "ratio", "fraction of elapsed time the wire was busy", this::utilisation);
    }

    /**
     * Reserves the wire for a TLP and claims its message, of the given kind and with
     * {@link Message#sizeBytes()} set to its wire size. Fill the words and data, then
     * {@link #publish()}.
     *
     * @param kind a {@link Tlp} kind
     * @param headerBytes the TLP's header
     * @param payload the TLP's data payload
     * @return the message to fill
     */
    Message claim(final int kind, final int headerBytes, final int payload)
    {
        final int wire = params.wireBytes(headerBytes, payload);
        final long serialisationPs = params.serialisationPs(wire);
        long startPs = Math.max(loop.nowPs(), busyUntilPs);
        if (params.retrainAtPs() != 0)
        {
            final long afterPs = params.startAfterRetrainPs(startPs, serialisationPs);
            if (afterPs != startPs)
            {
                retrainDelayedTlps.increment();
                retrainDelayPs.add(afterPs - startPs);
                startPs = afterPs;
            }
        }
        busyUntilPs = startPs + serialisationPs;
        lastDeliverPs = busyUntilPs + latencyPs;
        tlps.increment();
        payloadBytes.add(payload);
        wireBytes.add(wire);
        busyPs.add(serialisationPs);
        return channel.claim(lastDeliverPs).kind(kind).sizeBytes(wire);
    }

    /** Publishes the message obtained from {@link #claim}. */
    void publish()
    {
        channel.publish();
    }

    /** @return when the wire finishes the TLPs handed over so far (the past if it is idle) */
    public long busyUntilPs()
    {
        return busyUntilPs;
    }

    /** @return when the last TLP handed over reaches the other side */
    public long lastDeliverPs()
    {
        return lastDeliverPs;
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

    /** @return wire bytes sent */
    public long wireBytes()
    {
        return wireBytes.value();
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
