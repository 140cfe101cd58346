package org.sansim.tools.scenario;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of the DMA-stream device of the default scenario.
 *
 * @param bufferBytes bytes the host asks the device to copy per doorbell
 * @param chunkBytes bytes per DMA read (and per write-back)
 * @param outstandingChunks chunk reads the device keeps in flight
 * @param doorbells how many copy requests the host issues, one after the other
 * @param hostGapPs host think time between a copy's completion and the next doorbell
 */
public record DmaStreamParams(
    @Param(unit = Param.BYTES, description = "bytes the host asks the device to copy per doorbell")
    long bufferBytes,
    @Param(unit = Param.BYTES, description = "bytes per DMA read (and per write-back)")
    long chunkBytes,
    @Param(unit = Param.COUNT, description = "chunk reads the device keeps in flight")
    int outstandingChunks,
    @Param(unit = Param.COUNT, description = "copy requests the host issues, one after the other")
    int doorbells,
    @Param(unit = Param.PS, description = "host think time between a copy's completion and the next doorbell")
    long hostGapPs) implements Validated
{
    /** @return 1 MiB copies in 4 KiB chunks, 16 in flight, 8 doorbells 1 us apart */
    public static DmaStreamParams defaults()
    {
        return new DmaStreamParams(1L << 20, 4096, 16, 8, 1_000_000);
    }

    @Override
    public void validate()
    {
        if (chunkBytes < 1 || chunkBytes > (1 << 20))
        {
            throw new ParamsException("stream.chunkBytes must be in [1 B, 1 MiB], got " + chunkBytes);
        }
        if (bufferBytes < chunkBytes || bufferBytes > (1L << 30) || bufferBytes % chunkBytes != 0)
        {
            throw new ParamsException("stream.bufferBytes must be a multiple of stream.chunkBytes ("
                + chunkBytes + " B) up to 1 GiB, got " + bufferBytes);
        }
        if (outstandingChunks < 1 || outstandingChunks > 1024)
        {
            throw new ParamsException("stream.outstandingChunks must be in [1, 1024], got " + outstandingChunks);
        }
        if (doorbells < 1)
        {
            throw new ParamsException("stream.doorbells must be at least 1, got " + doorbells);
        }
        if (hostGapPs < 0)
        {
            throw new ParamsException("stream.hostGapPs must not be negative, got " + hostGapPs);
        }
    }
}
