package org.sansim.traces.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes the readable form of a trace: UTF-8 JSON lines, the header object first, then one object per event
 * with the fields in a fixed order, so the same events always give the same bytes.
 *
 * <pre>
 * {"format":"sansim-trace","version":2,"timeUnit":"ps"}
 * {"time":1000,"host":"node0","process":0,"thread":"main","wsp":{"function":"WSPSend","socket":5,
 *   "sizesBytes":[64],"addresses":[4096],"flags":0,"result":-1}}
 * {"time":2000,"host":"node0","process":0,"thread":"main","verbs":{"qpn":3,"opcode":"RDMA_WRITE",
 *   "lengthBytes":64,"localAddress":4096,"lkey":7,"remoteAddress":8192,"rkey":9,"signalled":true,"immediate":null}}
 * {"time":3000,"host":"node1","process":0,"thread":"t1","socket":{"operation":"send","socket":7,"peer":"",
 *   "sizeBytes":100,"thinkTime":5000}}
 * </pre>
 * (Each event is one line; wrapped here for reading.) Not thread-safe.
 */
public final class JsonLinesTraceWriter implements TraceWriter
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Writer out;
    private final JsonGenerator json;

    /**
     * Writes the header line.
     *
     * @param out    receives the trace; closed by {@link #close()}
     * @param header the header
     * @throws IOException if writing fails
     */
    public JsonLinesTraceWriter(final OutputStream out, final TraceHeader header) throws IOException
    {
        this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        json = FACTORY.createGenerator(this.out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.writeStartObject();
        json.writeStringField("format", TraceHeader.FORMAT);
        json.writeNumberField("version", header.version());
        json.writeStringField("timeUnit", header.timeUnit());
        json.writeEndObject();
        endLine();
    }

    @Override
    public void write(final TraceEvent e) throws IOException
    {
        json.writeStartObject();
        json.writeNumberField("time", e.time());
        json.writeStringField("host", e.host());
        json.writeNumberField("process", e.process());
        json.writeStringField("thread", e.thread());
        if (e.call() instanceof TraceCall.Wsp w)
        {
            json.writeObjectFieldStart("wsp");
            json.writeStringField("function", w.function());
            json.writeNumberField("socket", w.socket());
            longArray("sizesBytes", w.sizesBytes());
            longArray("addresses", w.addresses());
            json.writeNumberField("flags", w.flags());
            json.writeNumberField("result", w.result());
        }
        else if (e.call() instanceof TraceCall.VerbsPost v)
        {
            json.writeObjectFieldStart("verbs");
            json.writeNumberField("qpn", v.qpn());
            json.writeStringField("opcode", v.opcode());
            json.writeNumberField("lengthBytes", v.lengthBytes());
            json.writeNumberField("localAddress", v.localAddress());
            json.writeNumberField("lkey", v.lkey());
            json.writeNumberField("remoteAddress", v.remoteAddress());
            json.writeNumberField("rkey", v.rkey());
            json.writeBooleanField("signalled", v.signalled());
            json.writeFieldName("immediate");
            if (v.immediate() == null)
            {
                json.writeNull();
            }
            else
            {
                json.writeNumber(v.immediate());
            }
        }
        else if (e.call() instanceof TraceCall.Socket s)
        {
            json.writeObjectFieldStart("socket");
            json.writeStringField("operation", s.operation());
            json.writeNumberField("socket", s.socket());
            json.writeStringField("peer", s.peer());
            json.writeNumberField("sizeBytes", s.sizeBytes());
            json.writeNumberField("thinkTime", s.thinkTime());
        }
        json.writeEndObject();
        json.writeEndObject();
        endLine();
    }

    private void longArray(final String name, final java.util.List<Long> values) throws IOException
    {
        json.writeArrayFieldStart(name);
        for (final long v : values)
        {
            json.writeNumber(v);
        }
        json.writeEndArray();
    }

    private void endLine() throws IOException
    {
        json.flush();
        out.write('\n');
    }

    @Override
    public void close() throws IOException
    {
        json.close();
        out.close();
    }
}
