package org.sansim.nic.command;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;
import org.sansim.hw.PathMtu;

/**
 * Parameters of a {@link CommandProcessor}.
 *
 * <p><b>Defaults and why.</b> The firmware times are the {@code CommandOpcode} defaults (HARDWARE.md
 * 5.2, modelled guesses, not measurements) times {@code firmwareTimeScale} = 1. Start-up after
 * {@code ENABLE} takes 50 µs, a modelled guess (real firmware takes far longer, but a run should not
 * spend its time booting). 1024 QPs, 2^20 memory keys and 2^24 MTT entries at most: the scale of a
 * current NIC's per-function limits, trimmed. Responder resources and initiator depth of 16, as
 * mlx5-class NICs report. Path MTU up to 4096. The port's MAC and IPv4 addresses are placeholders
 * from the documentation ranges.
 *
 * @param firmwareTimeScale factor on every opcode's default firmware time
 * @param startupPs time from {@code DEVICE_CONTROL.ENABLE} to {@code DEVICE_STATUS.READY}
 * @param maxQps QP contexts; QPNs 2 to {@code maxQps - 1} are allocated
 * @param logMaxMkey log2 of the largest MPT table the device accepts
 * @param logMaxMtt log2 of the largest MTT table the device accepts
 * @param maxRdAtomic largest initiator depth of a QP
 * @param maxDestRdAtomic most responder resources of a QP
 * @param maxRecvSges most scatter entries in a receive WQE
 * @param maxPathMtu largest path MTU
 * @param portMac port 1's MAC address (48 bits)
 * @param portIpv4 port 1's IPv4 address
 */
public record CommandProcessorParams(
    @Param(unit = Param.RATIO, description = "factor on every opcode's default firmware time")
    double firmwareTimeScale,
    @Param(unit = Param.PS, description = "time from DEVICE_CONTROL.ENABLE to DEVICE_STATUS.READY") long startupPs,
    @Param(unit = Param.COUNT, description = "QP contexts; QPNs 2 to maxQps - 1 are allocated") int maxQps,
    @Param(unit = Param.COUNT, description = "log2 of the largest MPT table accepted") int logMaxMkey,
    @Param(unit = Param.COUNT, description = "log2 of the largest MTT table accepted") int logMaxMtt,
    @Param(unit = Param.COUNT, description = "largest initiator depth of a QP") int maxRdAtomic,
    @Param(unit = Param.COUNT, description = "most responder resources of a QP") int maxDestRdAtomic,
    @Param(unit = Param.COUNT, description = "most scatter entries in a receive WQE") int maxRecvSges,
    @Param(unit = Param.ENUM, description = "largest path MTU") PathMtu maxPathMtu,
    @Param(unit = Param.MAC, description = "port 1's MAC address, 48 bits") long portMac,
    @Param(unit = Param.IPV4, description = "port 1's IPv4 address") int portIpv4)
    implements Validated
{
    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the default parameters
     */
    public static CommandProcessorParams defaults()
    {
        return new CommandProcessorParams(1.0, 50_000_000L, 1024, 20, 24, 16, 16, 16, PathMtu.MTU_4096,
            0x02_00_00_00_00_01L, 0xC0_00_02_01);
    }

    /**
     * @param scale the new firmware time factor
     * @return a copy with that factor
     */
    public CommandProcessorParams withFirmwareTimeScale(final double scale)
    {
        return new CommandProcessorParams(scale, startupPs, maxQps, logMaxMkey, logMaxMtt, maxRdAtomic,
            maxDestRdAtomic, maxRecvSges, maxPathMtu, portMac, portIpv4);
    }

    /**
     * @param qps the new number of QP contexts
     * @return a copy with that number
     */
    public CommandProcessorParams withMaxQps(final int qps)
    {
        return new CommandProcessorParams(firmwareTimeScale, startupPs, qps, logMaxMkey, logMaxMtt, maxRdAtomic,
            maxDestRdAtomic, maxRecvSges, maxPathMtu, portMac, portIpv4);
    }

    /**
     * @param mtu the new largest path MTU
     * @return a copy with that MTU
     */
    public CommandProcessorParams withMaxPathMtu(final PathMtu mtu)
    {
        return new CommandProcessorParams(firmwareTimeScale, startupPs, maxQps, logMaxMkey, logMaxMtt, maxRdAtomic,
            maxDestRdAtomic, maxRecvSges, mtu, portMac, portIpv4);
    }

    @Override
    public void validate()
    {
        if (!(firmwareTimeScale >= 0.0) || firmwareTimeScale > 1e6)
        {
            throw new ParamsException("firmwareTimeScale must be in [0, 1e6], got " + firmwareTimeScale);
        }
        if (startupPs < 0)
        {
            throw new ParamsException("startupPs must not be negative, got " + startupPs);
        }
        if (maxQps < 3 || maxQps > 1 << 24 || Integer.bitCount(maxQps) != 1)
        {
            throw new ParamsException("maxQps must be a power of two in [4, 2^24], got " + maxQps);
        }
        if (logMaxMkey < 1 || logMaxMkey > 24)
        {
            throw new ParamsException("logMaxMkey must be in [1, 24], got " + logMaxMkey);
        }
        if (logMaxMtt < 1 || logMaxMtt > 31)
        {
            throw new ParamsException("logMaxMtt must be in [1, 31], got " + logMaxMtt);
        }
        if (maxRdAtomic < 0 || maxRdAtomic > 0xFF || maxDestRdAtomic < 0 || maxDestRdAtomic > 0xFF)
        {
            throw new ParamsException("maxRdAtomic and maxDestRdAtomic must be in [0, 255]");
        }
        if (maxRecvSges < 1 || maxRecvSges > 0xFF)
        {
            throw new ParamsException("maxRecvSges must be in [1, 255], got " + maxRecvSges);
        }
        if (maxPathMtu == null)
        {
            throw new ParamsException("maxPathMtu must be set");
        }
        if ((portMac & ~0xFFFF_FFFF_FFFFL) != 0)
        {
            throw new ParamsException("portMac must fit in 48 bits");
        }
    }

    /**
     * @param defaultFirmwareNs an opcode's default firmware time
     * @return the modelled firmware time, in picoseconds
     */
    public long firmwarePs(final long defaultFirmwareNs)
    {
        return Math.round(defaultFirmwareNs * 1000.0 * firmwareTimeScale);
    }
}
