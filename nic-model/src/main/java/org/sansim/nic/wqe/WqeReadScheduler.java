package org.sansim.nic.wqe;

import org.sansim.hw.WqeLayout;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.EventLoop;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;

/**
 * The {@link WqeFetcher}'s fetch scheduler: which queue reads which WQE blocks next, and the DMA
 * reads in flight (HARDWARE.md 4).
 *
 * <p>Queues with blocks to fetch wait in a round-robin list and take turns, one read per turn,
 * while a read slot ({@link WqeFetcherParams#maxOutstandingReads()}) and a cache block are free. A
 * read covers up to {@link WqeFetcherParams#maxBlocksPerRead()} consecutive blocks that do not wrap
 * the ring, never goes past the queue's oldest pending doorbell, never takes the queue past its
 * prefetch depth, and a queue has at most {@link WqeFetcherParams#readsPerQueue()} in flight. Each
 * block read takes a pool block, fetching, and advances the queue's fetched counter; when the read
 * completes its blocks become present, or are dropped if the queue has left
 * {@link SendQueueState#ACTIVE} meanwhile.
 *
 * <p>Package-private. Allocates nothing after construction.
 */
final class WqeReadScheduler
{
    private static final int BLOCK = WqeLayout.BASIC_BLOCK_BYTES;

    private final WqeFetcherParams params;
    private final EventLoop loop;
    private final PcieEndpoint pcie;
    private final DmaReadCompletion completion;
    private final SendQueueTable queues;
    private final WqeBlockPool pool;

    // Round-robin list of queue slots with blocks to fetch.
    private final boolean[] inFetchList;
    private final int[] fetchList;
    private int fetchHead;
    private int fetchCount;

    // Reads in flight, by read slot; the read slot is the DMA cookie.
    private final int[] readSlot;
    private final int[] readStart;
    private final int[] readBlocks;
    private final long[] readIssuePs;
    private final byte[] staging;
    private final int[] freeReads;
    private int freeReadCount;

    private final Counter dmaReads;
    private final Counter blocksFetched;
    private final Distribution fetchLatency;

    /**
     * @param params the fetcher's parameters, validated
     * @param loop the NIC partition's event loop
     * @param pcie the NIC's PCIe endpoint
     * @param completion who the endpoint tells of a finished read (the fetcher, which calls
     *     {@link #complete})
     * @param queues the queue contexts
     * @param pool the block pool
     * @param dmaReads counts reads issued
     * @param blocksFetched counts blocks read
     * @param fetchLatency records each read's issue to data time
     */
    WqeReadScheduler(final WqeFetcherParams params, final EventLoop loop, final PcieEndpoint pcie,
        final DmaReadCompletion completion, final SendQueueTable queues, final WqeBlockPool pool,
        final Counter dmaReads, final Counter blocksFetched, final Distribution fetchLatency)
    {
        this.params = params;
        this.loop = loop;
        this.pcie = pcie;
        this.completion = completion;
        this.queues = queues;
        this.pool = pool;
        this.dmaReads = dmaReads;
        this.blocksFetched = blocksFetched;
        this.fetchLatency = fetchLatency;
        final int n = params.maxSendQueues();
        inFetchList = new boolean[n];
        fetchList = new int[n];
        final int reads = params.maxOutstandingReads();
        readSlot = new int[reads];
        readStart = new int[reads];
        readBlocks = new int[reads];
        readIssuePs = new long[reads];
        staging = new byte[reads * params.maxBlocksPerRead() * BLOCK];
        freeReads = new int[reads];
        for (int i = 0; i < reads; i++)
        {
            freeReads[i] = reads - 1 - i;
        }
        freeReadCount = reads;
    }

    /** Puts queue slot {@code s} at the back of the fetch list unless it is already on it. */
    void want(final int s)
    {
        if (!inFetchList[s])
        {
            inFetchList[s] = true;
            fetchList[(fetchHead + fetchCount++) % fetchList.length] = s;
        }
    }

    /**
     * Blocks queue {@code s} may fetch now, ignoring the pool: none while it has
     * {@code readsPerQueue} reads in flight, and never past its oldest pending doorbell.
     */
    private int fetchable(final int s)
    {
        final SendQueueTable q = queues;
        if (q.state[s] != SendQueueState.ACTIVE || q.readsInFlight[s] >= params.readsPerQueue())
        {
            return 0;
        }
        final int posted = WqeLayout.counterDistance(q.fetched[s], q.doorbells.fetchLimit(s, q.fetched[s]));
        final int room = params.prefetchDepthBlocks() - WqeLayout.counterDistance(q.consumer[s], q.fetched[s]);
        final int ringSize = 1 << q.logBlocks[s];
        final int toRingEnd = ringSize - (q.fetched[s] & (ringSize - 1));
        return Math.min(Math.min(posted, room), Math.min(toRingEnd, params.maxBlocksPerRead()));
    }

    /** Issues reads, queue by queue in turn, while reads and cache blocks are free. */
    void pump()
    {
        while (fetchCount > 0 && freeReadCount > 0 && pool.freeCount() > 0)
        {
            final int s = fetchList[fetchHead];
            fetchHead = (fetchHead + 1) % fetchList.length;
            fetchCount--;
            final int n = Math.min(fetchable(s), pool.freeCount());
            if (n == 0)
            {
                inFetchList[s] = false;
                continue;
            }
            issue(s, n);
            if (fetchable(s) > 0)
            {
                fetchList[(fetchHead + fetchCount++) % fetchList.length] = s;
            }
            else
            {
                inFetchList[s] = false;
            }
        }
    }

    private void issue(final int s, final int n)
    {
        final SendQueueTable q = queues;
        final int r = freeReads[--freeReadCount];
        final int start = q.fetched[s];
        for (int i = 0; i < n; i++)
        {
            pool.markFetching(pool.take(s, start + i));
        }
        q.fetched[s] = (start + n) & WqeLayout.COUNTER_MASK;
        readSlot[r] = s;
        readStart[r] = start;
        readBlocks[r] = n;
        readIssuePs[r] = loop.nowPs();
        q.readsInFlight[s]++;
        dmaReads.increment();
        pcie.dmaRead(WqeLayout.sendSlotAddress(q.basePa[s], start, q.logBlocks[s]), n * BLOCK, staging,
            r * params.maxBlocksPerRead() * BLOCK, completion, r);
    }

    /**
     * Ends a read: its blocks become present (or are freed if the queue is no longer active) and its
     * read slot is free again. The caller then lets the queue parse and fetch and pumps both.
     *
     * @param cookie the read's cookie
     * @return the queue slot the read was for
     */
    int complete(final long cookie)
    {
        final SendQueueTable q = queues;
        final int r = (int)cookie;
        final int s = readSlot[r];
        final int n = readBlocks[r];
        final long nowPs = loop.nowPs();
        fetchLatency.record(nowPs - readIssuePs[r]);
        blocksFetched.add(n);
        q.readsInFlight[s]--;
        for (int i = 0; i < n; i++)
        {
            final int b = pool.at(s, readStart[r] + i);
            if (q.state[s] == SendQueueState.ACTIVE)
            {
                pool.fill(b, staging, (r * params.maxBlocksPerRead() + i) * BLOCK, nowPs, false);
            }
            else
            {
                pool.free(b);
            }
        }
        freeReads[freeReadCount++] = r;
        return s;
    }
}
