package org.sansim.config;

/**
 * A parameter record using every unit of the vocabulary, as a component would declare it.
 *
 * @param fetchDelayPs delay before a WQE fetch
 * @param wqeCacheEntries WQE cache entries
 * @param maxPayloadBytes PCIe max payload size
 * @param linkRateBps link rate
 * @param clockHz clock frequency
 * @param pipelineCycles pipeline depth
 * @param lossRatio loss probability
 * @param adaptiveRouting adaptive routing switch
 * @param transport transport service
 * @param name instance name
 */
record SampleParams(
    @Param(unit = Param.PS, description = "delay before a WQE fetch") long fetchDelayPs,
    @Param(unit = Param.COUNT, description = "WQE cache entries, a power of two") int wqeCacheEntries,
    @Param(unit = Param.BYTES, description = "PCIe max payload size") int maxPayloadBytes,
    @Param(unit = Param.BPS, description = "link rate") long linkRateBps,
    @Param(unit = Param.HZ, description = "clock frequency of the block") long clockHz,
    @Param(unit = Param.CYCLES, description = "pipeline depth") int pipelineCycles,
    @Param(unit = Param.RATIO, description = "probability that a packet is lost") double lossRatio,
    @Param(unit = Param.BOOL, description = "route packets adaptively") boolean adaptiveRouting,
    @Param(unit = Param.ENUM, description = "transport service") Transport transport,
    @Param(description = "instance name used in logs") String name)
    implements Validated
{
    /** Transport services. */
    enum Transport
    {
        RC, UC, UD
    }

    /**
     * The defaults.
     *
     * @return the defaults
     */
    public static SampleParams defaults()
    {
        return new SampleParams(1_250_000, 64, 256, 25_781_250_000L, 430_000_000, 12, 0.0, false, Transport.RC, "tu");
    }

    @Override
    public void validate()
    {
        if (Integer.bitCount(wqeCacheEntries) != 1)
        {
            throw new ParamsException("wqeCacheEntries must be a power of two, got " + wqeCacheEntries);
        }
        if (!(lossRatio >= 0.0 && lossRatio <= 1.0))
        {
            throw new ParamsException("lossRatio must be in [0, 1], got " + lossRatio);
        }
    }
}
