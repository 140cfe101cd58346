package org.sansim.tools.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** JSON output of commands: one object per line unless pretty-printing is asked for. */
final class Json
{
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);

    private Json()
    {
    }

    static String write(final Object value)
    {
        try
        {
            return MAPPER.writeValueAsString(value);
        }
        catch (final JsonProcessingException e)
        {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
