package org.sansim.nic.wqe;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;
import org.sansim.hw.WqeLayout;

/**
 * Parameters of a {@link WqeFetcher}.
 *
 * <p><b>Defaults and why.</b> A 500 MHz core clock, as the doorbell unit. Eight cycles to parse a
 * WQE: a modelled guess for a pipeline that checks the control segment and walks up to a few
 * segments. Reads of up to 8 blocks (512 B, the default PCIe max read request), at most 64 reads in
 * flight (see below). A prefetch depth
 * of 16 blocks per queue and a 512-block (32 KiB) cache: per-queue windows of mlx5-class WQE caches
 * are a few WQEs, and their total is tens of KiB. Largest WQE 32 units (512 B, up to 31 data
 * segments) and 256 inline bytes, in the range mlx5 devices report. Four parse engines: each send
 * queue is served by one engine, always the same, in order, so one QP's WQEs go at most
 * one per {@code parseCycles} (62.5 M/s) while the NIC as a whole parses four times that (250 M/s),
 * above the ~200 M messages/s vendors claim for the ConnectX-5 class (performance reference 4.4), so
 * that the fetcher is not what caps the whole NIC's message rate; the count is an assumption, no
 * vendor publishes it.
 *
 * <p>One WQE read in flight per send queue, each covering the WQEs of one doorbell (up to 128
 * doorbells kept apart per queue, the send queue depth perftest uses): one QP of an mlx5-class NIC is
 * handled in order by one processing unit (Kalia et al., ATC'16, perf 4.1: "multiple QPs" is their
 * guideline because one QP's work is not spread over units), and one QP ringing a doorbell per WQE
 * reaches about one WQE per PCIe read round trip: 2.64 Mpps for ib_write_bw and 2.55 Mpps for
 * ib_read_bw on one QP, against a 403 ns PCIe round trip (perf 4.2, 4.4), where doorbell batching
 * (one doorbell for many WQEs) lifts the rate (Kalia et al.). The per-queue limits are a reading of
 * those figures, not a published design. With 64 reads in flight in all, many queues still fetch in
 * parallel: PCIe's 8-bit tags allow 256 non-posted requests, of which the fetcher's share is an
 * assumption.
 *
 * @param coreClockHz the fetcher's clock
 * @param parseCycles cycles to check and parse one WQE
 * @param maxBlocksPerRead basic blocks fetched by one DMA read at most
 * @param maxOutstandingReads DMA reads the fetcher may have in flight at once
 * @param prefetchDepthBlocks blocks a queue may hold in the cache (fetched or being fetched, not yet
 *     handed on)
 * @param cacheBlocks the WQE cache, in basic blocks, shared by all queues
 * @param maxSendQueues send queues the fetcher can hold
 * @param maxSendWqeUnits largest send WQE in 16-byte units ({@code MAX_SEND_WQE_UNITS})
 * @param maxInlineBytes most inline bytes in a send WQE ({@code MAX_INLINE_BYTES})
 * @param parseEngines parse engines working in parallel; a send queue always uses the same one
 * @param readsPerQueue DMA reads of one send queue's WQEs in flight at once at most
 * @param doorbellsPerQueue doorbells per send queue whose WQEs are fetched apart; a doorbell beyond
 *     them joins the newest
 */
public record WqeFetcherParams(
    @Param(unit = Param.HZ, description = "WQE fetcher clock") long coreClockHz,
    @Param(unit = Param.CYCLES, description = "cycles to check and parse one WQE") int parseCycles,
    @Param(unit = Param.COUNT, description = "basic blocks per DMA read at most") int maxBlocksPerRead,
    @Param(unit = Param.COUNT, description = "DMA reads in flight at most") int maxOutstandingReads,
    @Param(unit = Param.COUNT, description = "blocks per queue fetched ahead of the sink, at most")
    int prefetchDepthBlocks,
    @Param(unit = Param.COUNT, description = "WQE cache capacity in 64-byte blocks, shared by all queues")
    int cacheBlocks,
    @Param(unit = Param.COUNT, description = "send queues the fetcher can hold") int maxSendQueues,
    @Param(unit = Param.COUNT, description = "largest send WQE in 16-byte units") int maxSendWqeUnits,
    @Param(unit = Param.BYTES, description = "most inline bytes in a send WQE") int maxInlineBytes,
    @Param(unit = Param.COUNT, description = "parse engines in parallel; a send queue always uses the same one")
    int parseEngines,
    @Param(unit = Param.COUNT, description = "WQE reads of one send queue in flight at most") int readsPerQueue,
    @Param(unit = Param.COUNT, description = "doorbells per send queue whose WQEs are fetched by reads of their own")
    int doorbellsPerQueue)
    implements Validated
{
    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the default parameters
     */
    public static WqeFetcherParams defaults()
    {
        return new WqeFetcherParams(500_000_000L, 8, 8, 64, 16, 512, 1024, 32, 256, 4, 1, 128);
    }

    /**
     * @param blocksPerRead blocks per read at most
     * @param outstandingReads reads in flight at most
     * @param depthBlocks prefetch depth per queue
     * @param cache cache capacity in blocks
     * @return a copy with another fetch geometry
     */
    public WqeFetcherParams withFetch(final int blocksPerRead, final int outstandingReads, final int depthBlocks,
        final int cache)
    {
        return new WqeFetcherParams(coreClockHz, parseCycles, blocksPerRead, outstandingReads, depthBlocks, cache,
            maxSendQueues, maxSendWqeUnits, maxInlineBytes, parseEngines, readsPerQueue, doorbellsPerQueue);
    }

    /**
     * The parameters with the defaults' per-queue fetch limits.
     *
     * @param coreClockHz as the record's
     * @param parseCycles as the record's
     * @param maxBlocksPerRead as the record's
     * @param maxOutstandingReads as the record's
     * @param prefetchDepthBlocks as the record's
     * @param cacheBlocks as the record's
     * @param maxSendQueues as the record's
     * @param maxSendWqeUnits as the record's
     * @param maxInlineBytes as the record's
     * @param parseEngines as the record's
     */
    public WqeFetcherParams(final long coreClockHz, final int parseCycles, final int maxBlocksPerRead,
        final int maxOutstandingReads, final int prefetchDepthBlocks, final int cacheBlocks, final int maxSendQueues,
        final int maxSendWqeUnits, final int maxInlineBytes, final int parseEngines)
    {
        this(coreClockHz, parseCycles, maxBlocksPerRead, maxOutstandingReads, prefetchDepthBlocks, cacheBlocks,
            maxSendQueues, maxSendWqeUnits, maxInlineBytes, parseEngines, 1, 128);
    }

    /**
     * The parameters with the defaults' parse engines and per-queue fetch limits.
     *
     * @param coreClockHz as the record's
     * @param parseCycles as the record's
     * @param maxBlocksPerRead as the record's
     * @param maxOutstandingReads as the record's
     * @param prefetchDepthBlocks as the record's
     * @param cacheBlocks as the record's
     * @param maxSendQueues as the record's
     * @param maxSendWqeUnits as the record's
     * @param maxInlineBytes as the record's
     */
    public WqeFetcherParams(final long coreClockHz, final int parseCycles, final int maxBlocksPerRead,
        final int maxOutstandingReads, final int prefetchDepthBlocks, final int cacheBlocks, final int maxSendQueues,
        final int maxSendWqeUnits, final int maxInlineBytes)
    {
        this(coreClockHz, parseCycles, maxBlocksPerRead, maxOutstandingReads, prefetchDepthBlocks, cacheBlocks,
            maxSendQueues, maxSendWqeUnits, maxInlineBytes, 4, 1, 128);
    }

    /**
     * @param engines parse engines
     * @return a copy with that many parse engines
     */
    public WqeFetcherParams withParseEngines(final int engines)
    {
        return new WqeFetcherParams(coreClockHz, parseCycles, maxBlocksPerRead, maxOutstandingReads,
            prefetchDepthBlocks, cacheBlocks, maxSendQueues, maxSendWqeUnits, maxInlineBytes, engines, readsPerQueue,
            doorbellsPerQueue);
    }

    /**
     * @param reads WQE reads of one send queue in flight at most
     * @param doorbells doorbells per send queue fetched apart
     * @return a copy with those per-queue fetch limits
     */
    public WqeFetcherParams withPerQueueFetch(final int reads, final int doorbells)
    {
        return new WqeFetcherParams(coreClockHz, parseCycles, maxBlocksPerRead, maxOutstandingReads,
            prefetchDepthBlocks, cacheBlocks, maxSendQueues, maxSendWqeUnits, maxInlineBytes, parseEngines, reads,
            doorbells);
    }

    /** @return the most basic blocks a WQE may occupy */
    public int maxWqeBlocks()
    {
        return WqeLayout.basicBlocks(maxSendWqeUnits);
    }

    @Override
    public void validate()
    {
        if (coreClockHz < 1 || coreClockHz > 1_000_000_000_000L)
        {
            throw new ParamsException("coreClockHz must be in [1, 1e12], got " + coreClockHz);
        }
        if (parseCycles < 0)
        {
            throw new ParamsException("parseCycles must not be negative, got " + parseCycles);
        }
        if (maxBlocksPerRead < 1 || maxOutstandingReads < 1 || maxSendQueues < 1)
        {
            throw new ParamsException("maxBlocksPerRead, maxOutstandingReads and maxSendQueues must be positive");
        }
        if (parseEngines < 1 || parseEngines > 256)
        {
            throw new ParamsException("parseEngines must be in [1, 256], got " + parseEngines);
        }
        if (readsPerQueue < 1 || doorbellsPerQueue < 1 || doorbellsPerQueue > 0x8000)
        {
            throw new ParamsException("readsPerQueue must be positive and doorbellsPerQueue in [1, 32768], got "
                + readsPerQueue + " and " + doorbellsPerQueue);
        }
        if (maxSendWqeUnits < 1 || maxSendWqeUnits > 255)
        {
            throw new ParamsException("maxSendWqeUnits must be in [1, 255], got " + maxSendWqeUnits);
        }
        if (maxInlineBytes < 0 || maxInlineBytes > 0xFFFF)
        {
            throw new ParamsException("maxInlineBytes must be in [0, 65535], got " + maxInlineBytes);
        }
        if (prefetchDepthBlocks < maxWqeBlocks())
        {
            throw new ParamsException("prefetchDepthBlocks (" + prefetchDepthBlocks
                + ") must hold the largest WQE (" + maxWqeBlocks() + " blocks of maxSendWqeUnits)");
        }
        if (cacheBlocks < prefetchDepthBlocks)
        {
            throw new ParamsException("cacheBlocks (" + cacheBlocks + ") must be at least prefetchDepthBlocks ("
                + prefetchDepthBlocks + ")");
        }
    }
}
