package org.sansim.host.thread;

/** A simulated thread's body ended with an exception; the cause is that exception. */
public final class SimThreadException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param threadName the failed thread's name
     * @param timePs the simulated time of the failure
     * @param cause what its body threw
     */
    SimThreadException(final String threadName, final long timePs, final Throwable cause)
    {
        super("simulated thread " + threadName + " failed at " + timePs + " ps: " + cause, cause);
    }
}
