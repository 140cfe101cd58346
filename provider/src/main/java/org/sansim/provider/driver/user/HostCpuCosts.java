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
 *   <li>{@code blueFlameChunkPs} 3 ns to store one 64-byte chunk into a write-combining buffer:
 *       eight 8-byte stores at about one a cycle. The fence and any wait for a free buffer are not in
 *       it: {@link org.sansim.pcie.WriteCombiningBuffers} computes them from the link.</li>
 *   <li>{@code writeCombiningBuffers} 10: the fill buffers a core uses for WC stores on Intel cores
 *       from Sandy Bridge to Skylake (Intel's optimisation reference manual; 12 from Ice Lake).
 *       0 turns the WC model off (lines cost the core nothing beyond their stores).</li>
 *   <li>{@code wcDrainPs} 50 ns from a WC line's start on the link until its buffer is free and a
 *       fence waiting on it may retire: the uncore's acknowledgement of an uncached write, the
 *       same 150 cycles at 3 GHz as {@code mmioWritePs} (performance.md 4.3, weak).</li>
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
 * @param writeCombiningBuffers the core's write-combining buffers, 0 for no WC model
 * @param wcDrainPs time from a WC line's start on the link until its buffer is free
 */
public record HostCpuCosts(
    @Param(unit = Param.PS, description = "CPU time per work request posted (fixed part)") long wqeBuildPs,
    @Param(unit = Param.PS, description = "CPU time per 16-byte WQE segment after the first") long segmentPs,
    @Param(unit = Param.PS, description = "CPU time per byte copied inline") long inlineBytePs,
    @Param(unit = Param.PS, description = "CPU time per uncached 64-bit MMIO doorbell write") long mmioWritePs,
    @Param(unit = Param.PS, description = "CPU time per 64-byte BlueFlame chunk") long blueFlameChunkPs,
    @Param(unit = Param.PS, description = "CPU time per CQE consumed") long cqePollPs,
    @Param(unit = Param.PS, description = "CPU time per poll finding the CQ empty") long emptyPollPs,
    @Param(unit = Param.COUNT, description = "the core's write-combining buffers (0: no WC model)")
    int writeCombiningBuffers,
    @Param(unit = Param.PS, description = "from a WC line's start on the link until its buffer frees")
    long wcDrainPs)
    implements Validated
{
    /**
     * The defaults; see the class comment for their sources.
     *
     * @return the default costs
     */
    public static HostCpuCosts defaults()
    {
        return new HostCpuCosts(25_000, 2_000, 100, 50_000, 3_000, 40_000, 5_000, 10, 50_000);
    }

    /** @return costs of zero everywhere, no write-combining model (for tests that look at the NIC side only) */
    public static HostCpuCosts free()
    {
        return new HostCpuCosts(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void validate()
    {
        if (wqeBuildPs < 0 || segmentPs < 0 || inlineBytePs < 0 || mmioWritePs < 0 || blueFlameChunkPs < 0
            || cqePollPs < 0 || emptyPollPs < 0 || writeCombiningBuffers < 0 || wcDrainPs < 0)
        {
            throw new ParamsException("host CPU costs must not be negative: " + this);
        }
    }
}
