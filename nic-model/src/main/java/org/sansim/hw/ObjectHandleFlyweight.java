package org.sansim.hw;

import static org.sansim.hw.ObjectHandleDescriptor.LENGTH_BYTES;
import static org.sansim.hw.ObjectHandleDescriptor.OBJECT_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over an object handle in a command mailbox; layout in {@link ObjectHandleDescriptor}.
 */
public final class ObjectHandleFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at an object handle.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the handle (a mailbox).
     * @return this flyweight.
     */
    public ObjectHandleFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the handle.
     *
     * @return this flyweight.
     */
    public ObjectHandleFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the object number or key. */
    public int object()
    {
        return i32(OBJECT_OFFSET);
    }

    /**
     * @param object a 24-bit QPN, CQN or EQN, or a whole memory key.
     * @return this flyweight.
     */
    public ObjectHandleFlyweight object(final int object)
    {
        i32(OBJECT_OFFSET, object);
        return this;
    }
}
