package org.sansim.hw;

import static org.sansim.hw.ModifyQpInputDescriptor.CONTEXT_OFFSET;
import static org.sansim.hw.ModifyQpInputDescriptor.FROM_STATE_OFFSET;
import static org.sansim.hw.ModifyQpInputDescriptor.LENGTH_BYTES;
import static org.sansim.hw.ModifyQpInputDescriptor.QPN_MASK;
import static org.sansim.hw.ModifyQpInputDescriptor.QPN_OFFSET;
import static org.sansim.hw.ModifyQpInputDescriptor.QPN_SHIFT;
import static org.sansim.hw.ModifyQpInputDescriptor.TO_STATE_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a {@code MODIFY_QP} input in host memory; layout in {@link ModifyQpInputDescriptor}.
 */
public final class ModifyQpInputFlyweight extends HostFlyweight
{
    private final QpContextFlyweight context = new QpContextFlyweight();

    /**
     * Points this flyweight at a {@code MODIFY_QP} input.
     *
     * @param memory the host memory.
     * @param pa     its physical address.
     * @return this flyweight.
     */
    public ModifyQpInputFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the structure.
     *
     * @return this flyweight.
     */
    public ModifyQpInputFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /**
     * The QP context inside this input, through a flyweight this object reuses.
     *
     * @return the shared context flyweight, wrapped at {@link ModifyQpInputDescriptor#CONTEXT_OFFSET}.
     */
    public QpContextFlyweight context()
    {
        return context.wrap(memory(), physicalAddress() + CONTEXT_OFFSET);
    }

    /** @return the QP. */
    public int qpn()
    {
        return bits32(QPN_OFFSET, QPN_SHIFT, QPN_MASK);
    }

    /**
     * @param qpn the QP, 24 bits.
     * @return this flyweight.
     */
    public ModifyQpInputFlyweight qpn(final int qpn)
    {
        bits32("qpn", QPN_OFFSET, QPN_SHIFT, QPN_MASK, qpn);
        return this;
    }

    /** @return the QpState code the driver believes the QP is in, or FROM_ANY_STATE. */
    public int fromState()
    {
        return u8(FROM_STATE_OFFSET);
    }

    /**
     * @param fromState the QpState code the driver believes the QP is in, or FROM_ANY_STATE, 0 to 255.
     * @return this flyweight.
     */
    public ModifyQpInputFlyweight fromState(final int fromState)
    {
        u8("fromState", FROM_STATE_OFFSET, fromState);
        return this;
    }

    /** @return the requested QpState code. */
    public int toState()
    {
        return u8(TO_STATE_OFFSET);
    }

    /**
     * @param toState the requested QpState code, 0 to 255.
     * @return this flyweight.
     */
    public ModifyQpInputFlyweight toState(final int toState)
    {
        u8("toState", TO_STATE_OFFSET, toState);
        return this;
    }
}
