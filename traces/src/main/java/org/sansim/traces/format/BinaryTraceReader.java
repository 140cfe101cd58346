package org.sansim.traces.format;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the compact form of a trace ({@link BinaryTraceLayout}). Errors name the byte offset of the field
 * found wrong, or where the input ended inside an event. Not thread-safe.
 */
public final class BinaryTraceReader implements TraceReader
{
    private final CountingStream counting;
    private final DataInputStream in;
    private final TraceHeader header;
    private long fieldOffset;

    /**
     * Reads and checks the header.
     *
     * @param in the trace; closed by {@link #close()}
     * @throws IOException if reading fails or the header is malformed ({@link TraceFormatException})
     */
    public BinaryTraceReader(final InputStream in) throws IOException
    {
        counting = new CountingStream(new BufferedInputStream(in, 1 << 16));
        this.in = new DataInputStream(counting);
        try
        {
            mark();
            final int magic = this.in.readInt();
            if (magic != BinaryTraceLayout.MAGIC)
            {
                throw error(String.format("expected magic \"SSTR\" (0x53535452), got 0x%08X", magic));
            }
            mark();
            final int version = this.in.readUnsignedShort();
            if (version < 1 || version > TraceHeader.VERSION)
            {
                throw error("expected schema version 1.." + TraceHeader.VERSION + ", got " + version);
            }
            mark();
            final int unit = this.in.readUnsignedByte();
            if (unit >= TraceHeader.TIME_UNITS.size())
            {
                throw error("expected a time unit code 0.." + (TraceHeader.TIME_UNITS.size() - 1) + ", got " + unit);
            }
            this.in.readUnsignedByte();
            header = new TraceHeader(version, TraceHeader.TIME_UNITS.get(unit));
        }
        catch (final EOFException e)
        {
            throw error("expected an 8-byte header, the trace ends after " + counting.count);
        }
    }

    @Override
    public TraceHeader header()
    {
        return header;
    }

    @Override
    public TraceEvent next() throws IOException
    {
        mark();
        final int kind = in.read();
        if (kind < 0)
        {
            return null;
        }
        try
        {
            if (kind < BinaryTraceLayout.KIND_WSP || kind > BinaryTraceLayout.KIND_SOCKET)
            {
                throw error("expected an event kind 1 (WSP), 2 (verbs) or 3 (socket), got " + kind);
            }
            final long time = in.readLong();
            final String host = utf();
            final int process = in.readInt();
            final String thread = utf();
            final TraceCall call;
            if (kind == BinaryTraceLayout.KIND_WSP)
            {
                final String function = utf();
                final long socket = in.readLong();
                final List<Long> sizes = longs();
                final List<Long> addresses = longs();
                call = new TraceCall.Wsp(function, socket, sizes, addresses, in.readInt(), in.readInt());
            }
            else if (kind == BinaryTraceLayout.KIND_VERBS)
            {
                final int qpn = in.readInt();
                final String opcode = utf();
                final long length = in.readLong();
                final long local = in.readLong();
                final int lkey = in.readInt();
                final long remote = in.readLong();
                final int rkey = in.readInt();
                mark();
                final int flags = in.readUnsignedByte();
                if ((flags & ~(BinaryTraceLayout.FLAG_SIGNALLED | BinaryTraceLayout.FLAG_IMMEDIATE)) != 0)
                {
                    throw error(String.format("expected verbs flags within 0x03, got 0x%02X", flags));
                }
                final int immediate = in.readInt();
                call = new TraceCall.VerbsPost(qpn, opcode, length, local, lkey, remote, rkey,
                    (flags & BinaryTraceLayout.FLAG_SIGNALLED) != 0,
                    (flags & BinaryTraceLayout.FLAG_IMMEDIATE) != 0 ? Integer.valueOf(immediate) : null);
            }
            else
            {
                call = new TraceCall.Socket(utf(), in.readLong(), utf(), in.readLong(), in.readLong());
            }
            return new TraceEvent(time, host, process, thread, call);
        }
        catch (final EOFException e)
        {
            throw new TraceFormatException("byte offset " + counting.count, "expected the rest of the event that "
                + "starts at byte offset " + fieldOffset + ", the trace ended");
        }
    }

    private void mark()
    {
        fieldOffset = counting.count;
    }

    private String utf() throws IOException
    {
        mark();
        try
        {
            return in.readUTF();
        }
        catch (final UTFDataFormatException e)
        {
            throw error("expected a string in modified UTF-8");
        }
    }

    private List<Long> longs() throws IOException
    {
        mark();
        final int n = in.readInt();
        if (n < 0 || n > BinaryTraceLayout.MAX_LIST_LENGTH)
        {
            throw error("expected a list length 0.." + BinaryTraceLayout.MAX_LIST_LENGTH + ", got " + n);
        }
        final List<Long> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            values.add(in.readLong());
        }
        return values;
    }

    private TraceFormatException error(final String expected)
    {
        return new TraceFormatException("byte offset " + fieldOffset, expected);
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }

    /** Counts the bytes read, for error messages. */
    private static final class CountingStream extends FilterInputStream
    {
        long count;

        CountingStream(final InputStream in)
        {
            super(in);
        }

        @Override
        public int read() throws IOException
        {
            final int b = super.read();
            if (b >= 0)
            {
                count++;
            }
            return b;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            final int n = super.read(b, off, len);
            if (n > 0)
            {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(final long n) throws IOException
        {
            final long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
