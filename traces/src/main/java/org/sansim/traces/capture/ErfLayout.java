package org.sansim.traces.capture;

/**
 * The Endace ERF record header, as link type 197 (LINKTYPE_ERF) carries one per captured packet: a 16-byte
 * generic header, optional 8-byte extension headers, then the record's payload. For record types 21
 * ({@link #TYPE_INFINIBAND}) and 25 ({@link #TYPE_INFINIBAND_LINK}) the payload is a whole InfiniBand packet
 * from the first byte of its LRH through the VCRC.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |    timestamp, 64 bits LITTLE-endian: seconds &lt;&lt; 32 | binary   |  TIMESTAMP_OFFSET = 0
 * |    fraction of a second                                       |
 * +-+-------------+---------------+-------------------------------+
 * |X| type (7)    |     flags     |     rlen (record length)      |  TYPE_OFFSET = 8, FLAGS_OFFSET = 9,
 * +-+-------------+---------------+-------------------------------+  RLEN_OFFSET = 10
 * |    lctr (loss counter)        |     wlen (wire length)        |  LCTR_OFFSET = 12, WLEN_OFFSET = 14
 * +-------------------------------+-------------------------------+
 * |  extension headers, 8 bytes each while the previous one's top bit (X for the first) is set  |  16
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>rlen, lctr and wlen are big-endian; rlen counts the whole record including this header and any
 * padding. Flags: bits 1-0 the capture interface, bit 2 varying length, bit 3 truncated, bit 4 receive error.
 */
public final class ErfLayout
{
    /** Offset of the 64-bit little-endian fixed-point timestamp. */
    public static final int TIMESTAMP_OFFSET = 0;
    /** Offset of the type byte: bit 7 = an extension header follows, bits 6-0 = record type. */
    public static final int TYPE_OFFSET = 8;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = 9;
    /** Offset of the 16-bit big-endian record length. */
    public static final int RLEN_OFFSET = 10;
    /** Offset of the 16-bit big-endian loss counter. */
    public static final int LCTR_OFFSET = 12;
    /** Offset of the 16-bit big-endian wire length. */
    public static final int WLEN_OFFSET = 14;
    /** Length of the generic header in bytes. */
    public static final int HEADER_LENGTH_BYTES = 16;
    /** Length of one extension header in bytes. */
    public static final int EXTENSION_HEADER_LENGTH_BYTES = 8;
    /** Bit of the type byte (and of each extension header's first byte) saying another extension header follows. */
    public static final int MORE_EXTENSIONS_BIT = 0x80;
    /** Record type of an InfiniBand packet. */
    public static final int TYPE_INFINIBAND = 21;
    /** Record type of an InfiniBand packet on a link (as {@link #TYPE_INFINIBAND} for decoding). */
    public static final int TYPE_INFINIBAND_LINK = 25;
    /** Flag: the record was truncated by the capture. */
    public static final int FLAG_TRUNCATED = 0x08;
    /** Flag: the hardware saw a receive error. */
    public static final int FLAG_RX_ERROR = 0x10;

    private static final long NS_PER_S = 1_000_000_000L;

    private ErfLayout()
    {
    }

    /**
     * Converts an ERF timestamp to nanoseconds, rounding the binary fraction down.
     *
     * @param erfTimestamp the 64-bit value: seconds in the high 32 bits, a binary fraction in the low 32
     * @return nanoseconds since the epoch
     */
    public static long timestampToNs(final long erfTimestamp)
    {
        final long seconds = erfTimestamp >>> 32;
        final long fraction = erfTimestamp & 0xFFFF_FFFFL;
        return seconds * NS_PER_S + (fraction * NS_PER_S >>> 32);
    }

    /**
     * The inverse of {@link #timestampToNs}, for writing records; exact for the nanoseconds it returns back.
     *
     * @param timeNs nanoseconds since the epoch, &gt;= 0
     * @return the ERF timestamp
     */
    public static long nsToTimestamp(final long timeNs)
    {
        final long seconds = timeNs / NS_PER_S;
        final long ns = timeNs % NS_PER_S;
        final long fraction = ((ns << 32) + NS_PER_S - 1) / NS_PER_S;
        return seconds << 32 | fraction;
    }
}
