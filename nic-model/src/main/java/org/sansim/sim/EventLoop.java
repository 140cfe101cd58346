package org.sansim.sim;

/**
 * The event loop of one partition: a clock in picoseconds and a future event list.
 *
 * <p>Single-threaded: a loop is driven by one thread at a time (its partition's runner). The clock
 * only moves forward: it is the time of the event being handled, or of the last one handled.
 * Scheduling an event in the past, or one that is already scheduled, is a model bug and throws.
 */
public final class EventLoop
{
    private final EventQueue queue;
    private long nowPs;
    private long sequence;
    private long eventsHandled;
    /** The limit of the {@link #runUntil} in progress, {@code Long.MIN_VALUE} outside one. */
    private long runLimitPs = Long.MIN_VALUE;

    /** Creates a loop over the default queue, a {@link CalendarQueue}. */
    public EventLoop()
    {
        this(new CalendarQueue());
    }

    /**
     * Creates a loop over the given queue.
     *
     * @param queue an empty queue, owned by this loop from now on
     */
    public EventLoop(final EventQueue queue)
    {
        if (queue.size() != 0)
        {
            throw new IllegalArgumentException("the queue must start empty");
        }
        this.queue = queue;
    }

    /** @return the current simulated time */
    public long nowPs()
    {
        return nowPs;
    }

    /**
     * Schedules {@code event} at {@code timePs}. Same-time events of the same priority run in the
     * order of their schedule calls.
     *
     * @param event an event that is not scheduled
     * @param timePs when it fires, not before {@link #nowPs()}
     */
    public void schedule(final Event event, final long timePs)
    {
        check(event, timePs);
        event.timePs = timePs;
        event.orderKey = Event.orderKey(event.priority(), sequence++);
        queue.insert(event);
    }

    /**
     * Schedules {@code event} at {@code nowPs() + delayPs}.
     *
     * @param event an event that is not scheduled
     * @param delayPs a delay of zero or more picoseconds
     */
    public void scheduleAfter(final Event event, final long delayPs)
    {
        if (delayPs < 0)
        {
            throw new IllegalArgumentException(
                "event " + event.name() + ": negative delay " + delayPs + " ps");
        }
        schedule(event, nowPs + delayPs);
    }

    /**
     * Moves {@code event} to {@code timePs}, scheduling it if it was not scheduled.
     *
     * @param event any event of this loop
     * @param timePs when it fires, not before {@link #nowPs()}
     */
    public void reschedule(final Event event, final long timePs)
    {
        if (event.scheduled())
        {
            queue.remove(event);
        }
        schedule(event, timePs);
    }

    /**
     * Removes a scheduled event; does nothing if it is not scheduled.
     *
     * @param event an event of this loop
     */
    public void deschedule(final Event event)
    {
        if (event.scheduled())
        {
            queue.remove(event);
        }
    }

    /**
     * Schedules a kernel event with a fixed secondary key instead of a sequence number, so that its
     * place among same-time events does not depend on when it was scheduled.
     */
    void scheduleKeyed(final Event event, final long timePs, final long orderKey)
    {
        check(event, timePs);
        event.timePs = timePs;
        event.orderKey = orderKey;
        queue.insert(event);
    }

    /** @return the time of the next event, or {@link Long#MAX_VALUE} if none is pending */
    public long nextEventTimePs()
    {
        return queue.peekTimePs();
    }

    /** @return the number of pending events */
    public int pendingEvents()
    {
        return queue.size();
    }

    /** @return the number of events handled since the loop was made */
    public long eventsHandled()
    {
        return eventsHandled;
    }

    /** @return the kind of queue this loop runs on */
    public String queueKind()
    {
        return queue.kind();
    }

    /**
     * Handles every event earlier than {@code limitPs}, in order.
     *
     * @param limitPs exclusive upper bound on the times of the events handled
     * @return the number of events handled
     */
    public long runUntil(final long limitPs)
    {
        final EventQueue q = queue;
        long handled = 0;
        runLimitPs = limitPs;
        try
        {
            while (q.peekTimePs() < limitPs)
            {
                final Event event = q.pop();
                nowPs = event.timePs;
                event.process();
                handled++;
            }
        }
        finally
        {
            runLimitPs = Long.MIN_VALUE;
        }
        eventsHandled += handled;
        return handled;
    }

    /**
     * Lets the code of the event being handled move the clock forward to {@code timePs} as if it had
     * scheduled a wake-up event there and been woken by it: allowed only when no event is pending
     * at or before {@code timePs} and {@code timePs} is below the limit of the {@link #runUntil} in
     * progress, so the outcome is exactly the same (a sequence number is consumed and an event
     * counted, as the wake-up event would have). A simulated thread charging CPU time uses it to
     * skip a hand-over when nothing else can happen meanwhile.
     *
     * @param timePs the new time, not before now
     * @return whether the clock moved; if not, the caller schedules its wake-up event
     */
    public boolean tryAdvance(final long timePs)
    {
        if (timePs >= runLimitPs || timePs < nowPs || queue.peekTimePs() <= timePs)
        {
            return false;
        }
        sequence++;
        eventsHandled++;
        nowPs = timePs;
        return true;
    }

    /**
     * Handles exactly one event if one is pending.
     *
     * @return whether an event was handled
     */
    public boolean runOne()
    {
        final Event event = queue.pop();
        if (event == null)
        {
            return false;
        }
        nowPs = event.timePs;
        event.process();
        eventsHandled++;
        return true;
    }

    /**
     * Advances the clock without handling events, as a partition does when its safe horizon moves
     * past an empty stretch of time.
     *
     * @param timePs the new time, not before now and not after the next pending event
     */
    void advanceTo(final long timePs)
    {
        if (timePs < nowPs || timePs > queue.peekTimePs())
        {
            throw new IllegalStateException("cannot advance the clock from " + nowPs + " ps to " + timePs
                + " ps with the next event at " + queue.peekTimePs() + " ps");
        }
        nowPs = timePs;
    }

    private void check(final Event event, final long timePs)
    {
        if (event.scheduled())
        {
            throw new IllegalStateException("event " + event.name() + " is already scheduled at "
                + event.timePs + " ps");
        }
        if (timePs < nowPs)
        {
            throw new IllegalArgumentException("event " + event.name() + " scheduled at " + timePs
                + " ps, in the past of now = " + nowPs + " ps");
        }
    }
}
