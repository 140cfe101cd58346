package org.sansim.traces.pcap;

import java.io.IOException;

/**
 * A capture file does not follow its format. The message names the byte offset (from the start of the
 * stream) and what was expected there, for example
 * {@code "pcapng: at byte offset 28: expected block total length >= 12 and a multiple of 4, got 13"}.
 */
public final class PcapFormatException extends IOException
{
    /** Serialisation version of this exception type. */
    private static final long serialVersionUID = 1L;

    /** Offset of the offending field from the start of the stream. */
    private final long byteOffset;

    /**
     * @param format     format name used as the message prefix ({@code "pcap"}, {@code "pcapng"})
     * @param byteOffset offset of the offending field from the start of the stream
     * @param expected   what was expected and what was found
     */
    public PcapFormatException(final String format, final long byteOffset, final String expected)
    {
        super(format + ": at byte offset " + byteOffset + ": " + expected);
        this.byteOffset = byteOffset;
    }

    /** @return offset of the offending field from the start of the stream */
    public long byteOffset()
    {
        return byteOffset;
    }
}
