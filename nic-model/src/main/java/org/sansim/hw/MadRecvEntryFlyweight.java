package org.sansim.hw;

import static org.sansim.hw.MadRecvEntryDescriptor.LENGTH_BYTES;
import static org.sansim.hw.MadRecvEntryDescriptor.MAD_LENGTH_OFFSET;
import static org.sansim.hw.MadRecvEntryDescriptor.MAD_OFFSET;
import static org.sansim.hw.MadRecvEntryDescriptor.OWNER_OFFSET;
import static org.sansim.hw.MadRecvEntryDescriptor.OWNER_SHIFT;
import static org.sansim.hw.MadRecvEntryDescriptor.Q_KEY_OFFSET;
import static org.sansim.hw.MadRecvEntryDescriptor.SRC_IPV4_OFFSET;
import static org.sansim.hw.MadRecvEntryDescriptor.SRC_MAC_OFFSET;
import static org.sansim.hw.MadRecvEntryDescriptor.SRC_QP_MASK;
import static org.sansim.hw.MadRecvEntryDescriptor.SRC_QP_OFFSET;
import static org.sansim.hw.MadRecvEntryDescriptor.SRC_QP_SHIFT;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over an entry of the MAD receive ring in host memory; layout in
 * {@link MadRecvEntryDescriptor}.
 */
public final class MadRecvEntryFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a ring entry.
     *
     * @param memory the host memory.
     * @param pa     its physical address.
     * @return this flyweight.
     */
    public MadRecvEntryFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the entry.
     *
     * @return this flyweight.
     */
    public MadRecvEntryFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /**
     * Puts the entry in the state a driver gives every entry before {@code SET_MAD_RING}: zero, owner
     * bit {@link OwnerBit#INITIAL}.
     *
     * @return this flyweight.
     */
    public MadRecvEntryFlyweight initialise()
    {
        zero(LENGTH_BYTES);
        return owner(OwnerBit.INITIAL == 1);
    }

    /**
     * Whether the entry holds a new MAD for a consumer at {@code consumerIndex}.
     *
     * @param consumerIndex the driver's ring consumer index.
     * @param logSize       log2 of the ring's number of entries.
     * @return {@code true} if the owner bit matches the index's parity.
     */
    public boolean softwareOwned(final long consumerIndex, final int logSize)
    {
        return OwnerBit.softwareOwned(owner() ? 1 : 0, consumerIndex, logSize);
    }

    /** @return the source MAC. */
    public long srcMac()
    {
        return u48(SRC_MAC_OFFSET);
    }

    /**
     * @param srcMac the source MAC, 48 bits.
     * @return this flyweight.
     */
    public MadRecvEntryFlyweight srcMac(final long srcMac)
    {
        u48("srcMac", SRC_MAC_OFFSET, srcMac);
        return this;
    }

    /** @return the source IPv4 address. */
    public int srcIpv4()
    {
        return i32(SRC_IPV4_OFFSET);
    }

    /**
     * @param srcIpv4 the source IPv4 address.
     * @return this flyweight.
     */
    public MadRecvEntryFlyweight srcIpv4(final int srcIpv4)
    {
        i32(SRC_IPV4_OFFSET, srcIpv4);
        return this;
    }

    /** @return the source QP. */
    public int srcQp()
    {
        return bits32(SRC_QP_OFFSET, SRC_QP_SHIFT, SRC_QP_MASK);
    }

    /**
     * @param srcQp the source QP, 24 bits.
     * @return this flyweight.
     */
    public MadRecvEntryFlyweight srcQp(final int srcQp)
    {
        bits32("srcQp", SRC_QP_OFFSET, SRC_QP_SHIFT, SRC_QP_MASK, srcQp);
        return this;
    }

    /** @return the Q_Key of the DETH. */
    public int qKey()
    {
        return i32(Q_KEY_OFFSET);
    }

    /**
     * @param qKey the Q_Key of the DETH.
     * @return this flyweight.
     */
    public MadRecvEntryFlyweight qKey(final int qKey)
    {
        i32(Q_KEY_OFFSET, qKey);
        return this;
    }

    /** @return bytes of MAD received. */
    public int madLength()
    {
        return u16(MAD_LENGTH_OFFSET);
    }

    /**
     * @param madLength bytes of MAD received, 16 bits.
     * @return this flyweight.
     */
    public MadRecvEntryFlyweight madLength(final int madLength)
    {
        u16("madLength", MAD_LENGTH_OFFSET, madLength);
        return this;
    }

    /** @return the owner bit. */
    public boolean owner()
    {
        return flag8(OWNER_OFFSET, OWNER_SHIFT);
    }

    /**
     * @param owner the owner bit; the NIC writes {@link OwnerBit#expected} of its producer index.
     * @return this flyweight.
     */
    public MadRecvEntryFlyweight owner(final boolean owner)
    {
        flag8(OWNER_OFFSET, OWNER_SHIFT, owner);
        return this;
    }

    /**
     * Copies the MAD out.
     *
     * @param dst    receives {@code lengthBytes} bytes.
     * @param offset where in {@code dst}.
     * @param lengthBytes how many, at most 256.
     */
    public void readMad(final byte[] dst, final int offset, final int lengthBytes)
    {
        memory().read(physicalAddress() + MAD_OFFSET, dst, offset, lengthBytes);
    }
}
