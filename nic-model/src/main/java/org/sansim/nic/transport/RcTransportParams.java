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
    int maxUnackedPsns)
    implements Validated
{
    /**
     * The defaults: 64 QPs, 64 WQEs of window, 16 packets in flight each way (enough to cover a DMA
     * read's round trip at 4 KiB packets), an ACK at least every 16 packets, and an unacknowledged-PSN
     * window of 128 PSNs, the value of Soft-RoCE's {@code RXE_MAX_UNACKED_PSNS} (Linux,
     * {@code drivers/infiniband/sw/rxe/rxe_param.h}).
     *
     * @return the defaults
     */
    public static RcTransportParams defaults()
    {
        return new RcTransportParams(64, 64, 4, 32, 16, 32, 16, 256, 10_000L, 128);
    }

    /**
     * @param psns the unacknowledged-PSN window
     * @return these parameters with that window
     */
    public RcTransportParams withMaxUnackedPsns(final int psns)
    {
        return new RcTransportParams(maxQps, sendWindowWqes, maxSges, maxSegmentsPerMessage, txSlots, rxSlots,
            ackEveryPackets, cqeQueue, cqeRetryPs, psns);
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
