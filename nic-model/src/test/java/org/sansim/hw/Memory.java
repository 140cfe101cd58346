package org.sansim.hw;

import java.util.HexFormat;

import org.sansim.host.PhysicalMemory;

/** Test helpers over a small host memory. */
final class Memory
{
    private Memory()
    {
    }

    static PhysicalMemory small()
    {
        return new PhysicalMemory("hw-test", 1 << 20);
    }

    /** The bytes at {@code pa} as lower-case hex without separators. */
    static String hex(final PhysicalMemory memory, final long pa, final int length)
    {
        final byte[] bytes = new byte[length];
        memory.read(pa, bytes, 0, length);
        return HexFormat.of().formatHex(bytes);
    }

    /** Hex with spaces for readability, as in the expected strings of the tests. */
    static String compact(final String spaced)
    {
        return spaced.replace(" ", "");
    }
}
