package org.sansim.tools.scenario;

/**
 * A run stopped making progress: its message names what waits (host, thread, flow, QP and its state),
 * or the workload's socket call that failed (a connect refused or timed out). The command line prints
 * it as one line and exits with {@link #EXIT_CODE}.
 */
public final class StallException extends RuntimeException
{
    /** The exit code of a stalled or failed run. */
    public static final int EXIT_CODE = 3;
    private static final long serialVersionUID = 1L;

    /**
     * @param message what stalled and what waits, or what failed, one line
     */
    public StallException(final String message)
    {
        super(message);
    }
}
