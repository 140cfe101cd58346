package org.sansim.wire;

import java.util.HexFormat;

/** Test helper: hex dumps with whitespace, and frame bytes as hex for readable assertion failures. */
final class Hex
{
    private Hex()
    {
    }

    /** Parses hex digits, ignoring whitespace. */
    static byte[] bytes(final String hex)
    {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    /** Formats {@code length} bytes from {@code offset} as lowercase hex without separators. */
    static String of(final byte[] buf, final int offset, final int length)
    {
        return HexFormat.of().formatHex(buf, offset, offset + length);
    }
}
