package org.sansim.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code org.sansim.Doorbell}: a send doorbell the NIC's doorbell unit decoded.
 * Emitted through {@link SimJfr}, only while {@link SimJfr#enabled()}.
 */
@Name("org.sansim.Doorbell")
@Label("Doorbell")
@Category({"SanSim"})
@Description("A send doorbell the NIC's doorbell unit decoded.")
@StackTrace(false)
public final class DoorbellEvent extends SimEvent
{
    /** QP number. */
    @Label("QP number")
    int qpn;

    /** Send producer counter (basic blocks). */
    @Label("Send producer counter (basic blocks)")
    int wqeCounter;
}
