package org.sansim.hw;

import static org.sansim.hw.RemoteAddressSegmentDescriptor.LENGTH_BYTES;
import static org.sansim.hw.RemoteAddressSegmentDescriptor.REMOTE_ADDRESS_OFFSET;
import static org.sansim.hw.RemoteAddressSegmentDescriptor.RKEY_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a remote-address segment in host memory; layout in
 * {@link RemoteAddressSegmentDescriptor}.
 */
public final class RemoteAddressSegmentFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a remote-address segment.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the segment.
     * @return this flyweight.
     */
    public RemoteAddressSegmentFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the segment.
     *
     * @return this flyweight.
     */
    public RemoteAddressSegmentFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the remote virtual address. */
    public long remoteAddress()
    {
        return i64(REMOTE_ADDRESS_OFFSET);
    }

    /**
     * @param remoteAddress the virtual address in the responder's region.
     * @return this flyweight.
     */
    public RemoteAddressSegmentFlyweight remoteAddress(final long remoteAddress)
    {
        i64(REMOTE_ADDRESS_OFFSET, remoteAddress);
        return this;
    }

    /** @return the rkey. */
    public int rkey()
    {
        return i32(RKEY_OFFSET);
    }

    /**
     * @param rkey the responder's memory key.
     * @return this flyweight.
     */
    public RemoteAddressSegmentFlyweight rkey(final int rkey)
    {
        i32(RKEY_OFFSET, rkey);
        return this;
    }
}
