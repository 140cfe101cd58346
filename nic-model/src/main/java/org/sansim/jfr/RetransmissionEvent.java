package org.sansim.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code org.sansim.Retransmission}: a request packet the RC requester sent again.
 * Emitted through {@link SimJfr}, only while {@link SimJfr#enabled()}.
 */
@Name("org.sansim.Retransmission")
@Label("Retransmission")
@Category({"SanSim"})
@Description("A request packet the RC requester sent again.")
@StackTrace(false)
public final class RetransmissionEvent extends SimEvent
{
    /** QP number. */
    @Label("QP number")
    int qpn;

    /** PSN sent again. */
    @Label("PSN sent again")
    int psn;
}
