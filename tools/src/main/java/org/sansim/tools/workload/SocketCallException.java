package org.sansim.tools.workload;

/**
 * A workload's socket call failed with a Winsock error: a {@code connect} refused or timed out, a
 * {@code send} on a reset connection. That is an outcome of the simulated system (a listener's full
 * backlog, a connection manager that gave up after its retries), not a fault of SanSim: the run loop
 * ends the run with it as one line ({@code StallException}), never as an internal error.
 */
public final class SocketCallException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The Winsock error code, such as {@code WSAETIMEDOUT}. */
    private final int error;

    /**
     * @param message the socket's owner, the call and the error's name, one line
     * @param error the Winsock error code
     */
    public SocketCallException(final String message, final int error)
    {
        super(message);
        this.error = error;
    }

    /** @return the Winsock error code, such as {@code WSAETIMEDOUT} */
    public int error()
    {
        return error;
    }
}
