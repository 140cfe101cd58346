package org.sansim.nic.command;

/**
 * What the firmware checks the host-side resources a command names against: bus addresses must lie
 * in host memory, UAR indexes must name a page the doorbell unit has. Immutable.
 */
final class HostResources
{
    /** The page size that queue and ring addresses must be aligned to. */
    static final int PAGE_BYTES = 4096;

    private final long hostMemoryBytes;
    private final int uarPages;

    /**
     * @param hostMemoryBytes bytes of host memory from bus address 0
     * @param uarPages UAR pages in BAR 0
     */
    HostResources(final long hostMemoryBytes, final int uarPages)
    {
        this.hostMemoryBytes = hostMemoryBytes;
        this.uarPages = uarPages;
    }

    /**
     * @param pa a bus address
     * @param bytes a length in bytes
     * @return whether {@code [pa, pa + bytes)} lies in host memory (false for a negative address or length)
     */
    boolean inHostMemory(final long pa, final long bytes)
    {
        return pa >= 0 && bytes >= 0 && pa <= hostMemoryBytes - bytes;
    }

    /**
     * @param uar a UAR index from a command's input
     * @return whether that UAR page exists
     */
    boolean uarExists(final int uar)
    {
        return uar >= 0 && uar < uarPages;
    }
}
