package org.sansim.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code org.sansim.PacketSent}: a frame a NIC port put on its link.
 * Emitted through {@link SimJfr}, only while {@link SimJfr#enabled()}.
 */
@Name("org.sansim.PacketSent")
@Label("Packet Sent")
@Category({"SanSim"})
@Description("A frame a NIC port put on its link.")
@StackTrace(false)
public final class PacketSentEvent extends SimEvent
{
    /** BTH opcode. */
    @Label("BTH opcode")
    int opcode;

    /** Destination QP. */
    @Label("Destination QP")
    int destQp;

    /** PSN. */
    @Label("PSN")
    int psn;

    /** Frame length (bytes). */
    @Label("Frame length (bytes)")
    int lengthBytes;
}
