package org.sansim.pcie;

/**
 * A PCI Express generation: its transfer rate per lane, its line encoding and what its physical and
 * data-link layers add to every TLP.
 *
 * <p>Per-TLP link overhead, from the PCIe base specification:
 * <pre>
 *   Gen1, Gen2 (8b/10b):    STP (1) | sequence (2) | TLP | LCRC (4) | END (1)    = 8 bytes
 *   Gen3+ (128b/130b):      STP token (4)          | TLP | LCRC (4)              = 8 bytes
 * </pre>
 * From Gen3 on, the 4-byte STP framing token carries the TLP's length, a frame CRC and parity, and
 * the 12-bit data-link sequence number, and there is no END symbol (framing is by length). So the
 * sequence number is not counted twice: both encodings add 8 bytes to a TLP, as the pcie-bench
 * model (Neugebauer et al., SIGCOMM'18) also counts. The 2 sync-header bits of every 128-bit block
 * are the 128b/130b encoding, accounted by {@link #serialisationPs(long, int)}.
 *
 * <p>A DLLP (ACK, NAK, UpdateFC) is 6 bytes (4 of content, a 2-byte CRC) plus 2 of framing: SDP and
 * END symbols at Gen1/2, the 2-byte SDP token from Gen3 on; {@link #DLLP_WIRE_BYTES} in all, the
 * "two dwords" of Intel's PCIe throughput notes. Not modelled: SKP ordered sets, a further ~0.1-0.4 %
 * of the raw rate.
 */
public enum PcieGeneration
{
    /** 2.5 GT/s, 8b/10b. */
    GEN1(2_500, 8, 10, 2, 6),
    /** 5 GT/s, 8b/10b. */
    GEN2(5_000, 8, 10, 2, 6),
    /** 8 GT/s, 128b/130b. */
    GEN3(8_000, 128, 130, 4, 4),
    /** 16 GT/s, 128b/130b. */
    GEN4(16_000, 128, 130, 4, 4),
    /** 32 GT/s, 128b/130b. */
    GEN5(32_000, 128, 130, 4, 4);

    /** Bytes a DLLP takes on the wire in every generation: 6 of DLLP and 2 of framing. */
    public static final int DLLP_WIRE_BYTES = 8;

    private static final long PS_PER_S_OVER_MT = 1_000_000L;

    private final int transferRateMtps;
    private final int encodingDataBits;
    private final int encodingLineBits;
    private final int framingBytes;
    private final int dataLinkBytes;

    PcieGeneration(final int transferRateMtps, final int encodingDataBits, final int encodingLineBits,
        final int framingBytes, final int dataLinkBytes)
    {
        this.transferRateMtps = transferRateMtps;
        this.encodingDataBits = encodingDataBits;
        this.encodingLineBits = encodingLineBits;
        this.framingBytes = framingBytes;
        this.dataLinkBytes = dataLinkBytes;
    }

    /** @return the transfer rate of one lane in megatransfers (line bits) per second */
    public int transferRateMtps()
    {
        return transferRateMtps;
    }

    /** @return the data bits of one code word: 8 for 8b/10b, 128 for 128b/130b */
    public int encodingDataBits()
    {
        return encodingDataBits;
    }

    /** @return the line bits of one code word: 10 for 8b/10b, 130 for 128b/130b */
    public int encodingLineBits()
    {
        return encodingLineBits;
    }

    /** @return physical-layer framing bytes per TLP: STP and END (Gen1/2) or the STP token (Gen3+) */
    public int framingBytes()
    {
        return framingBytes;
    }

    /**
     * @return data-link bytes per TLP outside the framing: sequence number and LCRC (Gen1/2), the
     *     LCRC alone (Gen3+, whose STP token carries the sequence number)
     */
    public int dataLinkBytes()
    {
        return dataLinkBytes;
    }

    /** @return bytes the physical and data-link layers add to every TLP: 8 for every generation */
    public int linkOverheadBytes()
    {
        return framingBytes + dataLinkBytes;
    }

    /**
     * The data rate of a link after line encoding, before any TLP overhead: Gen3 x16 gives
     * 126.03 Gb/s (15.754 GB/s). For reporting only; the model times TLPs with
     * {@link #serialisationPs(long, int)}.
     *
     * @param lanes the link width
     * @return the rate in bits per second
     */
    public double dataRateBps(final int lanes)
    {
        return transferRateMtps * 1e6 * encodingDataBits / encodingLineBits * lanes;
    }

    /**
     * The time {@code bytes} take on a link of {@code lanes} lanes: {@code ceil(bytes * 8 *
     * lineBits / dataBits / (rate * lanes))}, in exact integer arithmetic. Bytes are striped over
     * the lanes, so a TLP takes its share of every lane's time.
     *
     * @param bytes bytes to send, zero or more (at most 2^30)
     * @param lanes the link width, at least 1
     * @return the serialisation time in picoseconds, rounded up
     */
    public long serialisationPs(final long bytes, final int lanes)
    {
        if (bytes < 0 || bytes > (1L << 30) || lanes < 1)
        {
            throw new IllegalArgumentException("serialisation of " + bytes + " bytes over " + lanes + " lanes");
        }
        final long numerator = bytes * Byte.SIZE * encodingLineBits * PS_PER_S_OVER_MT;
        final long denominator = (long)encodingDataBits * transferRateMtps * lanes;
        return (numerator + denominator - 1) / denominator;
    }
}
