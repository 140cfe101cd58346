package org.sansim.hw;

import static org.sansim.hw.ControlSegmentDescriptor.FENCE_OFFSET;
import static org.sansim.hw.ControlSegmentDescriptor.FENCE_SHIFT;
import static org.sansim.hw.ControlSegmentDescriptor.IMMEDIATE_OFFSET;
import static org.sansim.hw.ControlSegmentDescriptor.LENGTH_BYTES;
import static org.sansim.hw.ControlSegmentDescriptor.OPCODE_MASK;
import static org.sansim.hw.ControlSegmentDescriptor.OPCODE_OFFSET;
import static org.sansim.hw.ControlSegmentDescriptor.OPCODE_SHIFT;
import static org.sansim.hw.ControlSegmentDescriptor.QPN_MASK;
import static org.sansim.hw.ControlSegmentDescriptor.QPN_OFFSET;
import static org.sansim.hw.ControlSegmentDescriptor.QPN_SHIFT;
import static org.sansim.hw.ControlSegmentDescriptor.SIGNALLED_OFFSET;
import static org.sansim.hw.ControlSegmentDescriptor.SIGNALLED_SHIFT;
import static org.sansim.hw.ControlSegmentDescriptor.SIZE_UNITS_MASK;
import static org.sansim.hw.ControlSegmentDescriptor.SIZE_UNITS_OFFSET;
import static org.sansim.hw.ControlSegmentDescriptor.SIZE_UNITS_SHIFT;
import static org.sansim.hw.ControlSegmentDescriptor.SOLICITED_OFFSET;
import static org.sansim.hw.ControlSegmentDescriptor.SOLICITED_SHIFT;
import static org.sansim.hw.ControlSegmentDescriptor.WQE_INDEX_MASK;
import static org.sansim.hw.ControlSegmentDescriptor.WQE_INDEX_OFFSET;
import static org.sansim.hw.ControlSegmentDescriptor.WQE_INDEX_SHIFT;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a send WQE's control segment in host memory; layout in
 * {@link ControlSegmentDescriptor}. A driver writes the other segments first and the first eight
 * bytes here last (HARDWARE.md 13).
 */
public final class ControlSegmentFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a control segment.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the segment (the WQE's first byte).
     * @return this flyweight.
     */
    public ControlSegmentFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the segment.
     *
     * @return this flyweight.
     */
    public ControlSegmentFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the {@link WqeOpcode} code. */
    public int opcode()
    {
        return bits32(OPCODE_OFFSET, OPCODE_SHIFT, OPCODE_MASK);
    }

    /**
     * @param opcode the {@link WqeOpcode} code, 0 to 255.
     * @return this flyweight.
     */
    public ControlSegmentFlyweight opcode(final int opcode)
    {
        bits32("opcode", OPCODE_OFFSET, OPCODE_SHIFT, OPCODE_MASK, opcode);
        return this;
    }

    /**
     * @param opcode the opcode.
     * @return this flyweight.
     */
    public ControlSegmentFlyweight opcode(final WqeOpcode opcode)
    {
        return opcode(opcode.code());
    }

    /** @return the WQE index, 0 to 65535. */
    public int wqeIndex()
    {
        return bits32(WQE_INDEX_OFFSET, WQE_INDEX_SHIFT, WQE_INDEX_MASK);
    }

    /**
     * @param wqeIndex the send producer counter at the WQE's first basic block, 0 to 65535.
     * @return this flyweight.
     */
    public ControlSegmentFlyweight wqeIndex(final int wqeIndex)
    {
        bits32("wqeIndex", WQE_INDEX_OFFSET, WQE_INDEX_SHIFT, WQE_INDEX_MASK, wqeIndex);
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
    public ControlSegmentFlyweight qpn(final int qpn)
    {
        bits32("qpn", QPN_OFFSET, QPN_SHIFT, QPN_MASK, qpn);
        return this;
    }

    /** @return the WQE size in 16-byte units. */
    public int sizeUnits()
    {
        return bits32(SIZE_UNITS_OFFSET, SIZE_UNITS_SHIFT, SIZE_UNITS_MASK);
    }

    /**
     * @param sizeUnits the WQE size in 16-byte units, control segment included, 0 to 255.
     * @return this flyweight.
     */
    public ControlSegmentFlyweight sizeUnits(final int sizeUnits)
    {
        bits32("sizeUnits", SIZE_UNITS_OFFSET, SIZE_UNITS_SHIFT, SIZE_UNITS_MASK, sizeUnits);
        return this;
    }

    /** @return the fence flag. */
    public boolean fence()
    {
        return flag8(FENCE_OFFSET, FENCE_SHIFT);
    }

    /**
     * @param fence start only after earlier READs and atomics completed.
     * @return this flyweight.
     */
    public ControlSegmentFlyweight fence(final boolean fence)
    {
        flag8(FENCE_OFFSET, FENCE_SHIFT, fence);
        return this;
    }

    /** @return the solicited flag. */
    public boolean solicited()
    {
        return flag8(SOLICITED_OFFSET, SOLICITED_SHIFT);
    }

    /**
     * @param solicited set the solicited-event bit in the message's last packet.
     * @return this flyweight.
     */
    public ControlSegmentFlyweight solicited(final boolean solicited)
    {
        flag8(SOLICITED_OFFSET, SOLICITED_SHIFT, solicited);
        return this;
    }

    /** @return the signalled flag. */
    public boolean signalled()
    {
        return flag8(SIGNALLED_OFFSET, SIGNALLED_SHIFT);
    }

    /**
     * @param signalled write a CQE when the WQE completes successfully.
     * @return this flyweight.
     */
    public ControlSegmentFlyweight signalled(final boolean signalled)
    {
        flag8(SIGNALLED_OFFSET, SIGNALLED_SHIFT, signalled);
        return this;
    }

    /** @return the immediate data. */
    public int immediate()
    {
        return i32(IMMEDIATE_OFFSET);
    }

    /**
     * @param immediate the 32-bit immediate data.
     * @return this flyweight.
     */
    public ControlSegmentFlyweight immediate(final int immediate)
    {
        i32(IMMEDIATE_OFFSET, immediate);
        return this;
    }
}
