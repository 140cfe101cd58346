package org.sansim.traces.format;

import java.io.IOException;

/**
 * A trace does not follow its format. The message names the place (a line of the JSON-lines form, a byte
 * offset of the binary form) and what was expected there, for example
 * {@code "line 3: expected a number in \"time\", got \"x\""}.
 */
public final class TraceFormatException extends IOException
{
    /** Serialisation version of this exception type. */
    private static final long serialVersionUID = 1L;

    /**
     * @param place    {@code "line N"} or {@code "byte offset N"}
     * @param expected what was expected and what was found
     */
    public TraceFormatException(final String place, final String expected)
    {
        super(place + ": " + expected);
    }
}
