package org.sansim.provider.wsp;

import org.sansim.host.AddressSpace;

/**
 * The provider's RDMA buffer descriptor, returned by {@code WSPRegisterRdmaMemory}, sent verbatim
 * to the peer by the switch and handed back to the peer's {@code WSPRdmaWrite}/{@code WSPRdmaRead}
 * as the target. Its format is the provider's own (the SPI leaves it open); 24 bytes, little-endian,
 * in the caller's memory:
 *
 * <pre>
 *  byte 0                8           12            16                       24
 *      +-----------------+-----------+-------------+------------------------+
 *      | iova (u64)      | rkey (u32)| length (u32)| handle (u64)           |
 *      +-----------------+-----------+-------------+------------------------+
 * </pre>
 *
 * {@code iova} is the registered virtual address (the remote address used is
 * {@code iova + dwTargetBufferOffset}), {@code rkey} the memory key the peer's NIC checks,
 * {@code length} the registered bytes, {@code handle} the registration's handle, meaningful only
 * on the registering side (to deregister by descriptor).
 */
public final class RdmaDescriptor
{
    /** Bytes of a descriptor; a shorter block is refused. */
    public static final int LENGTH_BYTES = 24;
    /** Offset of the 64-bit registered address. */
    public static final int IOVA_OFFSET = 0;
    /** Offset of the 32-bit remote key. */
    public static final int RKEY_OFFSET = 8;
    /** Offset of the 32-bit registered length. */
    public static final int LENGTH_OFFSET = 12;
    /** Offset of the 64-bit registration handle. */
    public static final int HANDLE_OFFSET = 16;

    private RdmaDescriptor()
    {
    }

    /**
     * Writes a descriptor.
     *
     * @param space the caller's address space
     * @param at where the descriptor goes
     * @param iova the registered address
     * @param rkey the remote key
     * @param lengthBytes the registered length
     * @param handle the registration's handle
     * @return {@link AddressSpace#OK} or {@link AddressSpace#FAULT}
     */
    public static int write(final AddressSpace space, final long at, final long iova, final int rkey,
        final int lengthBytes, final long handle)
    {
        if (space.putLongLE(at + IOVA_OFFSET, iova) != AddressSpace.OK
            || space.putIntLE(at + RKEY_OFFSET, rkey) != AddressSpace.OK
            || space.putIntLE(at + LENGTH_OFFSET, lengthBytes) != AddressSpace.OK
            || space.putLongLE(at + HANDLE_OFFSET, handle) != AddressSpace.OK)
        {
            return AddressSpace.FAULT;
        }
        return AddressSpace.OK;
    }
}
