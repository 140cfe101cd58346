package org.sansim.hw;

/**
 * Memory keys (lkey and rkey): {@code key = (MPT index << 8) | variant} (HARDWARE.md 11.1).
 *
 * <pre>
 *  31                                              8 7             0
 * +-------------------------------------------------+---------------+
 * |                 MPT index (24)                  |  variant (8)  |
 * +-------------------------------------------------+---------------+
 * </pre>
 *
 * <p>MPT index 0 is never allocated, so {@link #NULL_KEY} is never valid; it also terminates a
 * receive WQE's scatter list.
 */
public final class MemoryKey
{
    /** The key that is never valid. */
    public static final int NULL_KEY = 0;
    /** Bits of the variant below the index. */
    public static final int INDEX_SHIFT = 8;
    /** The largest MPT index. */
    public static final int MAX_INDEX = 0xFF_FFFF;
    /** Mask of the variant. */
    public static final int VARIANT_MASK = 0xFF;

    private MemoryKey()
    {
    }

    /**
     * Builds a key.
     *
     * @param index   the MPT index, 1 to {@link #MAX_INDEX}.
     * @param variant the variant, 0 to 255.
     * @return the key.
     * @throws IllegalArgumentException if either part is out of range.
     */
    public static int of(final int index, final int variant)
    {
        if (index == 0)
        {
            throw new IllegalArgumentException("MPT index 0 is reserved");
        }
        HostFlyweight.check("index", index, MAX_INDEX);
        HostFlyweight.check("variant", variant, VARIANT_MASK);
        return index << INDEX_SHIFT | variant;
    }

    /**
     * The MPT index of a key.
     *
     * @param key the key.
     * @return bits 31:8.
     */
    public static int index(final int key)
    {
        return key >>> INDEX_SHIFT;
    }

    /**
     * The variant of a key.
     *
     * @param key the key.
     * @return bits 7:0.
     */
    public static int variant(final int key)
    {
        return key & VARIANT_MASK;
    }

    /**
     * The variant to use after another, as a driver's rolling counter.
     *
     * @param variant the last variant.
     * @return the next one, wrapping from 255 to 0.
     */
    public static int nextVariant(final int variant)
    {
        return (variant + 1) & VARIANT_MASK;
    }
}
