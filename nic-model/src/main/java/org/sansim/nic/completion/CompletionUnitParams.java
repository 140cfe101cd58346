package org.sansim.nic.completion;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;
import org.sansim.hw.InitSegmentLayout;

/**
 * Parameters of the NIC's {@link CompletionUnit}.
 *
 * <p><b>Defaults and why.</b>
 * <ul>
 *   <li>430 MHz core clock: the chip frequency NeoHost reports for a ConnectX-6
 *       (../shared/reference/performance.md §4.2).</li>
 *   <li>2 cycles per CQE (4.65 ns): a modelling assumption, chosen so that the unit keeps up with
 *       the "one message per 5 ns" quoted for ConnectX-5 (same section) and is never the
 *       bottleneck of a default NIC; a 64-byte CQE write takes 5.3 ns on a Gen3 x16 wire.</li>
 *   <li>No write coalescing: HARDWARE.md section 13 promises one DMA write per CQE. With it on,
 *       up to 4 consecutive CQEs of one CQ (256 B, the default max payload, so still one TLP) go
 *       in one write, trading the first CQE's latency for fewer TLP headers.</li>
 *   <li>No event moderation: verbs CQs start without it; {@code CREATE_CQ} (HARDWARE.md 5.7) or
 *       these defaults turn it on.</li>
 *   <li>1024 CQs, 64 EQs, 128 MSI-X vectors (the size of the MSI-X table in BAR 0), CQs and EQs
 *       of up to 2^23 entries (the owner-bit rule's limit, HARDWARE.md 9.2).</li>
 *   <li>64 queued completion requests: enough for the transport engine's bursts; when full,
 *       {@link CompletionUnit#complete} refuses and the engine retries (back-pressure).</li>
 * </ul>
 *
 * @param clockHz the unit's clock
 * @param cqeBuildCycles cycles to look up the CQ context and assemble one CQE
 * @param coalesceCqeWrites whether consecutive CQEs of one CQ share a DMA write
 * @param maxCqesPerWrite most CQEs in one coalesced DMA write
 * @param moderationCqes default event moderation: CQEs to wait for after the first qualifying one
 * @param moderationPeriodPs default event moderation: longest wait after the first qualifying CQE
 * @param maxCqs CQ contexts: CQNs run from 0 to {@code maxCqs - 1}
 * @param maxLogCqSize log2 of the largest CQ
 * @param maxEqs EQ contexts: EQNs run from 0 to {@code maxEqs - 1}
 * @param maxLogEqSize log2 of the largest EQ
 * @param msixVectors MSI-X vectors of the device
 * @param requestQueueEntries completion requests that may wait for the unit
 */
public record CompletionUnitParams(
    @Param(unit = Param.HZ, description = "clock of the completion unit (the NIC core clock)")
    long clockHz,
    @Param(unit = Param.CYCLES, description = "cycles to look up the CQ context and assemble one CQE")
    int cqeBuildCycles,
    @Param(unit = Param.BOOL, description = "consecutive CQEs of one CQ waiting together share one DMA write")
    boolean coalesceCqeWrites,
    @Param(unit = Param.COUNT, description = "most CQEs in one coalesced DMA write")
    int maxCqesPerWrite,
    @Param(unit = Param.COUNT, description = "default moderation: CQEs to wait for after the first qualifying one")
    int moderationCqes,
    @Param(unit = Param.PS, description = "default moderation: longest wait after the first qualifying CQE (0: none)")
    long moderationPeriodPs,
    @Param(unit = Param.COUNT, description = "CQ contexts; CQNs run from 0 to maxCqs - 1")
    int maxCqs,
    @Param(unit = Param.COUNT, description = "log2 of the largest CQ in CQEs, at most 23")
    int maxLogCqSize,
    @Param(unit = Param.COUNT, description = "EQ contexts; EQNs run from 0 to maxEqs - 1")
    int maxEqs,
    @Param(unit = Param.COUNT, description = "log2 of the largest EQ in EQEs, at most 23")
    int maxLogEqSize,
    @Param(unit = Param.COUNT, description = "MSI-X vectors, at most 128 (the MSI-X table in BAR 0)")
    int msixVectors,
    @Param(unit = Param.COUNT, description = "completion requests that may wait for the unit")
    int requestQueueEntries)
    implements Validated
{
    /** Largest log2 ring size for which the owner-bit rule survives the 24-bit index wrap. */
    public static final int MAX_LOG_RING_SIZE = 23;

    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the default parameters
     */
    public static CompletionUnitParams defaults()
    {
        return new CompletionUnitParams(430_000_000L, 2, false, 4, 0, 0, 1024, MAX_LOG_RING_SIZE, 64,
            MAX_LOG_RING_SIZE, InitSegmentLayout.MSIX_MAX_VECTORS, 64);
    }

    /**
     * @param newModerationCqes CQEs to wait for after the first qualifying one
     * @param newModerationPeriodPs longest wait after the first qualifying CQE
     * @return a copy with other default moderation, validated
     */
    public CompletionUnitParams withModeration(final int newModerationCqes, final long newModerationPeriodPs)
    {
        final CompletionUnitParams p = new CompletionUnitParams(clockHz, cqeBuildCycles, coalesceCqeWrites,
            maxCqesPerWrite, newModerationCqes, newModerationPeriodPs, maxCqs, maxLogCqSize, maxEqs, maxLogEqSize,
            msixVectors, requestQueueEntries);
        p.validate();
        return p;
    }

    /**
     * @param coalesce whether consecutive CQEs share a DMA write
     * @param maxCqes most CQEs in one write
     * @return a copy with other write coalescing, validated
     */
    public CompletionUnitParams withCoalescing(final boolean coalesce, final int maxCqes)
    {
        final CompletionUnitParams p = new CompletionUnitParams(clockHz, cqeBuildCycles, coalesce, maxCqes,
            moderationCqes, moderationPeriodPs, maxCqs, maxLogCqSize, maxEqs, maxLogEqSize, msixVectors,
            requestQueueEntries);
        p.validate();
        return p;
    }

    @Override
    public void validate()
    {
        if (clockHz < 1_000_000 || clockHz > 10_000_000_000L)
        {
            throw new ParamsException("clockHz must be in 1 MHz..10 GHz, got " + clockHz + " Hz");
        }
        if (cqeBuildCycles < 1)
        {
            throw new ParamsException("cqeBuildCycles must be at least 1, got " + cqeBuildCycles);
        }
        if (maxCqesPerWrite < 1 || maxCqesPerWrite > 64)
        {
            throw new ParamsException("maxCqesPerWrite must be in 1..64, got " + maxCqesPerWrite);
        }
        if (moderationCqes < 0 || moderationCqes > 0xFFFF)
        {
            throw new ParamsException("moderationCqes must be in 0..65535 (the CREATE_CQ field), got "
                + moderationCqes);
        }
        if (moderationPeriodPs < 0)
        {
            throw new ParamsException("moderationPeriodPs must not be negative, got " + moderationPeriodPs + " ps");
        }
        if (moderationCqes > 0 && moderationPeriodPs == 0)
        {
            throw new ParamsException("moderationCqes > 0 needs a moderationPeriodPs > 0, or an idle CQ would "
                + "hold its event forever");
        }
        if (maxCqs < 1 || maxCqs > 1 << 24)
        {
            throw new ParamsException("maxCqs must be in 1..2^24 (24-bit CQNs), got " + maxCqs);
        }
        if (maxEqs < 1 || maxEqs > 1 << 24)
        {
            throw new ParamsException("maxEqs must be in 1..2^24 (24-bit EQNs), got " + maxEqs);
        }
        checkLog("maxLogCqSize", maxLogCqSize);
        checkLog("maxLogEqSize", maxLogEqSize);
        if (msixVectors < 1 || msixVectors > InitSegmentLayout.MSIX_MAX_VECTORS)
        {
            throw new ParamsException("msixVectors must be in 1.." + InitSegmentLayout.MSIX_MAX_VECTORS
                + " (the MSI-X table in BAR 0), got " + msixVectors);
        }
        if (requestQueueEntries < 1 || requestQueueEntries > 1 << 20)
        {
            throw new ParamsException("requestQueueEntries must be in 1..2^20, got " + requestQueueEntries);
        }
    }

    private static void checkLog(final String name, final int value)
    {
        if (value < 0 || value > MAX_LOG_RING_SIZE)
        {
            throw new ParamsException(name + " must be in 0.." + MAX_LOG_RING_SIZE + " (HARDWARE.md 9.2), got "
                + value);
        }
    }
}
