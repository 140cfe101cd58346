package org.sansim.hw;

import static org.sansim.hw.QueryDeviceOutputDescriptor.ATOMICS_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.ATOMICS_SHIFT;
import static org.sansim.hw.QueryDeviceOutputDescriptor.BLUEFLAME_HALF_BYTES_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.BLUEFLAME_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.BLUEFLAME_SHIFT;
import static org.sansim.hw.QueryDeviceOutputDescriptor.CORE_CLOCK_KHZ_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.LENGTH_BYTES;
import static org.sansim.hw.QueryDeviceOutputDescriptor.LOG_MAX_CQES_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.LOG_MAX_CQ_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.LOG_MAX_EQES_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.LOG_MAX_EQ_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.LOG_MAX_MKEY_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.LOG_MAX_MTT_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.LOG_MAX_QP_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.LOG_MAX_RQ_WQES_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.LOG_MAX_SQ_BBS_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.MAX_DEST_RD_ATOMIC_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.MAX_INLINE_BYTES_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.MAX_PATH_MTU_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.MAX_RD_ATOMIC_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.MAX_RECV_SGES_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.MAX_SEND_WQE_UNITS_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.MSIX_VECTORS_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.PORT_COUNT_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.PORT_IPV4_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.PORT_MAC_OFFSET;
import static org.sansim.hw.QueryDeviceOutputDescriptor.UAR_COUNT_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a {@code QUERY_DEVICE} output mailbox; layout in {@link QueryDeviceOutputDescriptor}.
 */
public final class QueryDeviceOutputFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a {@code QUERY_DEVICE} output.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the output mailbox.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the output.
     *
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return log2 of the number of QPs. */
    public int logMaxQp()
    {
        return u8(LOG_MAX_QP_OFFSET);
    }

    /**
     * @param logMaxQp log2 of the number of QPs, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight logMaxQp(final int logMaxQp)
    {
        u8("logMaxQp", LOG_MAX_QP_OFFSET, logMaxQp);
        return this;
    }

    /** @return log2 of the number of CQs. */
    public int logMaxCq()
    {
        return u8(LOG_MAX_CQ_OFFSET);
    }

    /**
     * @param logMaxCq log2 of the number of CQs, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight logMaxCq(final int logMaxCq)
    {
        u8("logMaxCq", LOG_MAX_CQ_OFFSET, logMaxCq);
        return this;
    }

    /** @return log2 of the number of EQs. */
    public int logMaxEq()
    {
        return u8(LOG_MAX_EQ_OFFSET);
    }

    /**
     * @param logMaxEq log2 of the number of EQs, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight logMaxEq(final int logMaxEq)
    {
        u8("logMaxEq", LOG_MAX_EQ_OFFSET, logMaxEq);
        return this;
    }

    /** @return log2 of the largest MPT table. */
    public int logMaxMkey()
    {
        return u8(LOG_MAX_MKEY_OFFSET);
    }

    /**
     * @param logMaxMkey log2 of the largest MPT table, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight logMaxMkey(final int logMaxMkey)
    {
        u8("logMaxMkey", LOG_MAX_MKEY_OFFSET, logMaxMkey);
        return this;
    }

    /** @return log2 of the largest SQ in basic blocks. */
    public int logMaxSqBbs()
    {
        return u8(LOG_MAX_SQ_BBS_OFFSET);
    }

    /**
     * @param logMaxSqBbs log2 of the largest SQ in basic blocks, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight logMaxSqBbs(final int logMaxSqBbs)
    {
        u8("logMaxSqBbs", LOG_MAX_SQ_BBS_OFFSET, logMaxSqBbs);
        return this;
    }

    /** @return log2 of the largest RQ in WQEs. */
    public int logMaxRqWqes()
    {
        return u8(LOG_MAX_RQ_WQES_OFFSET);
    }

    /**
     * @param logMaxRqWqes log2 of the largest RQ in WQEs, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight logMaxRqWqes(final int logMaxRqWqes)
    {
        u8("logMaxRqWqes", LOG_MAX_RQ_WQES_OFFSET, logMaxRqWqes);
        return this;
    }

    /** @return log2 of the largest CQ. */
    public int logMaxCqes()
    {
        return u8(LOG_MAX_CQES_OFFSET);
    }

    /**
     * @param logMaxCqes log2 of the largest CQ, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight logMaxCqes(final int logMaxCqes)
    {
        u8("logMaxCqes", LOG_MAX_CQES_OFFSET, logMaxCqes);
        return this;
    }

    /** @return log2 of the largest EQ. */
    public int logMaxEqes()
    {
        return u8(LOG_MAX_EQES_OFFSET);
    }

    /**
     * @param logMaxEqes log2 of the largest EQ, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight logMaxEqes(final int logMaxEqes)
    {
        u8("logMaxEqes", LOG_MAX_EQES_OFFSET, logMaxEqes);
        return this;
    }

    /** @return the largest send WQE in 16-byte units. */
    public int maxSendWqeUnits()
    {
        return u8(MAX_SEND_WQE_UNITS_OFFSET);
    }

    /**
     * @param maxSendWqeUnits the largest send WQE in 16-byte units, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight maxSendWqeUnits(final int maxSendWqeUnits)
    {
        u8("maxSendWqeUnits", MAX_SEND_WQE_UNITS_OFFSET, maxSendWqeUnits);
        return this;
    }

    /** @return the most scatter entries per receive WQE. */
    public int maxRecvSges()
    {
        return u8(MAX_RECV_SGES_OFFSET);
    }

    /**
     * @param maxRecvSges the most scatter entries per receive WQE, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight maxRecvSges(final int maxRecvSges)
    {
        u8("maxRecvSges", MAX_RECV_SGES_OFFSET, maxRecvSges);
        return this;
    }

    /** @return the most inline bytes per send WQE. */
    public int maxInlineBytes()
    {
        return u16(MAX_INLINE_BYTES_OFFSET);
    }

    /**
     * @param maxInlineBytes the most inline bytes per send WQE, 0 to 65535.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight maxInlineBytes(final int maxInlineBytes)
    {
        u16("maxInlineBytes", MAX_INLINE_BYTES_OFFSET, maxInlineBytes);
        return this;
    }

    /** @return the largest initiator depth. */
    public int maxRdAtomic()
    {
        return u8(MAX_RD_ATOMIC_OFFSET);
    }

    /**
     * @param maxRdAtomic the largest initiator depth, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight maxRdAtomic(final int maxRdAtomic)
    {
        u8("maxRdAtomic", MAX_RD_ATOMIC_OFFSET, maxRdAtomic);
        return this;
    }

    /** @return the most responder resources per QP. */
    public int maxDestRdAtomic()
    {
        return u8(MAX_DEST_RD_ATOMIC_OFFSET);
    }

    /**
     * @param maxDestRdAtomic the most responder resources per QP, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight maxDestRdAtomic(final int maxDestRdAtomic)
    {
        u8("maxDestRdAtomic", MAX_DEST_RD_ATOMIC_OFFSET, maxDestRdAtomic);
        return this;
    }

    /** @return the number of ports. */
    public int portCount()
    {
        return u8(PORT_COUNT_OFFSET);
    }

    /**
     * @param portCount the number of ports, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight portCount(final int portCount)
    {
        u8("portCount", PORT_COUNT_OFFSET, portCount);
        return this;
    }

    /** @return the largest PathMtu code. */
    public int maxPathMtu()
    {
        return u8(MAX_PATH_MTU_OFFSET);
    }

    /**
     * @param maxPathMtu the largest PathMtu code, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight maxPathMtu(final int maxPathMtu)
    {
        u8("maxPathMtu", MAX_PATH_MTU_OFFSET, maxPathMtu);
        return this;
    }

    /** @return the number of UAR pages. */
    public int uarCount()
    {
        return u16(UAR_COUNT_OFFSET);
    }

    /**
     * @param uarCount the number of UAR pages, 0 to 65535.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight uarCount(final int uarCount)
    {
        u16("uarCount", UAR_COUNT_OFFSET, uarCount);
        return this;
    }

    /** @return the size of a BlueFlame half, 0 without BlueFlame. */
    public int blueflameHalfBytes()
    {
        return u16(BLUEFLAME_HALF_BYTES_OFFSET);
    }

    /**
     * @param blueflameHalfBytes the size of a BlueFlame half, 0 without BlueFlame, 0 to 65535.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight blueflameHalfBytes(final int blueflameHalfBytes)
    {
        u16("blueflameHalfBytes", BLUEFLAME_HALF_BYTES_OFFSET, blueflameHalfBytes);
        return this;
    }

    /** @return the number of MSI-X vectors. */
    public int msixVectors()
    {
        return u16(MSIX_VECTORS_OFFSET);
    }

    /**
     * @param msixVectors the number of MSI-X vectors, 0 to 65535.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight msixVectors(final int msixVectors)
    {
        u16("msixVectors", MSIX_VECTORS_OFFSET, msixVectors);
        return this;
    }

    /** @return log2 of the largest MTT table. */
    public int logMaxMtt()
    {
        return u8(LOG_MAX_MTT_OFFSET);
    }

    /**
     * @param logMaxMtt log2 of the largest MTT table, 0 to 255.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight logMaxMtt(final int logMaxMtt)
    {
        u8("logMaxMtt", LOG_MAX_MTT_OFFSET, logMaxMtt);
        return this;
    }

    /** @return whether atomics are supported. */
    public boolean atomics()
    {
        return flag32(ATOMICS_OFFSET, ATOMICS_SHIFT);
    }

    /**
     * @param atomics whether atomics are supported.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight atomics(final boolean atomics)
    {
        flag32(ATOMICS_OFFSET, ATOMICS_SHIFT, atomics);
        return this;
    }

    /** @return whether the BlueFlame area is implemented. */
    public boolean blueflame()
    {
        return flag32(BLUEFLAME_OFFSET, BLUEFLAME_SHIFT);
    }

    /**
     * @param blueflame whether the BlueFlame area is implemented.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight blueflame(final boolean blueflame)
    {
        flag32(BLUEFLAME_OFFSET, BLUEFLAME_SHIFT, blueflame);
        return this;
    }

    /** @return port 1's MAC address. */
    public long portMac()
    {
        return u48(PORT_MAC_OFFSET);
    }

    /**
     * @param portMac port 1's MAC address, 48 bits.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight portMac(final long portMac)
    {
        u48("portMac", PORT_MAC_OFFSET, portMac);
        return this;
    }

    /** @return port 1's IPv4 address. */
    public int portIpv4()
    {
        return i32(PORT_IPV4_OFFSET);
    }

    /**
     * @param portIpv4 port 1's IPv4 address.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight portIpv4(final int portIpv4)
    {
        i32(PORT_IPV4_OFFSET, portIpv4);
        return this;
    }

    /** @return the free-running clock's frequency in kHz. */
    public int coreClockKhz()
    {
        return i32(CORE_CLOCK_KHZ_OFFSET);
    }

    /**
     * @param coreClockKhz the free-running clock's frequency in kHz.
     * @return this flyweight.
     */
    public QueryDeviceOutputFlyweight coreClockKhz(final int coreClockKhz)
    {
        i32(CORE_CLOCK_KHZ_OFFSET, coreClockKhz);
        return this;
    }
}
