package org.sansim.traces.mpi;

/**
 * Reads big-endian integers from a file's bytes and names the file, the byte offset and what was being
 * read when the bytes run out, so a truncated trace gives one clear line.
 */
final class ByteCursor
{
    private final String file;
    private final byte[] data;
    private int pos;

    ByteCursor(final String file, final byte[] data, final int pos)
    {
        this.file = file;
        this.data = data;
        this.pos = pos;
    }

    int length()
    {
        return data.length;
    }

    int pos()
    {
        return pos;
    }

    void seek(final long offset, final String what)
    {
        if (offset < 0 || offset > data.length)
        {
            throw fail(what + " at byte offset " + offset + ", past the end of the file (" + data.length + " bytes)");
        }
        pos = (int)offset;
    }

    int u8(final String what)
    {
        need(1, what);
        return data[pos++] & 0xFF;
    }

    int u16(final String what)
    {
        need(2, what);
        final int v = (data[pos] & 0xFF) << 8 | data[pos + 1] & 0xFF;
        pos += 2;
        return v;
    }

    int i32(final String what)
    {
        need(4, what);
        final int v = (data[pos] & 0xFF) << 24 | (data[pos + 1] & 0xFF) << 16 | (data[pos + 2] & 0xFF) << 8
            | data[pos + 3] & 0xFF;
        pos += 4;
        return v;
    }

    long u64(final String what)
    {
        final long high = i32(what) & 0xFFFF_FFFFL;
        return high << 32 | i32(what) & 0xFFFF_FFFFL;
    }

    /**
     * Reads a count written as a 32-bit integer and checks it against the bytes left.
     *
     * @param bytesEach bytes each counted item takes at least
     */
    int count(final String what, final int bytesEach)
    {
        final int at = pos;
        final int n = i32(what);
        if (n < 0 || (long)n * bytesEach > data.length - pos)
        {
            throw new MpiTraceException(file + ": byte offset " + at + ": expected a count of " + what + " that fits in "
                + "the file, got " + n);
        }
        return n;
    }

    void skip(final int bytes, final String what)
    {
        need(bytes, what);
        pos += bytes;
    }

    MpiTraceException fail(final String message)
    {
        return new MpiTraceException(file + ": byte offset " + pos + ": " + message);
    }

    private void need(final int bytes, final String what)
    {
        if (data.length - pos < bytes)
        {
            throw new MpiTraceException(file + ": byte offset " + pos + ": expected " + bytes + " more bytes of " + what
                + ", the file ends (" + data.length + " bytes)");
        }
    }
}
