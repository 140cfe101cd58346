package org.sansim.hw;

/**
 * Access rights of a memory region (the MPT entry's {@code ACCESS}) and of a queue pair's responder
 * (the QP context's {@code ACCESS}, where only the remote bits count), as bits of one int
 * (HARDWARE.md 11.2).
 */
public final class AccessFlags
{
    /** The NIC may read the region for this host's own WQEs (gather). */
    public static final int LOCAL_READ = 0x01;
    /** The NIC may write the region for this host's own WQEs (scatter). */
    public static final int LOCAL_WRITE = 0x02;
    /** A remote RDMA_READ may read the region. */
    public static final int REMOTE_READ = 0x04;
    /** A remote RDMA_WRITE may write the region. */
    public static final int REMOTE_WRITE = 0x08;
    /** A remote atomic may read and write the region. */
    public static final int REMOTE_ATOMIC = 0x10;

    private static final int ALL = LOCAL_READ | LOCAL_WRITE | REMOTE_READ | REMOTE_WRITE | REMOTE_ATOMIC;

    private AccessFlags()
    {
    }

    /**
     * Whether a set of flags grants everything needed.
     *
     * @param granted the flags of the region.
     * @param needed  the flags the access needs.
     * @return {@code true} if every bit of {@code needed} is in {@code granted}.
     */
    public static boolean grants(final int granted, final int needed)
    {
        return (granted & needed) == needed;
    }

    /**
     * Whether a set of flags may be registered: only defined bits, and remote write or atomic only
     * together with local write (otherwise {@code CREATE_MKEY} fails with {@code BAD_PARAM}).
     *
     * @param flags the flags.
     * @return {@code true} if {@code CREATE_MKEY} accepts them.
     */
    public static boolean valid(final int flags)
    {
        if ((flags & ~ALL) != 0)
        {
            return false;
        }
        return (flags & (REMOTE_WRITE | REMOTE_ATOMIC)) == 0 || (flags & LOCAL_WRITE) != 0;
    }
}
