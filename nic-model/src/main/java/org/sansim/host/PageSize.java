package org.sansim.host;

/**
 * The page sizes a host supports: 4 KiB base pages and 2 MiB huge pages.
 *
 * <p>A page or frame of a given size is always naturally aligned: its address is a multiple of
 * {@link #bytes()}.
 */
public enum PageSize
{
    /** A 4 KiB base page. */
    SIZE_4K(12),

    /** A 2 MiB huge page (512 base pages). */
    SIZE_2M(21);

    private final int shift;
    private final long bytes;
    private final long mask;

    PageSize(final int shift)
    {
        this.shift = shift;
        this.bytes = 1L << shift;
        this.mask = bytes - 1;
    }

    /**
     * The size of a page.
     *
     * @return the number of bytes in a page of this size: 4096 or 2097152.
     */
    public long bytes()
    {
        return bytes;
    }

    /**
     * The base-2 logarithm of the page size.
     *
     * @return 12 for 4 KiB pages, 21 for 2 MiB pages.
     */
    public int shift()
    {
        return shift;
    }

    /**
     * The offset mask of a page: {@code address & mask()} is the offset inside the page and
     * {@code address & ~mask()} the start of the page.
     *
     * @return {@code bytes() - 1}.
     */
    public long mask()
    {
        return mask;
    }
}
