package org.sansim.tools.bench;

import org.sansim.random.SimRandom;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.EventQueue;
import org.sansim.sim.Priority;

/**
 * The classic hold model (Jones, CACM 1986) on one {@link EventLoop}: {@code pending} events are
 * in the queue throughout; each event, when handled, re-arms itself at now plus an exponential
 * increment of mean {@link #MEAN_INCREMENT_PS}. The throughput covers the whole kernel path: pop,
 * dispatch, the handler's random draw and the re-insert.
 */
public final class HoldModel
{
    /** Mean of the exponential increment. */
    public static final long MEAN_INCREMENT_PS = 1000;

    private final EventLoop loop;
    private final SimRandom random;
    private final int pending;

    /**
     * Builds the model and schedules its initial population.
     *
     * @param queue the future event list to measure, empty
     * @param pending the number of events pending throughout, at least 1
     * @param seed the random seed
     */
    public HoldModel(final EventQueue queue, final int pending, final long seed)
    {
        if (pending < 1)
        {
            throw new IllegalArgumentException("--pending must be at least 1, got " + pending);
        }
        this.loop = new EventLoop(queue);
        this.random = new SimRandom(seed);
        this.pending = pending;
        for (int i = 0; i < pending; i++)
        {
            loop.schedule(new HoldEvent(), increment());
        }
    }

    /**
     * Handles {@code events} events.
     *
     * @param events how many
     */
    public void run(final long events)
    {
        final EventLoop l = loop;
        for (long i = 0; i < events; i++)
        {
            l.runOne();
        }
    }

    /** @return the loop's simulated time */
    public long nowPs()
    {
        return loop.nowPs();
    }

    /** @return the number of events pending, which stays equal to the population */
    public int pendingEvents()
    {
        return loop.pendingEvents();
    }

    /** @return the configured population */
    public int population()
    {
        return pending;
    }

    /** @return the number of events handled so far */
    public long eventsHandled()
    {
        return loop.eventsHandled();
    }

    private long increment()
    {
        return (long)(MEAN_INCREMENT_PS * random.nextExponential());
    }

    /** One member of the population: re-arms itself each time it fires. */
    private final class HoldEvent extends Event
    {
        HoldEvent()
        {
            super(Priority.DEFAULT);
        }

        @Override
        protected void process()
        {
            loop.schedule(this, loop.nowPs() + increment());
        }
    }
}
