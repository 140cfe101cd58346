package org.sansim.sim;

/**
 * Something that happens at a simulated instant. Components own their events and re-arm them
 * (one wake-up object per component or per pending activity, not one object per packet), so the
 * steady state of a simulation allocates nothing.
 *
 * <p>Events sort by {@code (timePs, priority, sequence)}. The priority and the sequence number share
 * one {@code long} sort key, {@link #orderKey()}:
 *
 * <pre>
 *   63         56 55                                                  0
 *  +-------------+-----------------------------------------------------+
 *  | priority (s8) |                 sequence (56 bits)                |
 *  +-------------+-----------------------------------------------------+
 * </pre>
 *
 * The priority is a signed byte in the top bits, so comparing keys as signed {@code long}s orders
 * by priority first.
 *
 * The sequence is the {@link EventLoop}'s count of schedule calls, so same-time, same-priority
 * events run in the order they were scheduled; link deliveries use a fixed per-channel key
 * instead, so their order never depends on when a ring was drained.
 *
 * <p>An event is scheduled on at most one {@link EventLoop} at a time. Its fields other than the
 * priority are managed by the loop and its queue.
 */
public abstract class Event
{
    /** {@link #queueIndex} of an event that is not in any queue. */
    static final int NOT_QUEUED = -1;

    private static final int SEQUENCE_BITS = 56;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

    private final int priority;

    /** Time at which the event fires, valid while scheduled. */
    long timePs;

    /** Secondary sort key, valid while scheduled. */
    long orderKey;

    /** Position in the queue's storage, or {@link #NOT_QUEUED}; owned by the queue. */
    int queueIndex = NOT_QUEUED;

    /** Link for queues that chain events (calendar buckets); owned by the queue. */
    Event next;

    /**
     * Creates an event of the given priority.
     *
     * @param priority one of the {@link Priority} constants (not the reserved delivery priority)
     */
    protected Event(final int priority)
    {
        this.priority = Priority.checkUserPriority(priority);
    }

    /** Creates a kernel event; only the kernel may use reserved priorities. */
    Event(final int priority, final boolean kernel)
    {
        if (!kernel)
        {
            throw new IllegalArgumentException("kernel constructor used by a non-kernel event");
        }
        this.priority = priority;
    }

    /**
     * Does what the event stands for. Called by the owning loop at {@link #timePs()}, with the
     * loop's clock already advanced to it. The event is no longer scheduled when this runs, so it
     * may re-arm itself.
     */
    protected abstract void process();

    /** @return this event's priority */
    public final int priority()
    {
        return priority;
    }

    /** @return the time the event is scheduled for; meaningful only while {@link #scheduled()} */
    public final long timePs()
    {
        return timePs;
    }

    /** @return whether the event is waiting in a queue */
    public final boolean scheduled()
    {
        return queueIndex != NOT_QUEUED;
    }

    /** @return the secondary sort key; meaningful only while {@link #scheduled()} */
    final long orderKey()
    {
        return orderKey;
    }

    /**
     * Builds the secondary sort key from a priority and a sequence number.
     *
     * @param priority a priority in {@code [Priority.MIN, Priority.MAX]}
     * @param sequence a sequence number below 2^56
     * @return the combined key
     */
    static long orderKey(final int priority, final long sequence)
    {
        return ((long)priority << SEQUENCE_BITS) | (sequence & SEQUENCE_MASK);
    }

    /** @return a name for diagnostics: the class name unless overridden */
    public String name()
    {
        final String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }

    /**
     * Wraps an action as an event, for components that prefer a method reference. The wrapper is
     * allocated once, when the component is built.
     *
     * @param name the event's name in diagnostics
     * @param priority the event's priority
     * @param action what {@link #process()} runs
     * @return a new event
     */
    public static Event of(final String name, final int priority, final Runnable action)
    {
        return new Event(priority)
        {
            @Override
            protected void process()
            {
                action.run();
            }

            @Override
            public String name()
            {
                return name;
            }
        };
    }
}
