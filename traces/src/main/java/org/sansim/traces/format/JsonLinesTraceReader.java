package org.sansim.traces.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the readable form written by {@link JsonLinesTraceWriter}, strictly: every field present with its
 * type and exactly one call per event (fields a call does not define are ignored). Blank lines are skipped.
 * Errors name the line
 * (counting from 1) and what was expected. Not thread-safe.
 */
public final class JsonLinesTraceReader implements TraceReader
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BufferedReader in;
    private final TraceHeader header;
    private int line;

    /**
     * Reads the header line.
     *
     * @param in the trace; closed by {@link #close()}
     * @throws IOException if reading fails or the header is malformed ({@link TraceFormatException})
     */
    public JsonLinesTraceReader(final InputStream in) throws IOException
    {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        final JsonNode h = nextObject();
        if (h == null)
        {
            throw error("expected the header {\"format\":\"sansim-trace\",...}, the trace is empty");
        }
        if (!TraceHeader.FORMAT.equals(h.path("format").asText(null)))
        {
            throw error("expected \"format\":\"sansim-trace\" in the header, got " + h.get("format"));
        }
        final int version = (int)integer(h, "version");
        if (version < 1 || version > TraceHeader.VERSION)
        {
            throw error("expected schema version 1.." + TraceHeader.VERSION + ", got " + version);
        }
        final String unit = text(h, "timeUnit");
        if (!TraceHeader.TIME_UNITS.contains(unit))
        {
            throw error("expected a time unit of " + TraceHeader.TIME_UNITS + ", got \"" + unit + "\"");
        }
        header = new TraceHeader(version, unit);
    }

    @Override
    public TraceHeader header()
    {
        return header;
    }

    @Override
    public TraceEvent next() throws IOException
    {
        final JsonNode e = nextObject();
        if (e == null)
        {
            return null;
        }
        final long time = integer(e, "time");
        final String host = text(e, "host");
        final long process = integer(e, "process");
        if (process < Integer.MIN_VALUE || process > Integer.MAX_VALUE)
        {
            throw error("expected a 32-bit \"process\", got " + process);
        }
        final String thread = text(e, "thread");
        final List<String> kinds = new ArrayList<>();
        e.fieldNames().forEachRemaining(n ->
        {
            if (!List.of("time", "host", "process", "thread").contains(n))
            {
                kinds.add(n);
            }
        });
        if (kinds.size() != 1)
        {
            throw error("expected exactly one of \"wsp\", \"verbs\" or \"socket\", got " + kinds);
        }
        final JsonNode c = e.get(kinds.get(0));
        if (!c.isObject())
        {
            throw error("expected an object in \"" + kinds.get(0) + "\"");
        }
        final TraceCall call = switch (kinds.get(0))
        {
            case "wsp" -> new TraceCall.Wsp(text(c, "function"), integer(c, "socket"), longs(c, "sizesBytes"),
                longs(c, "addresses"), int32(c, "flags"), int32(c, "result"));
            case "verbs" -> new TraceCall.VerbsPost(int32(c, "qpn"), text(c, "opcode"), integer(c, "lengthBytes"),
                integer(c, "localAddress"), int32(c, "lkey"), integer(c, "remoteAddress"), int32(c, "rkey"),
                bool(c, "signalled"), immediate(c));
            case "socket" -> new TraceCall.Socket(text(c, "operation"), integer(c, "socket"), text(c, "peer"),
                integer(c, "sizeBytes"), integer(c, "thinkTime"));
            default -> throw error("expected exactly one of \"wsp\", \"verbs\" or \"socket\", got \"" + kinds.get(0)
                + "\"");
        };
        return new TraceEvent(time, host, (int)process, thread, call);
    }

    private JsonNode nextObject() throws IOException
    {
        String text;
        do
        {
            text = in.readLine();
            if (text == null)
            {
                return null;
            }
            line++;
        }
        while (text.isBlank());
        final JsonNode node;
        try
        {
            node = MAPPER.readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            throw error("expected one JSON object, " + ex.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject())
        {
            throw error("expected one JSON object");
        }
        return node;
    }

    private JsonNode field(final JsonNode o, final String name) throws TraceFormatException
    {
        final JsonNode v = o.get(name);
        if (v == null)
        {
            throw error("expected a field \"" + name + "\"");
        }
        return v;
    }

    private long integer(final JsonNode o, final String name) throws TraceFormatException
    {
        final JsonNode v = field(o, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong())
        {
            throw error("expected a 64-bit integer in \"" + name + "\", got " + v);
        }
        return v.longValue();
    }

    private int int32(final JsonNode o, final String name) throws TraceFormatException
    {
        final JsonNode v = field(o, name);
        if (!v.isIntegralNumber() || !v.canConvertToInt())
        {
            throw error("expected a 32-bit integer in \"" + name + "\", got " + v);
        }
        return v.intValue();
    }

    private String text(final JsonNode o, final String name) throws TraceFormatException
    {
        final JsonNode v = field(o, name);
        if (!v.isTextual())
        {
            throw error("expected a string in \"" + name + "\", got " + v);
        }
        return v.textValue();
    }

    private boolean bool(final JsonNode o, final String name) throws TraceFormatException
    {
        final JsonNode v = field(o, name);
        if (!v.isBoolean())
        {
            throw error("expected true or false in \"" + name + "\", got " + v);
        }
        return v.booleanValue();
    }

    private Integer immediate(final JsonNode o) throws TraceFormatException
    {
        final JsonNode v = field(o, "immediate");
        return v.isNull() ? null : int32(o, "immediate");
    }

    private List<Long> longs(final JsonNode o, final String name) throws TraceFormatException
    {
        final JsonNode v = field(o, name);
        if (!v.isArray())
        {
            throw error("expected an array of integers in \"" + name + "\", got " + v);
        }
        final List<Long> values = new ArrayList<>();
        for (final JsonNode x : v)
        {
            if (!x.isIntegralNumber() || !x.canConvertToLong())
            {
                throw error("expected 64-bit integers in \"" + name + "\", got " + x);
            }
            values.add(x.longValue());
        }
        return values;
    }

    private TraceFormatException error(final String expected)
    {
        return new TraceFormatException("line " + line, expected);
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }
}
