package org.sansim.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code org.sansim.DmaTransfer}: a DMA gather (host to NIC) or scatter (NIC to host) that completed.
 * Emitted through {@link SimJfr}, only while {@link SimJfr#enabled()}.
 */
@Name("org.sansim.DmaTransfer")
@Label("DMA Transfer")
@Category({"SanSim"})
@Description("A DMA gather (host to NIC) or scatter (NIC to host) that completed.")
@StackTrace(false)
public final class DmaTransferEvent extends SimEvent
{
    /** Gather (read from host memory). */
    @Label("Gather (read from host memory)")
    boolean gather;

    /** Bytes moved. */
    @Label("Bytes moved")
    long bytes;

    /** Latency from submission (ps). */
    @Label("Latency from submission (ps)")
    long latencyPs;
}
