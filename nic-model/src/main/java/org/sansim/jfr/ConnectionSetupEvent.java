package org.sansim.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code org.sansim.ConnectionSetup}: a step of connection management: a CM message handled or a connection
 * established.
 * Emitted through {@link SimJfr}, only while {@link SimJfr#enabled()}.
 */
@Name("org.sansim.ConnectionSetup")
@Label("Connection Setup")
@Category({"SanSim"})
@Description("A step of connection management: a CM message handled or a connection established.")
@StackTrace(false)
public final class ConnectionSetupEvent extends SimEvent
{
    /** Step (REQ sent, REP received, ESTABLISHED...). */
    @Label("Step (REQ sent, REP received, ESTABLISHED...)")
    String step;

    /** Local QP number. */
    @Label("Local QP number")
    int localQpn;

    /** Remote QP number. */
    @Label("Remote QP number")
    int remoteQpn;
}
