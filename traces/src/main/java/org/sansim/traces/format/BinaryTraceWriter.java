package org.sansim.traces.format;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Writes the compact form of a trace ({@link BinaryTraceLayout}). Not thread-safe. */
public final class BinaryTraceWriter implements TraceWriter
{
    private final DataOutputStream out;

    /**
     * Writes the header.
     *
     * @param out    receives the trace; closed by {@link #close()}
     * @param header the header
     * @throws IOException if writing fails
     */
    public BinaryTraceWriter(final OutputStream out, final TraceHeader header) throws IOException
    {
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        this.out.writeInt(BinaryTraceLayout.MAGIC);
        this.out.writeShort(header.version());
        this.out.writeByte(TraceHeader.TIME_UNITS.indexOf(header.timeUnit()));
        this.out.writeByte(0);
    }

    @Override
    public void write(final TraceEvent e) throws IOException
    {
        final TraceCall c = e.call();
        out.writeByte(c instanceof TraceCall.Wsp ? BinaryTraceLayout.KIND_WSP
            : c instanceof TraceCall.VerbsPost ? BinaryTraceLayout.KIND_VERBS : BinaryTraceLayout.KIND_SOCKET);
        out.writeLong(e.time());
        out.writeUTF(e.host());
        out.writeInt(e.process());
        out.writeUTF(e.thread());
        if (c instanceof TraceCall.Wsp w)
        {
            out.writeUTF(w.function());
            out.writeLong(w.socket());
            longs(w.sizesBytes());
            longs(w.addresses());
            out.writeInt(w.flags());
            out.writeInt(w.result());
        }
        else if (c instanceof TraceCall.VerbsPost v)
        {
            out.writeInt(v.qpn());
            out.writeUTF(v.opcode());
            out.writeLong(v.lengthBytes());
            out.writeLong(v.localAddress());
            out.writeInt(v.lkey());
            out.writeLong(v.remoteAddress());
            out.writeInt(v.rkey());
            out.writeByte((v.signalled() ? BinaryTraceLayout.FLAG_SIGNALLED : 0)
                | (v.immediate() != null ? BinaryTraceLayout.FLAG_IMMEDIATE : 0));
            out.writeInt(v.immediate() == null ? 0 : v.immediate());
        }
        else if (c instanceof TraceCall.Socket s)
        {
            out.writeUTF(s.operation());
            out.writeLong(s.socket());
            out.writeUTF(s.peer());
            out.writeLong(s.sizeBytes());
            out.writeLong(s.thinkTime());
        }
    }

    private void longs(final List<Long> values) throws IOException
    {
        if (values.size() > BinaryTraceLayout.MAX_LIST_LENGTH)
        {
            throw new IllegalArgumentException("at most " + BinaryTraceLayout.MAX_LIST_LENGTH + " values per list");
        }
        out.writeInt(values.size());
        for (final long v : values)
        {
            out.writeLong(v);
        }
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
