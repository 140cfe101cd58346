package org.sansim.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code org.sansim.WspCall}: a call into the WSD provider's SPI.
 * Emitted through {@link SimJfr}, only while {@link SimJfr#enabled()}.
 */
@Name("org.sansim.WspCall")
@Label("WSP Call")
@Category({"SanSim"})
@Description("A call into the WSD provider's SPI.")
@StackTrace(false)
public final class WspCallEvent extends SimEvent
{
    /** SPI function. */
    @Label("SPI function")
    String call;

    /** Socket handle. */
    @Label("Socket handle")
    long socket;

    /** Bytes the call names. */
    @Label("Bytes the call names")
    long bytes;

    /** Return value. */
    @Label("Return value")
    int result;
}
