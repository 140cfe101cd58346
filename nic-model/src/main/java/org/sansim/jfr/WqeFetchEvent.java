package org.sansim.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code org.sansim.WqeFetch}: a work-queue entry the WQE fetcher handed to the transport.
 * Emitted through {@link SimJfr}, only while {@link SimJfr#enabled()}.
 */
@Name("org.sansim.WqeFetch")
@Label("WQE Fetch")
@Category({"SanSim"})
@Description("A work-queue entry the WQE fetcher handed to the transport.")
@StackTrace(false)
public final class WqeFetchEvent extends SimEvent
{
    /** QP number. */
    @Label("QP number")
    int qpn;

    /** WQE index. */
    @Label("WQE index")
    int wqeIndex;

    /** Found in the WQE cache (prefetched). */
    @Label("Found in the WQE cache (prefetched)")
    boolean cacheHit;

    /** Written through the BlueFlame register. */
    @Label("Written through the BlueFlame register")
    boolean blueFlame;
}
