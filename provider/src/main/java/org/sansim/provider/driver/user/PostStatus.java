package org.sansim.provider.driver.user;

/**
 * Result codes of the posting calls, errno values as the verbs provider returns them (a post never
 * throws for a caller error).
 */
public final class PostStatus
{
    /** Posted. */
    public static final int OK = 0;

    /** The queue has no room, too many SGEs, or the inline data exceeds the maximum. */
    public static final int ENOMEM = 12;

    /** The request is malformed (opcode and segments do not fit together). */
    public static final int EINVAL = 22;

    private PostStatus()
    {
    }
}
