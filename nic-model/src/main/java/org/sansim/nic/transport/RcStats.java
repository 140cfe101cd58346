package org.sansim.nic.transport;

import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The statistics of the {@link RcTransport}, one group at the transport's component path, shared
 * by its requester, responder and completer. The names are part of the stats paths and of
 * {@code sansim describe}: keep them.
 */
final class RcStats
{
    /** The transport's group, which the QP context cache's counters join. */
    final StatGroup group;
    final Counter packetsSent;
    final Counter bytesSent;
    final Counter packetsReceived;
    final Counter acksSent;
    final Counter naksSent;
    final Counter duplicates;
    final Counter sequenceErrors;
    final Counter rnrNaks;
    final Counter rxDropped;
    final Counter rxRefused;
    final Counter cqes;
    final Counter flushed;
    final Counter receivesFlushed;
    final Counter acksReceived;
    final Counter timeouts;
    final Counter retransmittedPackets;
    final Counter sequenceNaksReceived;
    final Counter rnrNaksReceived;
    final Counter readReplays;
    final Counter psnWindowStalls;
    final Counter rqCacheHits;
    final Counter rqCacheMisses;
    final Counter rqRecordReads;
    final Counter rqWqeReads;
    final Counter rqWqesRead;

    /**
     * Registers the counters.
     *
     * @param name the transport's component path, the stats group
     * @param stats where the statistics go
     */
    RcStats(final String name, final StatsRegistry stats)
    {
        final StatGroup g = stats.group(name);
        group = g;
        packetsSent = g.counter("packetsSent", "count", "packets handed to the port, ACKs included");
        bytesSent = g.counter("payloadBytesSent", "bytes", "payload bytes of the packets sent");
        packetsReceived = g.counter("packetsReceived", "count", "packets received for an open QP");
        acksSent = g.counter("acksSent", "count", "ACKs sent by the responder");
        naksSent = g.counter("naksSent", "count", "NAKs (RNR included) sent by the responder");
        duplicates = g.counter("duplicates", "count", "duplicate requests received (ACKed again)");
        sequenceErrors = g.counter("sequenceErrors", "count", "requests received ahead of the expected PSN");
        rnrNaks = g.counter("rnrNaks", "count", "SENDs that found no receive WQE");
        rxDropped = g.counter("rxDropped", "count", "packets dropped: unknown QP, QP in error, unexpected response");
        rxRefused = g.counter("rxRefused", "count",
            "packets refused to the port for want of a receive slot, to be offered again (never dropped)");
        cqes = g.counter("cqes", "count", "completions handed to the completion unit");
        flushed = g.counter("flushed", "count", "send WQEs completed with WR_FLUSH");
        receivesFlushed = g.counter("receivesFlushed", "count", "receive WQEs completed with WR_FLUSH");
        acksReceived = g.counter("acksReceived", "count", "ACKs and NAKs received by the completer");
        timeouts = g.counter("retransmitTimeouts", "count", "retransmission timer expiries with work outstanding");
        retransmittedPackets = g.counter("retransmittedPackets", "count",
            "request packets sent again after go-back-N (timeout, sequence NAK, RNR NAK)");
        sequenceNaksReceived = g.counter("sequenceNaksReceived", "count", "PSN sequence-error NAKs received");
        rnrNaksReceived = g.counter("rnrNaksReceived", "count", "RNR NAKs received");
        readReplays = g.counter("readReplays", "count", "duplicate READ requests answered again");
        psnWindowStalls = g.counter("psnWindowStalls", "count",
            "times a QP's requester stopped at the unacknowledged-PSN window (maxUnackedPsns)");
        rqCacheHits = g.counter("rqCacheHits", "count",
            "receive WQEs the responder found in its cache when a message needed one");
        rqCacheMisses = g.counter("rqCacheMisses", "count",
            "messages that waited for a receive WQE to be read by DMA (none cached)");
        rqRecordReads = g.counter("rqRecordReads", "count", "DMA reads of a doorbell record's receive counter");
        rqWqeReads = g.counter("rqWqeReads", "count", "DMA reads of receive WQEs (one or more consecutive each)");
        rqWqesRead = g.counter("rqWqesRead", "count", "receive WQEs read by DMA");
    }
}
