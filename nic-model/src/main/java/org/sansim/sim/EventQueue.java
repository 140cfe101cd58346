package org.sansim.sim;

/**
 * The future event list of one {@link EventLoop}: a priority queue of {@link Event}s ordered by
 * {@code (timePs, orderKey)}. Implementations store their position in the event itself, so
 * {@link #remove} needs no search, and allocate nothing once their storage has grown to the
 * simulation's steady-state population.
 *
 * <p>Not thread-safe: one loop, one thread at a time.
 */
public interface EventQueue
{
    /**
     * Adds an event whose {@code timePs} and {@code orderKey} are already set.
     *
     * @param event an event that is in no queue
     */
    void insert(Event event);

    /**
     * Removes and returns the least event.
     *
     * @return the least event, or {@code null} if the queue is empty
     */
    Event pop();

    /** @return the time of the least event, or {@link Long#MAX_VALUE} if the queue is empty */
    long peekTimePs();

    /**
     * Removes a queued event.
     *
     * @param event an event in this queue
     */
    void remove(Event event);

    /** @return the number of queued events */
    int size();

    /** @return a short name for reports, such as {@code "4-ary heap"} */
    String kind();
}
