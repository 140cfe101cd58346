package org.sansim.provider.driver.user;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Modelled CPU time of the user-mode driver's work, charged per call to a {@link CpuMeter}.
 *
 * <p><b>Defaults and their sources.</b> No figure below is a measurement of this driver; all are
 * modelled guesses for a ~3 GHz server core, anchored where performance.md 4.3 gives something:
 * <ul>
 *   <li>{@code wqeBuildPs} 25 ns: the fixed part of {@code ibv_post_send} (lock, opcode switch,
 *       overflow check, control segment, wr_id bookkeeping, doorbell record). Guess; mlx5 posts a
 *       WQE in the low tens of ns.</li>
 *   <li>{@code segmentPs} 2 ns per 16-byte segment after the control segment: a few stores to a
 *       line already in L1. Guess.</li>
 *   <li>{@code inlineBytePs} 100 ps per inline byte: a cached {@code memcpy} at about 10 GB/s.
 *       Guess; performance.md 4.3 says only that inline "costs more CPU".</li>
 *   <li>{@code mmioWritePs} 50 ns per uncached 64-bit doorbell store, with its barriers:
 *       performance.md 4.3 quotes "100–200 cycles per write" (marked weak); 150 cycles at 3 GHz.</li>
 *   <li>{@code blueFlameChunkPs} 30 ns per 64-byte write-combining chunk, including its share of
 *       the {@code sfence}. Guess: cheaper per chunk than an uncached store, dearer than a cached
 *       copy; performance.md 4.3 says BlueFlame "costs more CPU" than a doorbell.</li>
 *   <li>{@code cqePollPs} 40 ns per CQE returned: the owner-byte read misses to the LLC (the NIC's
 *       DMA write invalidated the line), then the fields and the wr_id lookup. Guess.</li>
 *   <li>{@code emptyPollPs} 5 ns per poll that finds the CQ empty: an L1 hit on the owner byte.
 *       Guess.</li>
 * </ul>
 *
 * @param wqeBuildPs fixed CPU time per work request posted (send or receive)
 * @param segmentPs CPU time per 16-byte segment written after the first
 * @param inlineBytePs CPU time per byte copied inline into a WQE
 * @param mmioWritePs CPU time per uncached 64-bit MMIO write (send or arm doorbell)
 * @param blueFlameChunkPs CPU time per 64-byte BlueFlame chunk
 * @param cqePollPs CPU time per CQE consumed
 * @param emptyPollPs CPU time per poll that finds no CQE
 */
public record HostCpuCosts(
    @Param(unit = Param.PS, description = "CPU time per work request posted (fixed part)") long wqeBuildPs,
    @Param(unit = Param.PS, description = "CPU time per 16-byte WQE segment after the first") long segmentPs,
    @Param(unit = Param.PS, description = "CPU time per byte copied inline") long inlineBytePs,
    @Param(unit = Param.PS, description = "CPU time per uncached 64-bit MMIO doorbell write") long mmioWritePs,
    @Param(unit = Param.PS, description = "CPU time per 64-byte BlueFlame chunk") long blueFlameChunkPs,
    @Param(unit = Param.PS, description = "CPU time per CQE consumed") long cqePollPs,
    @Param(unit = Param.PS, description = "CPU time per poll finding the CQ empty") long emptyPollPs)
    implements Validated
{
    /**
     * The defaults; see the class comment for their sources.
     *
     * @return the default costs
     */
    public static HostCpuCosts defaults()
    {
        return new HostCpuCosts(25_000, 2_000, 100, 50_000, 30_000, 40_000, 5_000);
    }

    /** @return costs of zero everywhere (for tests that look at the NIC side only) */
    public static HostCpuCosts free()
    {
        return new HostCpuCosts(0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void validate()
    {
        if (wqeBuildPs < 0 || segmentPs < 0 || inlineBytePs < 0 || mmioWritePs < 0 || blueFlameChunkPs < 0
            || cqePollPs < 0 || emptyPollPs < 0)
        {
            throw new ParamsException("host CPU costs must not be negative: " + this);
        }
    }
}
