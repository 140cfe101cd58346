package org.sansim.host.thread;

/** The code a {@link SimThread} runs, in ordinary blocking style. */
@FunctionalInterface
public interface ThreadBody
{
    /**
     * Runs the thread's code. Returning ends the thread; an exception ends it and is rethrown by
     * the event loop that resumed it, wrapped in a {@link SimThreadException}.
     *
     * @param self the thread running this body
     * @throws Exception anything the body throws
     */
    void run(SimThread self) throws Exception;
}
