package org.sansim.nic.command;

import org.sansim.hw.CommandStatus;
import org.sansim.hw.QueryDeviceOutputFlyweight;
import org.sansim.hw.UarLayout;
import org.sansim.hw.WqeLayout;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.completion.CompletionUnitParams;
import org.sansim.nic.doorbell.DoorbellUnit;
import org.sansim.nic.wqe.WqeFetcher;

/**
 * The {@code QUERY_DEVICE} command (HARDWARE.md 5): reports the device's limits and identity, as the
 * command processor's, completion unit's, doorbell unit's and WQE fetcher's parameters set them. It
 * never fails and changes nothing but its output.
 */
final class DeviceCapabilities
{
    /** Network ports on the device; a QP's port is 1 to this. */
    static final int PORT_COUNT = 1;
    private static final int HZ_PER_KHZ = 1000;

    private final CommandProcessorParams params;
    private final FirmwareMemory memory;
    private final CompletionUnit completion;
    private final DoorbellUnit doorbells;
    private final WqeFetcher fetcher;
    private final QueryDeviceOutputFlyweight deviceOut = new QueryDeviceOutputFlyweight();

    /**
     * @param params the command processor's parameters
     * @param memory the firmware memory where the output is assembled
     * @param completion the completion unit, whose parameters give the CQ, EQ and MSI-X limits
     * @param doorbells the doorbell unit, whose parameters give the UAR pages, BlueFlame and clock
     * @param fetcher the WQE fetcher, whose parameters give the send WQE limits
     */
    DeviceCapabilities(final CommandProcessorParams params, final FirmwareMemory memory,
        final CompletionUnit completion, final DoorbellUnit doorbells, final WqeFetcher fetcher)
    {
        this.params = params;
        this.memory = memory;
        this.completion = completion;
        this.doorbells = doorbells;
        this.fetcher = fetcher;
    }

    /** @return {@code OK}, with the {@code QUERY_DEVICE} output in the output mailbox */
    CommandStatus query()
    {
        final CompletionUnitParams cp = completion.params();
        final boolean blueFlame = doorbells.params().blueFlame();
        deviceOut.wrap(memory.sram, FirmwareMemory.OUTPUT_OFFSET).clear()
            .logMaxQp(Integer.numberOfTrailingZeros(params.maxQps()))
            .logMaxCq(31 - Integer.numberOfLeadingZeros(cp.maxCqs()))
            .logMaxEq(31 - Integer.numberOfLeadingZeros(cp.maxEqs()))
            .logMaxMkey(params.logMaxMkey())
            .logMaxSqBbs(WqeLayout.MAX_LOG_RING_SIZE)
            .logMaxRqWqes(WqeLayout.MAX_LOG_RING_SIZE)
            .logMaxCqes(cp.maxLogCqSize())
            .logMaxEqes(cp.maxLogEqSize())
            .maxSendWqeUnits(fetcher.params().maxSendWqeUnits())
            .maxRecvSges(params.maxRecvSges())
            .maxInlineBytes(fetcher.params().maxInlineBytes())
            .maxRdAtomic(params.maxRdAtomic())
            .maxDestRdAtomic(params.maxDestRdAtomic())
            .portCount(PORT_COUNT)
            .maxPathMtu(params.maxPathMtu().code())
            .uarCount(doorbells.params().uarPages())
            .blueflameHalfBytes(blueFlame ? UarLayout.BLUEFLAME_HALF_BYTES : 0)
            .msixVectors(cp.msixVectors())
            .logMaxMtt(params.logMaxMtt())
            .atomics(true)
            .blueflame(blueFlame)
            .portMac(params.portMac())
            .portIpv4(params.portIpv4())
            .coreClockKhz((int)(doorbells.params().coreClockHz() / HZ_PER_KHZ));
        return CommandStatus.OK;
    }
}
