package org.sansim.traces.mpi;

/**
 * Reads protobuf's wire format (varints, fixed 32- and 64-bit values, length-delimited fields) from
 * a byte array, and names the file and the byte offset when the bytes run out or a field is malformed.
 * Only what the Chakra reader needs: no schema, no reflection.
 */
final class ProtobufCursor
{
    /** Wire type of a varint. */
    static final int VARINT = 0;
    /** Wire type of a fixed 64-bit value. */
    static final int FIXED64 = 1;
    /** Wire type of a length-delimited value. */
    static final int LENGTH_DELIMITED = 2;
    /** Wire type of a fixed 32-bit value. */
    static final int FIXED32 = 5;

    private final String file;
    private final byte[] data;
    private int pos;
    private final int end;

    ProtobufCursor(final String file, final byte[] data, final int start, final int end)
    {
        this.file = file;
        this.data = data;
        this.pos = start;
        this.end = end;
    }

    boolean hasMore()
    {
        return pos < end;
    }

    int pos()
    {
        return pos;
    }

    long varint(final String what)
    {
        final int at = pos;
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= end)
            {
                throw new MpiTraceException(file + ": byte offset " + at + ": expected a varint (" + what
                    + "), the " + (end == data.length ? "file" : "message") + " ends");
            }
            final int b = data[pos++];
            v |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return v;
            }
        }
        throw new MpiTraceException(file + ": byte offset " + at + ": expected a varint (" + what
            + ") of at most 10 bytes");
    }

    /**
     * @return a sub-cursor over a length-delimited value, this cursor past it
     */
    ProtobufCursor message(final String what)
    {
        final int at = pos;
        final long length = varint("the length of " + what);
        if (length < 0 || length > end - pos)
        {
            throw new MpiTraceException(file + ": byte offset " + at + ": expected " + what + " of " + length
                + " bytes, only " + (end - pos) + " are left");
        }
        final ProtobufCursor sub = new ProtobufCursor(file, data, pos, pos + (int)length);
        pos += (int)length;
        return sub;
    }

    String string(final String what)
    {
        final ProtobufCursor s = message(what);
        return new String(data, s.pos, s.end - s.pos, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Skips a field's value of the given wire type. */
    void skip(final int wireType, final String what)
    {
        final int at = pos;
        switch (wireType)
        {
            case VARINT -> varint(what);
            case FIXED64 -> advance(8, at, what);
            case LENGTH_DELIMITED -> message(what);
            case FIXED32 -> advance(4, at, what);
            default -> throw new MpiTraceException(file + ": byte offset " + at + ": " + what + ": wire type "
                + wireType + " is not one of protobuf's (0, 1, 2, 5)");
        }
    }

    long fixed64(final String what)
    {
        final int at = pos;
        advance(8, at, what);
        long v = 0;
        for (int i = 7; i >= 0; i--)
        {
            v = v << 8 | data[at + i] & 0xFF;
        }
        return v;
    }

    MpiTraceException fail(final int at, final String message)
    {
        return new MpiTraceException(file + ": byte offset " + at + ": " + message);
    }

    private void advance(final int bytes, final int at, final String what)
    {
        if (end - pos < bytes)
        {
            throw new MpiTraceException(file + ": byte offset " + at + ": expected " + bytes + " bytes of " + what
                + ", only " + (end - pos) + " are left");
        }
        pos += bytes;
    }
}
