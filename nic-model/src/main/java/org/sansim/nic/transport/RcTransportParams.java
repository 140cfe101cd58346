package org.sansim.nic.transport;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of the {@link RcTransport}.
 *
 * @param maxQps QPNs the transport serves, 0 to {@code maxQps - 1}
 * @param sendWindowWqes send WQEs of one QP held between the fetcher and their completion
 * @param maxSges data segments of one send WQE the transport keeps
 * @param maxSegmentsPerMessage physical segments (pages) one translation chunk or one packet may span: local
 *     SGEs and READ ranges are translated on the fly in chunks of at most this many pages
 * @param txSlots packets being gathered or waiting for the port, all QPs
 * @param rxSlots received request packets waiting to be written to host memory, all QPs
 * @param ackEveryPackets the responder acknowledges at least every this many packets, besides at
 *     each AckReq
 * @param cqeQueue completions waiting for room in the completion unit
 * @param cqeRetryPs how long the transport waits before offering a refused completion again
 * @param maxUnackedPsns the unacknowledged-PSN window of the requester: it sends no request packet
 *     whose PSN is this many or more PSNs past the oldest unacknowledged PSN of its QP, and resumes
 *     when ACKs (or READ responses) move that PSN; a READ request counts from its first PSN
 * @param rqCacheWqes receive WQEs the responder keeps per QP ahead of the one in use, read by DMA in
 *     one burst as soon as the doorbell record shows them posted (ConnectX NICs count "receive WQE
 *     cache" misses among their performance counters); 0 turns the cache off: every receive is then
 *     read on demand, the doorbell record first, then the WQE
 * @param qpcCacheEntries QP contexts the NIC caches on the chip ({@link org.sansim.nic.context.QpContextCache});
 *     a QP whose context is not cached waits for a 128-byte PCIe read of it from host memory
 * @param qpcCacheWays entries per set of the QP context cache
 * @param qpcMaxMisses QP context reads in flight at once
 * @param clockHz the transport's packet pipelines' clock
 * @param txCyclesPerPacket cycles between two packets the transmit pipeline builds (its initiation
 *     interval): request packets, READ responses and atomic acknowledgements of every QP share it
 * @param rxCyclesPerPacket cycles between two packets the receive pipeline takes from the port, all
 *     QPs; a packet that arrives sooner waits in the port's ingress FIFO
 * @param txPipelineCycles the transmit pipeline's depth: cycles from a packet being complete (built,
 *     its payload gathered) to its reaching the port's MAC, whatever the initiation interval
 *     {@code txCyclesPerPacket}; every frame the transport sends, acknowledgements included, crosses it
 * @param rxPipelineCycles the receive pipeline's depth: cycles from a packet leaving the port's MAC to
 *     the transport acting on it, whatever the initiation interval {@code rxCyclesPerPacket}
 */
public record RcTransportParams(
    @Param(unit = Param.COUNT, description = "QPNs the transport serves, 0 to maxQps - 1")
    int maxQps,
    @Param(unit = Param.COUNT, description = "send WQEs per QP held from fetch to completion, a power of two")
    int sendWindowWqes,
    @Param(unit = Param.COUNT, description = "data segments of one send WQE")
    int maxSges,
    @Param(unit = Param.COUNT, description = "pages one translation chunk or one packet may span")
    int maxSegmentsPerMessage,
    @Param(unit = Param.COUNT, description = "packets being gathered or waiting for the port, all QPs")
    int txSlots,
    @Param(unit = Param.COUNT, description = "received request packets waiting for host memory, all QPs")
    int rxSlots,
    @Param(unit = Param.COUNT, description = "the responder ACKs at least every this many packets")
    int ackEveryPackets,
    @Param(unit = Param.COUNT, description = "completions waiting for room in the completion unit")
    int cqeQueue,
    @Param(unit = Param.PS, description = "wait before a refused completion is offered again")
    long cqeRetryPs,
    @Param(unit = Param.COUNT, description = "unacknowledged request PSNs per QP before the requester waits")
    int maxUnackedPsns,
    @Param(unit = Param.COUNT, description = "receive WQEs per QP the responder prefetches and caches (0: none)")
    int rqCacheWqes,
    @Param(unit = Param.COUNT, description = "QP contexts cached on the chip, a power of two (misses read host memory)")
    int qpcCacheEntries,
    @Param(unit = Param.COUNT, description = "entries per set of the QP context cache, a power of two")
    int qpcCacheWays,
    @Param(unit = Param.COUNT, description = "QP context reads from host memory in flight at once")
    int qpcMaxMisses,
    @Param(unit = Param.HZ, description = "clock of the transport's packet pipelines")
    long clockHz,
    @Param(unit = Param.CYCLES, description = "cycles between two packets the transmit pipeline builds, all QPs")
    int txCyclesPerPacket,
    @Param(unit = Param.CYCLES, description = "cycles between two packets the receive pipeline takes, all QPs")
    int rxCyclesPerPacket,
    @Param(unit = Param.CYCLES, description = "transmit pipeline depth: a complete packet reaches the MAC this late")
    int txPipelineCycles,
    @Param(unit = Param.CYCLES, description = "receive pipeline depth: a packet from the MAC is acted on this late")
    int rxPipelineCycles)
    implements Validated
{
    /** Default depth of each packet pipeline, in cycles: see {@link #defaults()}. */
    public static final int DEFAULT_PIPELINE_CYCLES = 18;

    /**
     * The defaults: 64 QPs, 64 WQEs of window, 16 packets in flight each way (enough to cover a DMA
     * read's round trip at 4 KiB packets), an ACK at least every 16 packets, and an unacknowledged-PSN
     * window of 128 PSNs, the value of Soft-RoCE's {@code RXE_MAX_UNACKED_PSNS} (Linux,
     * {@code drivers/infiniband/sw/rxe/rxe_param.h}), and a receive-WQE cache of 8 per QP (an
     * assumption: the size is not published; 8 covers a burst of small SENDs arriving back to back
     * within one doorbell-record and WQE read round trip). A QP context cache of 256 entries, 8 ways,
     * 4 reads in flight: an assumption, as no vendor publishes the size; it is chosen so that the few
     * QPs of a perftest run always hit and a few hundred active QPs start to miss, the regime in which
     * Kalia et al. (ATC'16) and Collie (NSDI'22) report QP-context ("ICM") cache misses costing
     * throughput (performance reference 4.1-4.2). Packet pipelines at 430 MHz, the chip clock NeoHost
     * reports for a ConnectX-6 (performance reference 4.2), taking a packet every 2 cycles each way:
     * 215 M packets/s, the order of the ~200 M messages/s vendors claim for ConnectX-5 and the sPIN
     * slides' "1 msg / 5 ns" (4.2, 4.4); the cycle count is that arithmetic, not a measured figure.
     * Their depth, 18 cycles each way: the sPIN slides put the NIC's own processing at "~125 cycles,
     * ~41.6 ns" (performance reference 4.2, [S]); 41.6 ns at 430 MHz is 17.9 cycles, so 18 cycles,
     * 41.9 ns, per direction [D]. Taking the slides' figure per direction is the assumption.
     *
     * @return the defaults
     */
    public static RcTransportParams defaults()
    {
        return new RcTransportParams(64, 64, 4, 32, 16, 32, 16, 256, 10_000L, 128, 8, 256, 8, 4, 430_000_000L, 2, 2,
            DEFAULT_PIPELINE_CYCLES, DEFAULT_PIPELINE_CYCLES);
    }

    /**
     * @param psns the unacknowledged-PSN window
     * @return these parameters with that window
     */
    public RcTransportParams withMaxUnackedPsns(final int psns)
    {
        return new RcTransportParams(maxQps, sendWindowWqes, maxSges, maxSegmentsPerMessage, txSlots, rxSlots,
            ackEveryPackets, cqeQueue, cqeRetryPs, psns, rqCacheWqes, qpcCacheEntries, qpcCacheWays, qpcMaxMisses,
            clockHz, txCyclesPerPacket, rxCyclesPerPacket, txPipelineCycles, rxPipelineCycles);
    }

    /**
     * The parameters as before this change, with the full constructor's arguments but the cache.
     *
     * @param maxQps as the record's
     * @param sendWindowWqes as the record's
     * @param maxSges as the record's
     * @param maxSegmentsPerMessage as the record's
     * @param txSlots as the record's
     * @param rxSlots as the record's
     * @param ackEveryPackets as the record's
     * @param cqeQueue as the record's
     * @param cqeRetryPs as the record's
     * @param maxUnackedPsns as the record's
     */
    public RcTransportParams(final int maxQps, final int sendWindowWqes, final int maxSges,
        final int maxSegmentsPerMessage, final int txSlots, final int rxSlots, final int ackEveryPackets,
        final int cqeQueue, final long cqeRetryPs, final int maxUnackedPsns)
    {
        this(maxQps, sendWindowWqes, maxSges, maxSegmentsPerMessage, txSlots, rxSlots, ackEveryPackets, cqeQueue,
            cqeRetryPs, maxUnackedPsns, defaults().rqCacheWqes());
    }

    /**
     * The parameters with the defaults' QP context cache.
     *
     * @param maxQps as the record's
     * @param sendWindowWqes as the record's
     * @param maxSges as the record's
     * @param maxSegmentsPerMessage as the record's
     * @param txSlots as the record's
     * @param rxSlots as the record's
     * @param ackEveryPackets as the record's
     * @param cqeQueue as the record's
     * @param cqeRetryPs as the record's
     * @param maxUnackedPsns as the record's
     * @param rqCacheWqes as the record's
     */
    public RcTransportParams(final int maxQps, final int sendWindowWqes, final int maxSges,
        final int maxSegmentsPerMessage, final int txSlots, final int rxSlots, final int ackEveryPackets,
        final int cqeQueue, final long cqeRetryPs, final int maxUnackedPsns, final int rqCacheWqes)
    {
        this(maxQps, sendWindowWqes, maxSges, maxSegmentsPerMessage, txSlots, rxSlots, ackEveryPackets, cqeQueue,
            cqeRetryPs, maxUnackedPsns, rqCacheWqes, 256, 8, 4, 430_000_000L, 2, 2, DEFAULT_PIPELINE_CYCLES,
            DEFAULT_PIPELINE_CYCLES);
    }

    /**
     * @param hz the pipelines' clock
     * @param txCycles cycles between two transmitted packets
     * @param rxCycles cycles between two received packets
     * @return these parameters with those packet pipelines
     */
    public RcTransportParams withPipelines(final long hz, final int txCycles, final int rxCycles)
    {
        return new RcTransportParams(maxQps, sendWindowWqes, maxSges, maxSegmentsPerMessage, txSlots, rxSlots,
            ackEveryPackets, cqeQueue, cqeRetryPs, maxUnackedPsns, rqCacheWqes, qpcCacheEntries, qpcCacheWays,
            qpcMaxMisses, hz, txCycles, rxCycles, txPipelineCycles, rxPipelineCycles);
    }

    /**
     * @param txCycles the transmit pipeline's depth
     * @param rxCycles the receive pipeline's depth
     * @return these parameters with those depths
     */
    public RcTransportParams withPipelineDepths(final int txCycles, final int rxCycles)
    {
        return new RcTransportParams(maxQps, sendWindowWqes, maxSges, maxSegmentsPerMessage, txSlots, rxSlots,
            ackEveryPackets, cqeQueue, cqeRetryPs, maxUnackedPsns, rqCacheWqes, qpcCacheEntries, qpcCacheWays,
            qpcMaxMisses, clockHz, txCyclesPerPacket, rxCyclesPerPacket, txCycles, rxCycles);
    }

    /**
     * @param entries QP contexts cached, a power of two
     * @param ways entries per set, a power of two not above {@code entries}
     * @return these parameters with that QP context cache
     */
    public RcTransportParams withQpcCache(final int entries, final int ways)
    {
        return new RcTransportParams(maxQps, sendWindowWqes, maxSges, maxSegmentsPerMessage, txSlots, rxSlots,
            ackEveryPackets, cqeQueue, cqeRetryPs, maxUnackedPsns, rqCacheWqes, entries, ways, qpcMaxMisses,
            clockHz, txCyclesPerPacket, rxCyclesPerPacket, txPipelineCycles, rxPipelineCycles);
    }

    /**
     * @param wqes receive WQEs cached per QP (0: none)
     * @return these parameters with that cache
     */
    public RcTransportParams withRqCacheWqes(final int wqes)
    {
        return new RcTransportParams(maxQps, sendWindowWqes, maxSges, maxSegmentsPerMessage, txSlots, rxSlots,
            ackEveryPackets, cqeQueue, cqeRetryPs, maxUnackedPsns, wqes, qpcCacheEntries, qpcCacheWays, qpcMaxMisses,
            clockHz, txCyclesPerPacket, rxCyclesPerPacket, txPipelineCycles, rxPipelineCycles);
    }

    @Override
    public void validate()
    {
        check("maxQps", maxQps, 1 << 16);
        check("sendWindowWqes", sendWindowWqes, 1 << 12);
        if (Integer.bitCount(sendWindowWqes) != 1)
        {
            throw new ParamsException("sendWindowWqes must be a power of two, got " + sendWindowWqes);
        }
        check("maxSges", maxSges, 64);
        check("maxSegmentsPerMessage", maxSegmentsPerMessage, 1 << 16);
        check("txSlots", txSlots, 4096);
        check("rxSlots", rxSlots, 4096);
        check("ackEveryPackets", ackEveryPackets, 1 << 20);
        check("cqeQueue", cqeQueue, 1 << 16);
        // at most a quarter of the 24-bit PSN space, so that signed PSN distances stay exact
        check("maxUnackedPsns", maxUnackedPsns, 1 << 22);
        if (rqCacheWqes < 0 || rqCacheWqes > 256)
        {
            throw new ParamsException("rqCacheWqes must be in 0..256, got " + rqCacheWqes);
        }
        if (qpcCacheEntries < 1 || qpcCacheEntries > 1 << 20 || Integer.bitCount(qpcCacheEntries) != 1)
        {
            throw new ParamsException("qpcCacheEntries must be a power of two in 1..2^20, got " + qpcCacheEntries);
        }
        if (qpcCacheWays < 1 || qpcCacheWays > qpcCacheEntries || Integer.bitCount(qpcCacheWays) != 1)
        {
            throw new ParamsException("qpcCacheWays must be a power of two in 1..qpcCacheEntries, got "
                + qpcCacheWays);
        }
        check("qpcMaxMisses", qpcMaxMisses, 256);
        if (clockHz < 1 || clockHz > 1_000_000_000_000L)
        {
            throw new ParamsException("clockHz must be in [1, 1e12], got " + clockHz);
        }
        if (txCyclesPerPacket < 0 || txCyclesPerPacket > 1 << 20 || rxCyclesPerPacket < 0
            || rxCyclesPerPacket > 1 << 20)
        {
            throw new ParamsException("txCyclesPerPacket and rxCyclesPerPacket must be in 0..2^20, got "
                + txCyclesPerPacket + " and " + rxCyclesPerPacket);
        }
        if (txPipelineCycles < 0 || txPipelineCycles > 1 << 20 || rxPipelineCycles < 0 || rxPipelineCycles > 1 << 20)
        {
            throw new ParamsException("txPipelineCycles and rxPipelineCycles must be in 0..2^20, got "
                + txPipelineCycles + " and " + rxPipelineCycles);
        }
        if (cqeRetryPs < 1)
        {
            throw new ParamsException("cqeRetryPs must be positive, got " + cqeRetryPs);
        }
    }

    private static void check(final String name, final int value, final int max)
    {
        if (value < 1 || value > max)
        {
            throw new ParamsException(name + " must be in 1.." + max + ", got " + value);
        }
    }
}
