package org.sansim.nic.dma;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of the {@link DmaEngines}: how many engines, how many DMA reads each keeps in flight,
 * what a descriptor costs and how many jobs wait in an engine's queue.
 *
 * <p>Not parameters here: PCIe max payload and max read request sizes, read tags and link timing;
 * the {@link org.sansim.pcie.PcieEndpoint} splits every read and write into TLPs by its own
 * {@link org.sansim.pcie.PcieLinkParams}.
 *
 * @param clockHz the engines' clock
 * @param engines engines working in parallel, each with its own job queue
 * @param outstandingReadsPerEngine DMA reads (one per segment) an engine keeps in flight at once
 * @param cyclesPerDescriptor cycles an engine is busy to issue one segment (descriptor) of a job
 * @param jobQueueDepth jobs an engine holds, queued or in progress, before it refuses more
 * @param maxSegmentsPerJob segments one gather or scatter may list
 * @param stallAtPs time every engine stops issuing descriptors, 0 for never
 * @param stallForPs how long the stall lasts
 */
public record DmaEnginesParams(
    @Param(unit = Param.HZ, description = "clock of the DMA engines")
    long clockHz,
    @Param(unit = Param.COUNT, description = "DMA engines working in parallel, each with its own job queue")
    int engines,
    @Param(unit = Param.COUNT, description = "DMA reads (one per segment) an engine keeps in flight at once")
    int outstandingReadsPerEngine,
    @Param(unit = Param.CYCLES, description = "cycles an engine is busy to issue one segment of a job")
    int cyclesPerDescriptor,
    @Param(unit = Param.COUNT, description = "jobs an engine holds, queued or in progress, before refusing more")
    int jobQueueDepth,
    @Param(unit = Param.COUNT, description = "segments one gather or scatter may list")
    int maxSegmentsPerJob,
    @Param(unit = Param.PS, description = "fault: time every engine stops issuing descriptors; 0 = never")
    long stallAtPs,
    @Param(unit = Param.PS, description = "fault: how long the engines stall (0: no stall)")
    long stallForPs)
    implements Validated
{
    /** The largest engine count, outstanding read count, queue depth or segment count accepted. */
    public static final int MAX_PARALLELISM = 1024;

    /**
     * The defaults, each with its reason:
     * <ul>
     *   <li>{@code clockHz} 430 MHz: the chip frequency NeoHost reports for a ConnectX-6
     *       (performance.md §4.2), as for the other NIC blocks;</li>
     *   <li>{@code engines} 4, {@code outstandingReadsPerEngine} 16: 64 reads in flight, enough to
     *       cover a PCIe round trip of about 400 ns at Gen3 x16 rate with 512-byte reads (§4.2:
     *       13.4 GB/s × 0.4 µs ≈ 5.4 KB, about 11 reads), with room for several streams, and
     *       below the endpoint's 256 tags;</li>
     *   <li>{@code cyclesPerDescriptor} 4: about 9.3 ns per segment, so one engine issues about
     *       107 M segments/s, above the 80 Mops message rates of §4.1 and §4.4;</li>
     *   <li>{@code jobQueueDepth} 64: a few WQEs' worth of gathers per engine;</li>
     *   <li>{@code maxSegmentsPerJob} 32: a WQE's gather list (HARDWARE.md 6.5) or the pages of
     *       64 KiB of 4 KiB pages plus a partial one at each end.</li>
     * </ul>
     *
     * @return the defaults
     */
    public static DmaEnginesParams defaults()
    {
        return new DmaEnginesParams(430_000_000L, 4, 16, 4, 64, 32, 0, 0);
    }

    /**
     * A copy with another parallelism.
     *
     * @param newEngines engines
     * @param newOutstandingReads outstanding reads per engine
     * @return the copy, validated
     */
    public DmaEnginesParams withParallelism(final int newEngines, final int newOutstandingReads)
    {
        final DmaEnginesParams p = new DmaEnginesParams(clockHz, newEngines, newOutstandingReads,
            cyclesPerDescriptor, jobQueueDepth, maxSegmentsPerJob, stallAtPs, stallForPs);
        p.validate();
        return p;
    }

    /**
     * A copy whose engines stall once.
     *
     * @param atPs when the stall starts, 0 for never
     * @param forPs how long it lasts
     * @return the copy, validated
     */
    public DmaEnginesParams withStall(final long atPs, final long forPs)
    {
        final DmaEnginesParams p = new DmaEnginesParams(clockHz, engines, outstandingReadsPerEngine,
            cyclesPerDescriptor, jobQueueDepth, maxSegmentsPerJob, atPs, forPs);
        p.validate();
        return p;
    }

    /**
     * @param startPs when a descriptor could start
     * @return when it starts: after the stall if it would start during it
     */
    public long startAfterStallPs(final long startPs)
    {
        return stallAtPs != 0 && startPs >= stallAtPs && startPs < stallAtPs + stallForPs ? stallAtPs + stallForPs
            : startPs;
    }

    @Override
    public void validate()
    {
        if (stallAtPs < 0 || stallForPs < 0)
        {
            throw new ParamsException("stallAtPs and stallForPs must not be negative, got " + stallAtPs + " and "
                + stallForPs);
        }
        if (clockHz <= 0 || clockHz > 1_000_000_000_000L)
        {
            throw new ParamsException("clockHz must be in (0, 1 THz], got " + clockHz);
        }
        checkRange("engines", engines);
        checkRange("outstandingReadsPerEngine", outstandingReadsPerEngine);
        checkRange("jobQueueDepth", jobQueueDepth);
        checkRange("maxSegmentsPerJob", maxSegmentsPerJob);
        if (cyclesPerDescriptor < 1 || cyclesPerDescriptor > 1_000_000)
        {
            throw new ParamsException("cyclesPerDescriptor must be in 1..1000000, got " + cyclesPerDescriptor);
        }
        if ((long)engines * outstandingReadsPerEngine > Integer.MAX_VALUE / 2)
        {
            throw new ParamsException("engines * outstandingReadsPerEngine is too large");
        }
    }

    private static void checkRange(final String name, final int value)
    {
        if (value < 1 || value > MAX_PARALLELISM)
        {
            throw new ParamsException(name + " must be in 1.." + MAX_PARALLELISM + ", got " + value);
        }
    }
}
