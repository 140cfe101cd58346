package org.sansim.sim;

/**
 * Named priorities that order events scheduled for the same picosecond.
 *
 * <p>Events sort by {@code (timePs, priority, sequence)}: a lower priority value runs first. Every
 * constant says why it exists. Values lie in {@code [MIN, MAX]} because the priority shares a
 * {@code long} sort key with the sequence number (see {@link Event}).
 */
public final class Priority
{
    /** Smallest priority value an event may carry. */
    public static final int MIN = -128;

    /** Largest priority value an event may carry. */
    public static final int MAX = 127;

    /**
     * Delivery of a message that arrived over a link. Reserved for the kernel: arrivals at time
     * {@code t} are seen before any component's own work at {@code t}, so a block that acts at
     * {@code t} sees everything that reached it by {@code t}, whichever partition sent it.
     */
    public static final int MESSAGE_DELIVERY = -100;

    /**
     * A clocked block's cycle of work (arbitration, pipeline advance). Runs after deliveries and
     * before ordinary events, so a cycle consumes what arrived at its edge.
     */
    public static final int CLOCK_EDGE = -50;

    /** Ordinary model events: timers, completions of modelled delays, host thread wake-ups. */
    public static final int DEFAULT = 0;

    /**
     * A simulated host thread's resumption. After the device work of the same picosecond, so a CPU
     * that reads host memory at {@code t} sees every device write that landed at {@code t}: the rule
     * that lets a polling thread skip its idle polls with the same outcome as spinning
     * ({@link org.sansim.host.thread.SpinWait}).
     */
    public static final int HOST_THREAD = 50;

    /**
     * Work that must see the state left by every other event of the same picosecond, such as
     * periodic statistics sampling or moderation timers that flush what accumulated at {@code t}.
     */
    public static final int SAMPLE = 100;

    /** The end of a run: nothing else of its picosecond runs after it. */
    public static final int SIM_EXIT = MAX;

    private Priority()
    {
    }

    /**
     * Checks that {@code priority} lies in {@code [MIN, MAX]} and is not reserved for the kernel.
     *
     * @param priority the value to check
     * @return {@code priority}
     * @throws IllegalArgumentException if it is out of range or reserved
     */
    public static int checkUserPriority(final int priority)
    {
        if (priority < MIN || priority > MAX)
        {
            throw new IllegalArgumentException(
                "event priority " + priority + " is outside [" + MIN + ", " + MAX + "]");
        }
        if (priority == MESSAGE_DELIVERY)
        {
            throw new IllegalArgumentException(
                "priority MESSAGE_DELIVERY (" + MESSAGE_DELIVERY + ") is reserved for link deliveries");
        }
        return priority;
    }
}
