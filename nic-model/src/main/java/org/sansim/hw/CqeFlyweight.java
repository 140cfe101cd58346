package org.sansim.hw;

import static org.sansim.hw.CqeDescriptor.BYTE_COUNT_OFFSET;
import static org.sansim.hw.CqeDescriptor.IMMEDIATE_OFFSET;
import static org.sansim.hw.CqeDescriptor.LENGTH_BYTES;
import static org.sansim.hw.CqeDescriptor.OPCODE_MASK;
import static org.sansim.hw.CqeDescriptor.OPCODE_OFFSET;
import static org.sansim.hw.CqeDescriptor.OPCODE_SHIFT;
import static org.sansim.hw.CqeDescriptor.OWNER_OFFSET;
import static org.sansim.hw.CqeDescriptor.OWNER_SHIFT;
import static org.sansim.hw.CqeDescriptor.QPN_MASK;
import static org.sansim.hw.CqeDescriptor.QPN_OFFSET;
import static org.sansim.hw.CqeDescriptor.QPN_SHIFT;
import static org.sansim.hw.CqeDescriptor.SOLICITED_OFFSET;
import static org.sansim.hw.CqeDescriptor.SOLICITED_SHIFT;
import static org.sansim.hw.CqeDescriptor.SYNDROME_OFFSET;
import static org.sansim.hw.CqeDescriptor.TIMESTAMP_OFFSET;
import static org.sansim.hw.CqeDescriptor.VENDOR_SYNDROME_OFFSET;
import static org.sansim.hw.CqeDescriptor.WQE_COUNTER_OFFSET;
import static org.sansim.hw.CqeDescriptor.WQE_OPCODE_MASK;
import static org.sansim.hw.CqeDescriptor.WQE_OPCODE_OFFSET;
import static org.sansim.hw.CqeDescriptor.WQE_OPCODE_SHIFT;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a CQE in host memory; layout in {@link CqeDescriptor}. The NIC writes CQEs, the
 * driver reads them; {@link #softwareOwned} applies the owner-bit rule to the last byte only.
 */
public final class CqeFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a CQE.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the CQE.
     * @return this flyweight.
     */
    public CqeFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the CQE.
     *
     * @return this flyweight.
     */
    public CqeFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /**
     * Puts the CQE in the state a driver gives every CQE before {@code CREATE_CQ}: zero, opcode
     * {@link CqeOpcode#INVALID}, owner bit {@link OwnerBit#INITIAL}.
     *
     * @return this flyweight.
     */
    public CqeFlyweight initialise()
    {
        zero(LENGTH_BYTES);
        u8("opcodeOwner", OPCODE_OFFSET, CqeOpcode.INVALID.code() << OPCODE_SHIFT | OwnerBit.INITIAL << OWNER_SHIFT);
        return this;
    }

    /**
     * Whether the CQE holds a new completion for a consumer at {@code consumerIndex}; reads only the
     * last byte, as a driver must before a read barrier.
     *
     * @param consumerIndex the driver's consumer index.
     * @param logCqSize     log2 of the CQ's number of entries.
     * @return {@code true} if the owner bit matches the index's parity.
     */
    public boolean softwareOwned(final long consumerIndex, final int logCqSize)
    {
        return OwnerBit.softwareOwned(owner() ? 1 : 0, consumerIndex, logCqSize);
    }

    /** @return the immediate data. */
    public int immediate()
    {
        return i32(IMMEDIATE_OFFSET);
    }

    /**
     * @param immediate the immediate data.
     * @return this flyweight.
     */
    public CqeFlyweight immediate(final int immediate)
    {
        i32(IMMEDIATE_OFFSET, immediate);
        return this;
    }

    /** @return the byte count, unsigned. */
    public int byteCount()
    {
        return i32(BYTE_COUNT_OFFSET);
    }

    /**
     * @param byteCount bytes transferred, unsigned.
     * @return this flyweight.
     */
    public CqeFlyweight byteCount(final int byteCount)
    {
        i32(BYTE_COUNT_OFFSET, byteCount);
        return this;
    }

    /** @return the completed WQE's {@link WqeOpcode} code (requester CQEs). */
    public int wqeOpcode()
    {
        return bits32(WQE_OPCODE_OFFSET, WQE_OPCODE_SHIFT, WQE_OPCODE_MASK);
    }

    /**
     * @param wqeOpcode the completed WQE's {@link WqeOpcode} code, 0 to 255.
     * @return this flyweight.
     */
    public CqeFlyweight wqeOpcode(final int wqeOpcode)
    {
        bits32("wqeOpcode", WQE_OPCODE_OFFSET, WQE_OPCODE_SHIFT, WQE_OPCODE_MASK, wqeOpcode);
        return this;
    }

    /** @return the QPN. */
    public int qpn()
    {
        return bits32(QPN_OFFSET, QPN_SHIFT, QPN_MASK);
    }

    /**
     * @param qpn the 24-bit QPN.
     * @return this flyweight.
     */
    public CqeFlyweight qpn(final int qpn)
    {
        bits32("qpn", QPN_OFFSET, QPN_SHIFT, QPN_MASK, qpn);
        return this;
    }

    /** @return the timestamp in NIC core cycles. */
    public long timestamp()
    {
        return i64(TIMESTAMP_OFFSET);
    }

    /**
     * @param timestamp NIC core cycles when the CQE was written.
     * @return this flyweight.
     */
    public CqeFlyweight timestamp(final long timestamp)
    {
        i64(TIMESTAMP_OFFSET, timestamp);
        return this;
    }

    /** @return the {@link CqeSyndrome} code. */
    public int syndrome()
    {
        return u8(SYNDROME_OFFSET);
    }

    /**
     * @param syndrome the {@link CqeSyndrome} code, 0 to 255.
     * @return this flyweight.
     */
    public CqeFlyweight syndrome(final int syndrome)
    {
        u8("syndrome", SYNDROME_OFFSET, syndrome);
        return this;
    }

    /** @return the {@link VendorSyndrome} code. */
    public int vendorSyndrome()
    {
        return u8(VENDOR_SYNDROME_OFFSET);
    }

    /**
     * @param vendorSyndrome the {@link VendorSyndrome} code, 0 to 255.
     * @return this flyweight.
     */
    public CqeFlyweight vendorSyndrome(final int vendorSyndrome)
    {
        u8("vendorSyndrome", VENDOR_SYNDROME_OFFSET, vendorSyndrome);
        return this;
    }

    /** @return the WQE counter. */
    public int wqeCounter()
    {
        return u16(WQE_COUNTER_OFFSET);
    }

    /**
     * @param wqeCounter the completed WQE's index or the receive WQE counter, 0 to 65535.
     * @return this flyweight.
     */
    public CqeFlyweight wqeCounter(final int wqeCounter)
    {
        u16("wqeCounter", WQE_COUNTER_OFFSET, wqeCounter);
        return this;
    }

    /** @return the {@link CqeOpcode} code. */
    public int opcode()
    {
        return bits8(OPCODE_OFFSET, OPCODE_SHIFT, OPCODE_MASK);
    }

    /**
     * @param opcode the {@link CqeOpcode} code, 0 to 15.
     * @return this flyweight.
     */
    public CqeFlyweight opcode(final int opcode)
    {
        bits8("opcode", OPCODE_OFFSET, OPCODE_SHIFT, OPCODE_MASK, opcode);
        return this;
    }

    /**
     * @param opcode the CQE opcode.
     * @return this flyweight.
     */
    public CqeFlyweight opcode(final CqeOpcode opcode)
    {
        return opcode(opcode.code());
    }

    /** @return the solicited flag. */
    public boolean solicited()
    {
        return flag8(SOLICITED_OFFSET, SOLICITED_SHIFT);
    }

    /**
     * @param solicited whether the message's last packet had the solicited-event bit.
     * @return this flyweight.
     */
    public CqeFlyweight solicited(final boolean solicited)
    {
        flag8(SOLICITED_OFFSET, SOLICITED_SHIFT, solicited);
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
    public CqeFlyweight owner(final boolean owner)
    {
        flag8(OWNER_OFFSET, OWNER_SHIFT, owner);
        return this;
    }
}
