package org.sansim.hw;

/**
 * The ownership parity of CQEs and EQEs (HARDWARE.md 9.2).
 *
 * <p>The NIC writes the entry at producer index {@code p} of a ring of {@code 2^logSize} entries
 * with owner bit {@code (p / 2^logSize) & 1}. The driver at consumer index {@code c} owns the entry at
 * slot {@code c mod 2^logSize} exactly when its owner bit equals {@code (c / 2^logSize) & 1}; the
 * driver initialises every owner bit to 1 so that unwritten entries of the first pass look empty.
 * The rule holds across the wrap of a 24-bit index because {@code 2^24} is a multiple of
 * {@code 2^(logSize + 1)} for {@code logSize <= 23}.
 */
public final class OwnerBit
{
    /** The owner bit the driver initialises every entry with. */
    public static final int INITIAL = 1;

    private OwnerBit()
    {
    }

    /**
     * The owner bit of an entry written, or owned by software, at an index.
     *
     * @param index   a producer or consumer index (any width; only bit {@code logSize} matters).
     * @param logSize log2 of the ring's number of entries.
     * @return 0 or 1.
     */
    public static int expected(final long index, final int logSize)
    {
        return (int)(index >>> logSize) & 1;
    }

    /**
     * Whether the entry at the consumer's slot belongs to software.
     *
     * @param ownerBit      the entry's owner bit.
     * @param consumerIndex the driver's consumer index.
     * @param logSize       log2 of the ring's number of entries.
     * @return {@code true} if the entry holds a new completion or event.
     */
    public static boolean softwareOwned(final int ownerBit, final long consumerIndex, final int logSize)
    {
        return ownerBit == expected(consumerIndex, logSize);
    }

    /**
     * The ring slot of an index.
     *
     * @param index   a producer or consumer index.
     * @param logSize log2 of the ring's number of entries.
     * @return {@code index mod 2^logSize}.
     */
    public static int slot(final long index, final int logSize)
    {
        return (int)(index & ((1L << logSize) - 1));
    }
}
