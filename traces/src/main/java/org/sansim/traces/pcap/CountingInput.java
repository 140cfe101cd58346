package org.sansim.traces.pcap;

import java.io.IOException;
import java.io.InputStream;

/** Reads exact byte counts from a stream and tracks the offset, for error messages that name it. */
final class CountingInput
{
    private final InputStream in;
    private final String format;
    private long offset;

    CountingInput(final InputStream in, final String format)
    {
        this.in = in;
        this.format = format;
    }

    /** @return bytes consumed so far */
    long offset()
    {
        return offset;
    }

    /**
     * Reads exactly {@code length} bytes, or none at end of stream.
     *
     * @return false if the stream ended before the first byte (a clean end)
     * @throws PcapFormatException naming the offset of the first byte if it ended after some but not all bytes
     */
    boolean readOrEnd(final byte[] buf, final int length, final String what) throws IOException
    {
        int done = 0;
        while (done < length)
        {
            final int n = in.read(buf, done, length - done);
            if (n < 0)
            {
                if (done == 0)
                {
                    return false;
                }
                throw error(offset, "expected " + length + " bytes of " + what + ", stream ended after "
                    + done);
            }
            done += n;
        }
        offset += length;
        return true;
    }

    /**
     * Reads exactly {@code length} bytes.
     *
     * @throws PcapFormatException if the stream ends first
     */
    void read(final byte[] buf, final int length, final String what) throws IOException
    {
        if (length > 0 && !readOrEnd(buf, length, what))
        {
            throw error(offset, "expected " + length + " bytes of " + what + ", stream ended");
        }
    }

    PcapFormatException error(final long at, final String expected)
    {
        return new PcapFormatException(format, at, expected);
    }
}
