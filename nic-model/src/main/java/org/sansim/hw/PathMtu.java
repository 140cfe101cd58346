package org.sansim.hw;

/**
 * The path MTU of a queue pair, in the QP context's {@code PATH_MTU} (HARDWARE.md 5.8): the largest
 * payload of one packet.
 */
public enum PathMtu
{
    /** 256-byte payloads. */
    MTU_256(1, 256),
    /** 512-byte payloads. */
    MTU_512(2, 512),
    /** 1024-byte payloads. */
    MTU_1024(3, 1024),
    /** 2048-byte payloads. */
    MTU_2048(4, 2048),
    /** 4096-byte payloads. */
    MTU_4096(5, 4096);

    private static final PathMtu[] VALUES = values();

    private final int code;
    private final int bytes;

    PathMtu(final int code, final int bytes)
    {
        this.code = code;
        this.bytes = bytes;
    }

    /**
     * The encoding in the QP context.
     *
     * @return the 4-bit code.
     */
    public int code()
    {
        return code;
    }

    /**
     * The payload size.
     *
     * @return bytes per packet.
     */
    public int bytes()
    {
        return bytes;
    }

    /**
     * Decodes a path MTU.
     *
     * @param code the 4-bit code.
     * @return the MTU, or {@code null} if the code is not one.
     */
    public static PathMtu of(final int code)
    {
        return code >= 1 && code <= VALUES.length ? VALUES[code - 1] : null;
    }
}
