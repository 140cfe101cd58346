package org.sansim.hw;

import static org.sansim.hw.SendMadInputDescriptor.DST_IPV4_OFFSET;
import static org.sansim.hw.SendMadInputDescriptor.DST_MAC_OFFSET;
import static org.sansim.hw.SendMadInputDescriptor.LENGTH_BYTES;
import static org.sansim.hw.SendMadInputDescriptor.MAD_BYTES;
import static org.sansim.hw.SendMadInputDescriptor.MAD_OFFSET;
import static org.sansim.hw.SendMadInputDescriptor.Q_KEY_OFFSET;
import static org.sansim.hw.SendMadInputDescriptor.REMOTE_QPN_MASK;
import static org.sansim.hw.SendMadInputDescriptor.REMOTE_QPN_OFFSET;
import static org.sansim.hw.SendMadInputDescriptor.REMOTE_QPN_SHIFT;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a {@code SEND_MAD} input in host memory; layout in {@link SendMadInputDescriptor}.
 */
public final class SendMadInputFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a {@code SEND_MAD} input.
     *
     * @param memory the host memory.
     * @param pa     its physical address.
     * @return this flyweight.
     */
    public SendMadInputFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the structure.
     *
     * @return this flyweight.
     */
    public SendMadInputFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the destination MAC. */
    public long dstMac()
    {
        return u48(DST_MAC_OFFSET);
    }

    /**
     * @param dstMac the destination MAC, 48 bits.
     * @return this flyweight.
     */
    public SendMadInputFlyweight dstMac(final long dstMac)
    {
        u48("dstMac", DST_MAC_OFFSET, dstMac);
        return this;
    }

    /** @return the destination IPv4 address. */
    public int dstIpv4()
    {
        return i32(DST_IPV4_OFFSET);
    }

    /**
     * @param dstIpv4 the destination IPv4 address.
     * @return this flyweight.
     */
    public SendMadInputFlyweight dstIpv4(final int dstIpv4)
    {
        i32(DST_IPV4_OFFSET, dstIpv4);
        return this;
    }

    /** @return the destination QP. */
    public int remoteQpn()
    {
        return bits32(REMOTE_QPN_OFFSET, REMOTE_QPN_SHIFT, REMOTE_QPN_MASK);
    }

    /**
     * @param remoteQpn the destination QP, 24 bits.
     * @return this flyweight.
     */
    public SendMadInputFlyweight remoteQpn(final int remoteQpn)
    {
        bits32("remoteQpn", REMOTE_QPN_OFFSET, REMOTE_QPN_SHIFT, REMOTE_QPN_MASK, remoteQpn);
        return this;
    }

    /** @return the Q_Key for the DETH. */
    public int qKey()
    {
        return i32(Q_KEY_OFFSET);
    }

    /**
     * @param qKey the Q_Key for the DETH.
     * @return this flyweight.
     */
    public SendMadInputFlyweight qKey(final int qKey)
    {
        i32(Q_KEY_OFFSET, qKey);
        return this;
    }

    /**
     * Copies the MAD out.
     *
     * @param dst    receives {@link SendMadInputDescriptor#MAD_BYTES} bytes.
     * @param offset where in {@code dst}.
     */
    public void readMad(final byte[] dst, final int offset)
    {
        memory().read(physicalAddress() + MAD_OFFSET, dst, offset, MAD_BYTES);
    }

    /**
     * Copies the MAD in.
     *
     * @param src    holds {@link SendMadInputDescriptor#MAD_BYTES} bytes.
     * @param offset where in {@code src}.
     * @return this flyweight.
     */
    public SendMadInputFlyweight writeMad(final byte[] src, final int offset)
    {
        memory().write(physicalAddress() + MAD_OFFSET, src, offset, MAD_BYTES);
        return this;
    }
}
