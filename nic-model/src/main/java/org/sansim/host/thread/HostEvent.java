package org.sansim.host.thread;

import java.util.ArrayList;
import java.util.List;

/**
 * An operating-system event object of a simulated host, as Win32's: signalled or not; a
 * <i>manual-reset</i> event stays signalled and releases every waiter until {@link #reset()}, an
 * <i>auto-reset</i> event releases one waiter and clears itself. Providers signal the event
 * handles their callers give them ({@code WSAEVENT}) through objects of this kind.
 *
 * <p>{@link #set()} and {@link #reset()} may be called from events or from simulated threads; a
 * thread calling them is first {@link SimThread#sync() synced}, so the change happens at its time.
 * Waiters are released in the order they started waiting.
 */
public final class HostEvent
{
    private final String name;
    private final boolean manualReset;
    private final List<SimThread> waiters = new ArrayList<>();
    private boolean signalled;
    private long setCount;

    /**
     * @param name for messages
     * @param manualReset whether it stays signalled until reset
     * @param initiallySignalled its initial state
     */
    public HostEvent(final String name, final boolean manualReset, final boolean initiallySignalled)
    {
        this.name = name;
        this.manualReset = manualReset;
        this.signalled = initiallySignalled;
    }

    /** @return the name given at creation */
    public String name()
    {
        return name;
    }

    /** @return whether the event is signalled */
    public boolean signalled()
    {
        return signalled;
    }

    /** @return whether a thread is blocked on this event */
    public boolean hasWaiters()
    {
        return !waiters.isEmpty();
    }

    /** @return how many times {@link #set()} was called */
    public long setCount()
    {
        return setCount;
    }

    /** Signals the event, releasing all waiters (manual reset) or the first one (auto reset). */
    public void set()
    {
        syncCaller();
        setCount++;
        signalled = true;
        if (waiters.isEmpty())
        {
            return;
        }
        if (manualReset)
        {
            for (int i = 0; i < waiters.size(); i++)
            {
                waiters.get(i).unpark();
            }
        }
        else
        {
            waiters.get(0).unpark();
        }
    }

    /** Clears the event. */
    public void reset()
    {
        syncCaller();
        signalled = false;
    }

    /**
     * Blocks the calling simulated thread until the event is signalled.
     *
     * @param self the calling thread
     */
    public void await(final SimThread self)
    {
        awaitUntil(self, Long.MAX_VALUE);
    }

    /**
     * Blocks the calling simulated thread until the event is signalled or its clock reaches
     * {@code deadlinePs}.
     *
     * @param self the calling thread
     * @param deadlinePs when to give up; {@code Long.MAX_VALUE} for never
     * @return whether the event was signalled (and, for an auto-reset event, taken)
     */
    public boolean awaitUntil(final SimThread self, final long deadlinePs)
    {
        if (SimThread.current() != self)
        {
            throw new IllegalStateException("only the calling simulated thread may wait on " + name);
        }
        while (!signalled)
        {
            if (self.nowPs() >= deadlinePs)
            {
                return false;
            }
            waiters.add(self);
            try
            {
                if (deadlinePs == Long.MAX_VALUE)
                {
                    self.park();
                }
                else
                {
                    self.parkUntil(deadlinePs);
                }
            }
            finally
            {
                waiters.remove(self);
            }
        }
        if (!manualReset)
        {
            signalled = false;
        }
        return true;
    }

    private static void syncCaller()
    {
        final SimThread caller = SimThread.current();
        if (caller != null)
        {
            caller.sync();
        }
    }

    @Override
    public String toString()
    {
        return "HostEvent[" + name + (signalled ? ", signalled]" : "]");
    }
}
