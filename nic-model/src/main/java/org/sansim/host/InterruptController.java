package org.sansim.host;

import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * A host's interrupt controller for message-signalled interrupts: what a local APIC and the
 * kernel's interrupt entry path together do with an MSI or MSI-X message.
 *
 * <p><b>Messages.</b> The root complex hands it every upstream memory write that falls in the MSI
 * address window, {@link #MSI_WINDOW_BASE} to {@link #MSI_WINDOW_LIMIT} (the x86 window; the
 * address bits that name a destination CPU are not modelled, every message goes to the one CPU
 * that runs the host's events). The message data is a 32-bit value; its low 8 bits are the vector,
 * as in x86's MSI data format, and the rest (delivery mode, trigger mode) is ignored.
 *
 * <p><b>Delivery.</b> The handler registered for the vector ({@link #register}) runs on the host's
 * event loop {@link InterruptControllerParams#deliveryLatencyPs()} after the message arrived. A
 * vector whose delivery is already pending takes a second message as one interrupt, as the APIC's
 * interrupt request bit does ({@code coalesced}); a handler therefore drains its event queue
 * before re-arming it, as real drivers do. A message for a vector without a handler is counted as
 * {@code spurious} when it would have been delivered, and otherwise dropped.
 *
 * <p><b>Statistics</b> under its name: {@code messages}, {@code delivered}, {@code coalesced},
 * {@code spurious}, and {@code vector<n>} (interrupts delivered to vector <i>n</i>'s handler) for
 * each vector that ever had a handler.
 *
 * <p>Runs on the host's partition. The steady state allocates nothing: one event per vector is
 * made when the controller is built.
 */
public final class InterruptController
{
    /** First address of the MSI window (x86: the local APICs' message address range). */
    public static final long MSI_WINDOW_BASE = 0xFEE0_0000L;

    /** Last address of the MSI window, inclusive. */
    public static final long MSI_WINDOW_LIMIT = 0xFEEF_FFFFL;

    /** Vectors the message data can name (its low 8 bits). */
    public static final int VECTORS = 256;

    private static final int VECTOR_MASK = VECTORS - 1;

    private final String name;
    private final InterruptControllerParams params;
    private final EventLoop loop;
    private final StatGroup group;
    private final Runnable[] handlers = new Runnable[VECTORS];
    private final Event[] deliveries = new Event[VECTORS];
    private final Counter[] perVector = new Counter[VECTORS];
    private final Counter messages;
    private final Counter delivered;
    private final Counter coalesced;
    private final Counter spurious;

    /**
     * @param name the component path, such as {@code "node0.interrupts"}; also its stats group
     * @param params the parameters, validated here
     * @param loop the host partition's event loop, where handlers run
     * @param stats where the statistics go
     */
    public InterruptController(final String name, final InterruptControllerParams params, final EventLoop loop,
        final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.params = params;
        this.loop = loop;
        for (int v = 0; v < VECTORS; v++)
        {
            final int vector = v;
            deliveries[v] = Event.of(name + ".vector" + v, Priority.DEFAULT, () -> deliver(vector));
        }
        group = stats.group(name);
        messages = group.counter("messages", "count", "MSI writes received from the root complex");
        delivered = group.counter("delivered", "count", "interrupts whose handler ran");
        coalesced = group.counter("coalesced", "count", "messages taken as one with a delivery already pending");
        spurious = group.counter("spurious", "count", "interrupts for a vector without a handler");
    }

    /**
     * @param address a bus address
     * @return whether an upstream memory write to {@code address} is an interrupt message
     */
    public static boolean inMsiWindow(final long address)
    {
        return address >= MSI_WINDOW_BASE && address <= MSI_WINDOW_LIMIT;
    }

    /**
     * Registers the handler of a vector, as a kernel's {@code request_irq} does. It runs on the
     * host's event loop, once per delivered interrupt.
     *
     * @param vector 0 to {@link #VECTORS} - 1
     * @param handler the interrupt service routine
     * @throws IllegalArgumentException if the vector is out of range
     * @throws IllegalStateException if the vector already has a handler
     */
    public void register(final int vector, final Runnable handler)
    {
        checkVector(vector);
        if (handlers[vector] != null)
        {
            throw new IllegalStateException(name + ": vector " + vector + " already has a handler");
        }
        handlers[vector] = handler;
        if (perVector[vector] == null)
        {
            perVector[vector] = group.counter("vector" + vector, "count",
                "interrupts delivered to vector " + vector + "'s handler");
        }
    }

    /**
     * Removes a vector's handler; later interrupts on it are spurious.
     *
     * @param vector 0 to {@link #VECTORS} - 1
     */
    public void unregister(final int vector)
    {
        checkVector(vector);
        handlers[vector] = null;
    }

    /**
     * @param vector 0 to {@link #VECTORS} - 1
     * @return whether the vector has a handler
     */
    public boolean registered(final int vector)
    {
        checkVector(vector);
        return handlers[vector] != null;
    }

    /**
     * Takes an interrupt message at its arrival: schedules the vector's delivery
     * {@link InterruptControllerParams#deliveryLatencyPs()} from now, unless one is pending.
     *
     * @param address the write's address, in the MSI window
     * @param data the message data, little-endian as it was written
     */
    public void onMessage(final long address, final int data)
    {
        if (!inMsiWindow(address))
        {
            throw new IllegalArgumentException(name + ": address 0x" + Long.toHexString(address)
                + " is outside the MSI window");
        }
        messages.increment();
        final Event delivery = deliveries[data & VECTOR_MASK];
        if (delivery.scheduled())
        {
            coalesced.increment();
            return;
        }
        loop.scheduleAfter(delivery, params.deliveryLatencyPs());
    }

    private void deliver(final int vector)
    {
        final Runnable handler = handlers[vector];
        if (handler == null)
        {
            spurious.increment();
            return;
        }
        delivered.increment();
        perVector[vector].increment();
        handler.run();
    }

    private void checkVector(final int vector)
    {
        if (vector < 0 || vector >= VECTORS)
        {
            throw new IllegalArgumentException(name + ": vector " + vector + " outside 0.." + (VECTORS - 1));
        }
    }

    /** @return the component path */
    public String name()
    {
        return name;
    }

    /** @return the parameters */
    public InterruptControllerParams params()
    {
        return params;
    }

    /** @return MSI writes received */
    public long messages()
    {
        return messages.value();
    }

    /** @return interrupts whose handler ran */
    public long delivered()
    {
        return delivered.value();
    }

    /**
     * @param vector 0 to {@link #VECTORS} - 1
     * @return interrupts delivered to that vector's handler
     */
    public long delivered(final int vector)
    {
        checkVector(vector);
        return perVector[vector] == null ? 0 : perVector[vector].value();
    }

    /** @return messages taken as one with a delivery already pending */
    public long coalesced()
    {
        return coalesced.value();
    }

    /** @return interrupts for a vector without a handler */
    public long spurious()
    {
        return spurious.value();
    }
}
