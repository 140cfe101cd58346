package org.sansim.tools.record;

/**
 * How a recording expresses the stream-socket calls of a thread in SanSim's trace format, whose socket event
 * is {@link org.sansim.traces.format.TraceCall.Socket} (operation, socket, peer, sizeBytes, thinkTime). Only
 * calls that succeeded are recorded; the event's time is when the call was made, its thread the calling
 * simulated thread, its process the caller's pid.
 *
 * <table>
 *   <caption>socket operations</caption>
 *   <tr><th>operation</th><th>call</th><th>fields</th></tr>
 *   <tr><td>{@value #SOCKET}</td><td>{@code socket}</td><td>socket: the new handle</td></tr>
 *   <tr><td>{@value #BIND}</td><td>{@code bind}</td><td>peer: the local address, {@code a.b.c.d:port}</td></tr>
 *   <tr><td>{@value #LISTEN}</td><td>{@code listen}</td><td>sizeBytes: the backlog</td></tr>
 *   <tr><td>{@value #ACCEPT}</td><td>{@code accept}</td><td>socket: the new handle; peer: the connecting end's
 *       address; sizeBytes: the listening socket's handle</td></tr>
 *   <tr><td>{@value #CONNECT}</td><td>{@code connect}</td><td>peer: the address connected to</td></tr>
 *   <tr><td>{@value #SEND}</td><td>{@code send}</td><td>sizeBytes: bytes sent</td></tr>
 *   <tr><td>{@value #RECV}</td><td>{@code recv}</td><td>sizeBytes: bytes received. A receive the stream split
 *       over several calls, each asking at once for the rest just after the bytes before it (a "receive
 *       exactly"), is one event of the whole</td></tr>
 *   <tr><td>{@value #SHUTDOWN}</td><td>{@code shutdown}</td><td>sizeBytes: {@code how}</td></tr>
 *   <tr><td>{@value #CLOSE}</td><td>{@code closesocket}</td><td></td></tr>
 *   <tr><td>{@value #COMPUTE}</td><td>the thread computed (CPU time, such as a server's service time) between
 *       its previous call and its next</td><td>thinkTime: the CPU time; time: when the previous call returned
 *       (or the thread started)</td></tr>
 * </table>
 *
 * Every call's thinkTime is the time the thread spent neither in a socket call nor computing since its previous
 * call returned (or since it started): sleeping or waiting, such as a client's think time or a flow's arrival.
 * Fields a row does not name are 0 or empty.
 */
public final class RecordedSockets
{
    /** Operation of {@code socket}. */
    public static final String SOCKET = "socket";
    /** Operation of {@code bind}. */
    public static final String BIND = "bind";
    /** Operation of {@code listen}. */
    public static final String LISTEN = "listen";
    /** Operation of {@code accept}. */
    public static final String ACCEPT = "accept";
    /** Operation of {@code connect}. */
    public static final String CONNECT = "connect";
    /** Operation of {@code send}. */
    public static final String SEND = "send";
    /** Operation of {@code recv}. */
    public static final String RECV = "recv";
    /** Operation of {@code shutdown}. */
    public static final String SHUTDOWN = "shutdown";
    /** Operation of {@code closesocket}. */
    public static final String CLOSE = "close";
    /** Pseudo-operation of CPU time between two calls. */
    public static final String COMPUTE = "compute";

    private RecordedSockets()
    {
    }

    /**
     * @param ipv4 an address
     * @param port a port
     * @return {@code a.b.c.d:port}
     */
    public static String address(final int ipv4, final int port)
    {
        return (ipv4 >>> 24) + "." + (ipv4 >>> 16 & 0xFF) + "." + (ipv4 >>> 8 & 0xFF) + "." + (ipv4 & 0xFF) + ":"
            + port;
    }

    /**
     * @param address {@code a.b.c.d:port}
     * @return the IPv4 address in its high 32 bits and the port in its low 16, or -1 if {@code address} is not one
     */
    public static long parseAddress(final String address)
    {
        final int colon = address.lastIndexOf(':');
        if (colon < 0)
        {
            return -1;
        }
        final String[] octets = address.substring(0, colon).split("\\.", -1);
        if (octets.length != 4)
        {
            return -1;
        }
        try
        {
            long ip = 0;
            for (final String o : octets)
            {
                final int v = Integer.parseInt(o);
                if (v < 0 || v > 255)
                {
                    return -1;
                }
                ip = ip << 8 | v;
            }
            final int port = Integer.parseInt(address.substring(colon + 1));
            return port < 0 || port > 0xFFFF ? -1 : ip << 32 | port;
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }
}
