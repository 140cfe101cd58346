package org.sansim.pcie;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of a PCIe link between a host's root complex and a device, and the arithmetic of its
 * TLPs: how transfers split into TLPs, how many bytes each TLP puts on the wire, and how long they
 * take to send. The model ({@link PcieRootComplex}, {@link PcieEndpoint}) and the benchmark both
 * use these methods, so there is one place that says what a PCIe transfer costs.
 *
 * <p>Defaults and their sources (../shared/reference/performance.md §4.1-4.2):
 * <ul>
 *   <li>Gen3 x16: 126.03 Gb/s after encoding, the link of ConnectX-5/6 class NICs; NeoHost reports
 *       125.4 Gb/s of "PCIe available BW" on a ConnectX-6.</li>
 *   <li>max payload 256 B, max read request 512 B: common values on servers (Kalia et al. and the
 *       "20-26 B per 128-256 B payload" accounting).</li>
 *   <li>read completion boundary 64 B: what root complexes advertise (one cache line); completions
 *       of at most 128 B: Kalia et al. (ATC'16) observe that completions combine to
 *       C<sub>rc</sub> = 128 B, which with 20 B of overhead each gives 13.6 GB/s of read payload on
 *       Gen3 x16, next to their measured 13.4 GB/s.</li>
 *   <li>one-way latency 150 ns and completer latency 100 ns: together with serialisation a 64-byte
 *       DMA read takes 406.6 ns, next to the 403 ns average "PCIe latency" NeoHost reports for a
 *       ConnectX-6 (min 372, max 488). The completer's 100 ns stands for the root complex plus a
 *       memory access; the sPIN slides' "PCIe bus ~250 ns" is a coarser, one-way figure, which a
 *       scenario that cares about MMIO latency may set instead.</li>
 *   <li>256 read tags: the 8-bit tag field (Extended Tag Field Enable), which NICs of this class
 *       enable; 32 without it.</li>
 *   <li>request interval 4 ns: the root complex accepts a read request per 4 ns (250 M/s), about
 *       four cycles of an uncore running near 1 GHz. Assumption; no public figure. Above the
 *       ~187 M/s of 64 B completions Gen3 x16 carries, so small reads on Gen3 stay link-bound and
 *       on Gen4 x16 (~375 M/s) become request-bound.</li>
 *   <li>32 memory read trackers, each line {@code completerLatencyPs}: 32 x 64 B / 100 ns =
 *       20.5 GB/s of memory reads, above the 13.6 GB/s of completion payload of Gen3 x16 so that
 *       Kalia et al.'s 13.4 GB/s stays link-bound. Assumption (Little's law on that figure); a
 *       Gen4 host needs more (the hdr preset).</li>
 *   <li>credits: root port 64 posted headers, 1024 posted data credits (16 KiB), 64 non-posted
 *       headers; device 127 posted headers (the most without scaled flow control), 1024 data
 *       credits; completions infinite at the device (the PCIe base specification requires it of
 *       endpoints). Assumptions sized to cover the credit round trip (~320 ns) of a 256 B
 *       DMA-write stream and of a write-combining stream at Kalia et al.'s 175 M lines/s (about 60
 *       lines), which real links sustain.</li>
 *   <li>an ACK per 4 TLPs and an UpdateFC per 8 freed headers, or after 128 ns: the pcie-bench
 *       model's style of DLLP accounting (Neugebauer et al., SIGCOMM'18); the timer about 128
 *       symbol times of 1 ns at 8 GT/s, the order of the specification's AckNak latency limits
 *       for wide links. Assumptions; UpdateFCs coalesced by 8 keep their message events at one
 *       per 8 TLPs.</li>
 * </ul>
 *
 * @param generation PCIe generation: lane rate, encoding and framing
 * @param lanes link width
 * @param maxPayloadBytes max payload size (MPS) of a write or completion TLP
 * @param maxReadRequestBytes max read request size (MRRS)
 * @param readCompletionBoundaryBytes the completer's read completion boundary (RCB)
 * @param completionMaxBytes the largest completion the completer sends, capped by MPS
 * @param ecrc whether every TLP carries a 4-byte end-to-end CRC
 * @param always64BitAddressing whether requests use 4DW headers even below 4 GiB
 * @param latencyPs one-way latency from the end of a TLP's serialisation to its arrival
 * @param completerLatencyPs time from a read request's acceptance to its first line's arrival from
 *     memory (the latency of every line read)
 * @param readTags read requests the device may have outstanding (tags)
 * @param retrainAtPs time the link starts retraining, 0 for never
 * @param retrainForPs how long the retraining lasts: no TLP crosses meanwhile
 * @param requestIntervalPs the root complex's time per read request: it accepts one per interval
 * @param memoryReadTrackers cache-line reads the root complex has in flight to memory at once, each
 *     taking {@code completerLatencyPs}
 * @param rootPostedHeaderCredits posted header credits the root port advertises, 0 for infinite
 * @param rootPostedDataCredits posted data credits (16 B each) the root port advertises, 0 for infinite
 * @param rootNonPostedHeaderCredits non-posted header credits the root port advertises, 0 for infinite
 * @param endpointPostedHeaderCredits posted header credits the device advertises, 0 for infinite
 * @param endpointPostedDataCredits posted data credits the device advertises, 0 for infinite
 * @param ackEveryTlps TLPs a receiver acknowledges with one ACK DLLP
 * @param updateFcEveryHeaders headers of one type a receiver frees before it sends an UpdateFC
 * @param dllpTimerPs longest a receiver holds back an owed ACK or UpdateFC
 */
public record PcieLinkParams(
    @Param(unit = Param.ENUM, description = "PCIe generation: lane rate, encoding and framing")
    PcieGeneration generation,
    @Param(unit = Param.COUNT, description = "link width in lanes: 1, 2, 4, 8, 12, 16 or 32")
    int lanes,
    @Param(unit = Param.BYTES, description = "max payload size of a write or completion TLP (MPS)")
    int maxPayloadBytes,
    @Param(unit = Param.BYTES, description = "max read request size (MRRS)")
    int maxReadRequestBytes,
    @Param(unit = Param.BYTES, description = "read completion boundary of the completer (RCB): 64 or 128")
    int readCompletionBoundaryBytes,
    @Param(unit = Param.BYTES, description = "largest read completion the completer sends (capped by MPS)")
    int completionMaxBytes,
    @Param(unit = Param.BOOL, description = "every TLP carries a 4-byte end-to-end CRC (ECRC)")
    boolean ecrc,
    @Param(unit = Param.BOOL, description = "requests use 4DW headers even for addresses below 4 GiB")
    boolean always64BitAddressing,
    @Param(unit = Param.PS, description = "one-way latency from end of serialisation to arrival")
    long latencyPs,
    @Param(unit = Param.PS, description = "root complex and memory time to read one cache line for a request")
    long completerLatencyPs,
    @Param(unit = Param.COUNT, description = "read requests the device may have outstanding (tags)")
    int readTags,
    @Param(unit = Param.PS, description = "fault: time the link starts retraining (no TLP crosses); 0 = never")
    long retrainAtPs,
    @Param(unit = Param.PS, description = "fault: how long a retraining lasts (0: no retraining)")
    long retrainForPs,
    @Param(unit = Param.PS, description = "root complex time per read request: it accepts one per interval")
    long requestIntervalPs,
    @Param(unit = Param.COUNT, description = "cache-line reads the root complex has in flight to memory at once")
    int memoryReadTrackers,
    @Param(unit = Param.COUNT, description = "posted header credits the root port advertises (0 = infinite)")
    int rootPostedHeaderCredits,
    @Param(unit = Param.COUNT, description = "posted data credits (16 B each) the root port advertises (0 = infinite)")
    int rootPostedDataCredits,
    @Param(unit = Param.COUNT, description = "non-posted header credits the root port advertises (0 = infinite)")
    int rootNonPostedHeaderCredits,
    @Param(unit = Param.COUNT, description = "posted header credits the device advertises (0 = infinite)")
    int endpointPostedHeaderCredits,
    @Param(unit = Param.COUNT, description = "posted data credits (16 B each) the device advertises (0 = infinite)")
    int endpointPostedDataCredits,
    @Param(unit = Param.COUNT, description = "TLPs a receiver acknowledges with one ACK DLLP")
    int ackEveryTlps,
    @Param(unit = Param.COUNT, description = "headers a receiver frees before it sends an UpdateFC DLLP")
    int updateFcEveryHeaders,
    @Param(unit = Param.PS, description = "longest a receiver holds back an owed ACK or UpdateFC DLLP")
    long dllpTimerPs)
    implements Validated
{
    /** Read and write requests must not cross a 4 KiB boundary. */
    public static final int REQUEST_BOUNDARY_BYTES = 4096;

    /** Header of a request with a 32-bit address, or of a completion (3 DW). */
    public static final int HEADER_3DW_BYTES = 12;

    /** Header of a request with a 64-bit address (4 DW). */
    public static final int HEADER_4DW_BYTES = 16;

    /** The end-to-end CRC (TLP digest). */
    public static final int ECRC_BYTES = 4;

    /** Addresses from here up need a 4DW header. */
    public static final long FOUR_GIB = 1L << 32;

    /**
     * The defaults: Gen3 x16, MPS 256 B, MRRS 512 B, RCB 64 B, completions of 128 B, no ECRC,
     * headers by address, 150 ns latency, 100 ns per memory line, 256 tags, no retraining, a read
     * request per 4 ns, 32 memory read trackers, credits of 64/1024/64 at the root port and
     * 127/1024 at the device, an ACK per 4 TLPs, an UpdateFC per 8 headers, a 128 ns DLLP timer.
     *
     * @return the defaults
     */
    public static PcieLinkParams defaults()
    {
        return new PcieLinkParams(PcieGeneration.GEN3, 16, 256, 512, 64, 128, false, false, 150_000, 100_000, 256, 0, 0,
            4_000, 32, 64, 1024, 64, 127, 1024, 4, 8, 128_000);
    }

    /**
     * A copy with another generation and width.
     *
     * @param newGeneration the generation
     * @param newLanes the width
     * @return the copy, validated
     */
    public PcieLinkParams withLink(final PcieGeneration newGeneration, final int newLanes)
    {
        final PcieLinkParams p = new PcieLinkParams(newGeneration, newLanes, maxPayloadBytes, maxReadRequestBytes,
            readCompletionBoundaryBytes, completionMaxBytes, ecrc, always64BitAddressing, latencyPs,
            completerLatencyPs, readTags, retrainAtPs, retrainForPs, requestIntervalPs, memoryReadTrackers,
            rootPostedHeaderCredits, rootPostedDataCredits, rootNonPostedHeaderCredits, endpointPostedHeaderCredits,
            endpointPostedDataCredits, ackEveryTlps, updateFcEveryHeaders, dllpTimerPs);
        p.validate();
        return p;
    }

    /**
     * A copy that retrains once.
     *
     * @param atPs when the retraining starts, 0 for never
     * @param forPs how long it lasts
     * @return the copy, validated
     */
    public PcieLinkParams withRetrain(final long atPs, final long forPs)
    {
        final PcieLinkParams p = new PcieLinkParams(generation, lanes, maxPayloadBytes, maxReadRequestBytes,
            readCompletionBoundaryBytes, completionMaxBytes, ecrc, always64BitAddressing, latencyPs,
            completerLatencyPs, readTags, atPs, forPs, requestIntervalPs, memoryReadTrackers, rootPostedHeaderCredits,
            rootPostedDataCredits, rootNonPostedHeaderCredits, endpointPostedHeaderCredits, endpointPostedDataCredits,
            ackEveryTlps, updateFcEveryHeaders, dllpTimerPs);
        p.validate();
        return p;
    }

    /**
     * The earliest start, at or after {@code startPs}, of a TLP that is on the wire for
     * {@code serialisationPs}: one that would overlap the retraining starts when it is over.
     *
     * @param startPs when the TLP could start
     * @param serialisationPs its time on the wire
     * @return its start
     */
    public long startAfterRetrainPs(final long startPs, final long serialisationPs)
    {
        if (retrainAtPs == 0 || retrainForPs == 0 || startPs + serialisationPs <= retrainAtPs || startPs >= retrainAtPs + retrainForPs)
        {
            return startPs;
        }
        return retrainAtPs + retrainForPs;
    }

    @Override
    public void validate()
    {
        if (retrainAtPs < 0 || retrainForPs < 0)
        {
            throw new ParamsException("retrainAtPs and retrainForPs must not be negative, got " + retrainAtPs + " and "
                + retrainForPs);
        }
        if (generation == null)
        {
            throw new ParamsException("generation must be one of GEN1..GEN5, got null");
        }
        if (lanes != 1 && lanes != 2 && lanes != 4 && lanes != 8 && lanes != 12 && lanes != 16 && lanes != 32)
        {
            throw new ParamsException("lanes must be 1, 2, 4, 8, 12, 16 or 32, got " + lanes);
        }
        checkSize("maxPayloadBytes", maxPayloadBytes, 128);
        checkSize("maxReadRequestBytes", maxReadRequestBytes, 128);
        if (readCompletionBoundaryBytes != 64 && readCompletionBoundaryBytes != 128)
        {
            throw new ParamsException("readCompletionBoundaryBytes must be 64 or 128, got "
                + readCompletionBoundaryBytes);
        }
        checkSize("completionMaxBytes", completionMaxBytes, 64);
        if (completionMaxBytes < readCompletionBoundaryBytes)
        {
            throw new ParamsException("completionMaxBytes (" + completionMaxBytes
                + ") must be at least readCompletionBoundaryBytes (" + readCompletionBoundaryBytes + ")");
        }
        if (latencyPs < 1_000)
        {
            throw new ParamsException("latencyPs must be at least 1ns (the shortest link), got " + latencyPs + " ps");
        }
        if (completerLatencyPs < 0)
        {
            throw new ParamsException("completerLatencyPs must not be negative, got " + completerLatencyPs + " ps");
        }
        if (readTags < 1 || readTags > 1024)
        {
            throw new ParamsException("readTags must be in 1..1024 (10-bit tags at most), got " + readTags);
        }
        if (requestIntervalPs < 0)
        {
            throw new ParamsException("requestIntervalPs must not be negative, got " + requestIntervalPs + " ps");
        }
        if (memoryReadTrackers < 1 || memoryReadTrackers > 4096)
        {
            throw new ParamsException("memoryReadTrackers must be in 1..4096, got " + memoryReadTrackers);
        }
        checkCredits("rootPostedHeaderCredits", rootPostedHeaderCredits, 1, FlowControl.MAX_HEADER_CREDITS);
        checkCredits("rootPostedDataCredits", rootPostedDataCredits, dataCredits(maxPayloadBytes),
            FlowControl.MAX_DATA_CREDITS);
        checkCredits("rootNonPostedHeaderCredits", rootNonPostedHeaderCredits, 1, FlowControl.MAX_HEADER_CREDITS);
        checkCredits("endpointPostedHeaderCredits", endpointPostedHeaderCredits, 1, FlowControl.MAX_HEADER_CREDITS);
        checkCredits("endpointPostedDataCredits", endpointPostedDataCredits, dataCredits(maxPayloadBytes),
            FlowControl.MAX_DATA_CREDITS);
        if (ackEveryTlps < 1 || updateFcEveryHeaders < 1)
        {
            throw new ParamsException("ackEveryTlps and updateFcEveryHeaders must be at least 1, got " + ackEveryTlps
                + " and " + updateFcEveryHeaders);
        }
        if (dllpTimerPs < 1_000)
        {
            throw new ParamsException("dllpTimerPs must be at least 1ns, got " + dllpTimerPs + " ps");
        }
    }

    private static void checkCredits(final String name, final int value, final int min, final int max)
    {
        if (value != 0 && (value < min || value > max))
        {
            throw new ParamsException(name + " must be 0 (infinite) or in " + min + ".." + max
                + " (enough for one largest TLP), got " + value);
        }
    }

    /**
     * @param payloadBytes a TLP's data payload
     * @return the data credits it takes: one per 16 bytes (4 DW), rounded up
     */
    public static int dataCredits(final int payloadBytes)
    {
        return (payloadBytes + FlowControl.DATA_CREDIT_BYTES - 1) / FlowControl.DATA_CREDIT_BYTES;
    }

    private static void checkSize(final String name, final int value, final int min)
    {
        if (Integer.bitCount(value) != 1 || value < min || value > 4096)
        {
            throw new ParamsException(name + " must be a power of two in " + min + "..4096 bytes, got " + value);
        }
    }

    // ---- TLP arithmetic ----

    /**
     * @param address the request's first byte address
     * @return the header of a memory read or write request to it: 3DW below 4 GiB, else (or with
     *     {@link #always64BitAddressing()}) 4DW
     */
    public int requestHeaderBytes(final long address)
    {
        return always64BitAddressing || address >= FOUR_GIB ? HEADER_4DW_BYTES : HEADER_3DW_BYTES;
    }

    /** @return the header of a completion: always 3DW */
    public int completionHeaderBytes()
    {
        return HEADER_3DW_BYTES;
    }

    /**
     * The bytes a TLP occupies on the wire.
     *
     * @param headerBytes its header
     * @param payloadBytes its data payload
     * @return header, payload, ECRC if enabled, and the link's framing, sequence number and LCRC
     */
    public int wireBytes(final int headerBytes, final int payloadBytes)
    {
        return headerBytes + payloadBytes + (ecrc ? ECRC_BYTES : 0) + generation.linkOverheadBytes();
    }

    /**
     * @param wireBytes bytes on the wire
     * @return how long they take on this link
     */
    public long serialisationPs(final int wireBytes)
    {
        return generation.serialisationPs(wireBytes, lanes);
    }

    /** @return the link's data rate after encoding, in bits per second */
    public double dataRateBps()
    {
        return generation.dataRateBps(lanes);
    }

    /**
     * The payload of the next write TLP of a transfer: at most MPS, not crossing 4 KiB.
     *
     * @param address where the TLP's payload starts
     * @param remainingBytes bytes of the transfer still to send, at least 1
     * @return the TLP's payload
     */
    public int writeTlpBytes(final long address, final long remainingBytes)
    {
        return (int)Math.min(Math.min(remainingBytes, maxPayloadBytes), toBoundary(address));
    }

    /**
     * The length of the next read request of a transfer: at most MRRS, not crossing 4 KiB.
     *
     * @param address where the request starts
     * @param remainingBytes bytes of the transfer still to request, at least 1
     * @return the request's length
     */
    public int readRequestBytes(final long address, final long remainingBytes)
    {
        return (int)Math.min(Math.min(remainingBytes, maxReadRequestBytes), toBoundary(address));
    }

    /** @return the most data one completion carries: the smaller of MPS and the completer's limit */
    public int completionChunkBytes()
    {
        return Math.min(maxPayloadBytes, completionMaxBytes);
    }

    /**
     * The payload of the next completion for a read request: at most {@link #completionChunkBytes()};
     * unless it is the request's last, it ends on a read-completion-boundary-aligned address, so
     * the first completion of an unaligned request is shorter and the rest start aligned.
     *
     * @param address the first byte the completion returns
     * @param remainingBytes bytes of the request not yet returned, at least 1
     * @return the completion's payload
     */
    public int completionBytes(final long address, final long remainingBytes)
    {
        final long limit = address + completionChunkBytes();
        if (limit >= address + remainingBytes)
        {
            return (int)remainingBytes;
        }
        final long cut = limit & -(long)readCompletionBoundaryBytes;
        return (int)(cut - address);
    }

    /**
     * The wire bytes of a whole DMA write, as the model splits it.
     *
     * @param address the first byte
     * @param lengthBytes the transfer's length, at least 1
     * @return the sum of its TLPs' wire bytes
     */
    public long dmaWriteWireBytes(final long address, final long lengthBytes)
    {
        long wire = 0;
        long at = address;
        final long end = address + lengthBytes;
        while (at < end)
        {
            final int n = writeTlpBytes(at, end - at);
            wire += wireBytes(requestHeaderBytes(at), n);
            at += n;
        }
        return wire;
    }

    /**
     * The wire bytes of the completions of a whole DMA read, as the model splits it.
     *
     * @param address the first byte
     * @param lengthBytes the transfer's length, at least 1
     * @return the sum of its completions' wire bytes
     */
    public long dmaReadCompletionWireBytes(final long address, final long lengthBytes)
    {
        long wire = 0;
        long request = address;
        final long end = address + lengthBytes;
        while (request < end)
        {
            final int requestBytes = readRequestBytes(request, end - request);
            long at = request;
            final long requestEnd = request + requestBytes;
            while (at < requestEnd)
            {
                final int n = completionBytes(at, requestEnd - at);
                wire += wireBytes(completionHeaderBytes(), n);
                at += n;
            }
            request = requestEnd;
        }
        return wire;
    }

    private static long toBoundary(final long address)
    {
        return REQUEST_BOUNDARY_BYTES - (address & (REQUEST_BOUNDARY_BYTES - 1));
    }
}
