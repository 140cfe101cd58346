package org.sansim.host;

/**
 * Permission bits of a virtual mapping, and the kind of a virtual access. Values are {@code int}
 * bit sets so they cost nothing on the hot path.
 *
 * <p>A mapping grants a non-empty subset of {@link #READ_WRITE}; an access requests one or more
 * bits and is permitted when every requested bit is granted.
 */
public final class Access
{
    /** Permission to read, or a read access. */
    public static final int READ = 1;

    /** Permission to write, or a write access. */
    public static final int WRITE = 2;

    /** Both permissions. */
    public static final int READ_WRITE = READ | WRITE;

    private Access()
    {
    }

    /**
     * Whether a set of granted permissions allows an access.
     *
     * @param granted   the permission bits of a mapping.
     * @param requested the bits the access needs.
     * @return {@code true} when every requested bit is granted.
     */
    public static boolean permits(final int granted, final int requested)
    {
        return (requested & ~granted) == 0;
    }

    /**
     * Whether a value is a valid permission set for a mapping: non-empty and no unknown bits.
     *
     * @param access the permission bits.
     * @return {@code true} when {@code access} is {@link #READ}, {@link #WRITE} or
     *         {@link #READ_WRITE}.
     */
    public static boolean isValid(final int access)
    {
        return access != 0 && (access & ~READ_WRITE) == 0;
    }

    /**
     * A short human-readable form for messages and traces, such as {@code "rw"} or {@code "r-"}.
     *
     * @param access the permission or access bits.
     * @return two characters, {@code r} or {@code -} then {@code w} or {@code -}, plus the
     *         unknown bits in hexadecimal if there are any.
     */
    public static String toString(final int access)
    {
        final String bits = ((access & READ) != 0 ? "r" : "-") + ((access & WRITE) != 0 ? "w" : "-");
        final int unknown = access & ~READ_WRITE;
        return unknown == 0 ? bits : bits + "+0x" + Integer.toHexString(unknown);
    }
}
