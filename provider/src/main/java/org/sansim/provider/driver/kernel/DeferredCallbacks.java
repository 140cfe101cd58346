package org.sansim.provider.driver.kernel;

import org.sansim.hw.CommandStatus;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/**
 * Delivers a driver operation's outcome on the host's event loop, never on the caller's stack: a
 * refused or failed operation is told after the CPU time it cost, as a finished one is. Each call
 * schedules one event named {@code <driver>.callback} at {@link Priority#DEFAULT}.
 */
final class DeferredCallbacks
{
    private final String eventName;
    private final EventLoop loop;

    /**
     * @param driverName the driver's component path
     * @param loop the host partition's event loop
     */
    DeferredCallbacks(final String driverName, final EventLoop loop)
    {
        this.eventName = driverName + ".callback";
        this.loop = loop;
    }

    /** Calls {@code callback} {@code delayPs} from now with the given outcome. */
    void after(final long delayPs, final DriverCallback callback, final DriverStatus status,
        final CommandStatus commandStatus, final int value)
    {
        loop.scheduleAfter(Event.of(eventName, Priority.DEFAULT,
            () -> callback.onDone(status, commandStatus, value)), delayPs);
    }
}
