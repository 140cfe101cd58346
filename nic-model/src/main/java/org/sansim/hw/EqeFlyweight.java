package org.sansim.hw;

import static org.sansim.hw.EqeDescriptor.EVENT_TYPE_OFFSET;
import static org.sansim.hw.EqeDescriptor.LENGTH_BYTES;
import static org.sansim.hw.EqeDescriptor.OBJECT_MASK;
import static org.sansim.hw.EqeDescriptor.OBJECT_OFFSET;
import static org.sansim.hw.EqeDescriptor.OBJECT_SHIFT;
import static org.sansim.hw.EqeDescriptor.OWNER_OFFSET;
import static org.sansim.hw.EqeDescriptor.OWNER_SHIFT;
import static org.sansim.hw.EqeDescriptor.SYNDROME_OFFSET;
import static org.sansim.hw.EqeDescriptor.TOKEN_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over an EQE in host memory; layout in {@link EqeDescriptor}.
 */
public final class EqeFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at an EQE.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the EQE.
     * @return this flyweight.
     */
    public EqeFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the EQE.
     *
     * @return this flyweight.
     */
    public EqeFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /**
     * Puts the EQE in the state a driver gives every EQE before {@code CREATE_EQ}: zero, owner bit
     * {@link OwnerBit#INITIAL}.
     *
     * @return this flyweight.
     */
    public EqeFlyweight initialise()
    {
        zero(LENGTH_BYTES);
        return owner(OwnerBit.INITIAL == 1);
    }

    /**
     * Whether the EQE holds a new event for a consumer at {@code consumerIndex}.
     *
     * @param consumerIndex the driver's EQ consumer index.
     * @param logEqSize     log2 of the EQ's number of entries.
     * @return {@code true} if the owner bit matches the index's parity.
     */
    public boolean softwareOwned(final long consumerIndex, final int logEqSize)
    {
        return OwnerBit.softwareOwned(owner() ? 1 : 0, consumerIndex, logEqSize);
    }

    /** @return the {@link EqeType} code. */
    public int eventType()
    {
        return u8(EVENT_TYPE_OFFSET);
    }

    /**
     * @param eventType the {@link EqeType} code, 0 to 255.
     * @return this flyweight.
     */
    public EqeFlyweight eventType(final int eventType)
    {
        u8("eventType", EVENT_TYPE_OFFSET, eventType);
        return this;
    }

    /**
     * @param eventType the event type.
     * @return this flyweight.
     */
    public EqeFlyweight eventType(final EqeType eventType)
    {
        return eventType(eventType.code());
    }

    /** @return the CQN, QPN or command slot. */
    public int object()
    {
        return bits32(OBJECT_OFFSET, OBJECT_SHIFT, OBJECT_MASK);
    }

    /**
     * @param object the 24-bit CQN, QPN or command slot.
     * @return this flyweight.
     */
    public EqeFlyweight object(final int object)
    {
        bits32("object", OBJECT_OFFSET, OBJECT_SHIFT, OBJECT_MASK, object);
        return this;
    }

    /** @return the syndrome or command status. */
    public int syndrome()
    {
        return u8(SYNDROME_OFFSET);
    }

    /**
     * @param syndrome a {@link CqeSyndrome}, {@link VendorSyndrome} or {@link CommandStatus} code.
     * @return this flyweight.
     */
    public EqeFlyweight syndrome(final int syndrome)
    {
        u8("syndrome", SYNDROME_OFFSET, syndrome);
        return this;
    }

    /** @return the command token. */
    public int token()
    {
        return u8(TOKEN_OFFSET);
    }

    /**
     * @param token the command header's token, 0 to 255.
     * @return this flyweight.
     */
    public EqeFlyweight token(final int token)
    {
        u8("token", TOKEN_OFFSET, token);
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
    public EqeFlyweight owner(final boolean owner)
    {
        flag8(OWNER_OFFSET, OWNER_SHIFT, owner);
        return this;
    }
}
