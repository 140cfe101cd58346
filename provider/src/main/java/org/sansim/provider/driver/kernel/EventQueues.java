package org.sansim.provider.driver.kernel;

import java.util.HashMap;
import java.util.Map;
import org.sansim.host.InterruptController;
import org.sansim.hw.CommandOpcode;
import org.sansim.hw.CreateEqInputFlyweight;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeFlyweight;
import org.sansim.hw.InitSegmentLayout;

/**
 * Event queues and the MSI-X vectors they raise (HARDWARE.md 4.3, 10.3).
 *
 * <p>{@link #allocateVector} takes the lowest vector that is neither taken here nor registered with
 * the host's {@link InterruptController}, registers its handler there and programs the vector's MSI-X
 * table entry: message address in the MSI window, message data = the vector, then unmasked.
 * {@link #freeVector} masks it first, then removes the handler. {@link #createEq} allocates a ring
 * whose EQE owner bits all start at 1 and issues {@code CREATE_EQ}; the ring is freed if the command
 * fails. Vectors can be taken once {@link #deviceVectors} told how many the device has.
 *
 * <p>Invariants: a vector is taken here iff its handler is registered by this driver; an EQ is known
 * ({@link #eq}) iff the NIC created it for this driver.
 */
final class EventQueues
{
    /** The largest log2 of an EQ's entries the driver allocates (a 2 MiB frame bounds it further). */
    private static final int MAX_LOG_EQ_SIZE = 23;

    private final String name;
    private final DeviceMemory deviceMemory;
    private final DeviceMmio mmio;
    private final CommandInterface commands;
    private final DeferredCallbacks callbacks;
    private final InterruptController interrupts;
    private final boolean[] vectorInUse = new boolean[InitSegmentLayout.MSIX_MAX_VECTORS];
    private final Map<Integer, QueueMemory> eqs = new HashMap<>();
    private int deviceVectors = -1;

    /**
     * @param name the driver's component path, for error messages
     * @param deviceMemory where rings come from
     * @param mmio the driver's MMIO writes
     * @param commands the command interface
     * @param callbacks delivers outcomes
     * @param interrupts the host's interrupt controller
     */
    EventQueues(final String name, final DeviceMemory deviceMemory, final DeviceMmio mmio,
        final CommandInterface commands, final DeferredCallbacks callbacks, final InterruptController interrupts)
    {
        this.name = name;
        this.deviceMemory = deviceMemory;
        this.mmio = mmio;
        this.commands = commands;
        this.callbacks = callbacks;
        this.interrupts = interrupts;
    }

    /** Lets vectors be taken: the device has {@code count} of them ({@code QUERY_DEVICE}). */
    void deviceVectors(final int count)
    {
        this.deviceVectors = count;
    }

    /** @return the host's interrupt controller */
    InterruptController interruptController()
    {
        return interrupts;
    }

    /** See {@link KernelDriver#allocateVector}. */
    int allocateVector(final Runnable handler)
    {
        if (deviceVectors < 0)
        {
            return KernelDriver.NOT_READY;
        }
        final int vectors = Math.min(Math.min(deviceVectors, vectorInUse.length), InterruptController.VECTORS);
        for (int v = 0; v < vectors; v++)
        {
            if (!vectorInUse[v] && !interrupts.registered(v))
            {
                vectorInUse[v] = true;
                interrupts.register(v, handler);
                mmio.writeMsixEntry(v, InterruptController.MSI_WINDOW_BASE, v, false);
                return v;
            }
        }
        return KernelDriver.NO_VECTOR;
    }

    /** See {@link KernelDriver#freeVector}. */
    void freeVector(final int vector)
    {
        if (vector < 0 || vector >= vectorInUse.length || !vectorInUse[vector])
        {
            throw new IllegalArgumentException(name + ": vector " + vector + " is not allocated");
        }
        mmio.writeMsixEntry(vector, InterruptController.MSI_WINDOW_BASE, vector, true);
        interrupts.unregister(vector);
        vectorInUse[vector] = false;
    }

    /** See {@link KernelDriver#createEq}. */
    void createEq(final int logSize, final int msixVector, final int eventMask, final DriverCallback callback)
    {
        final long bytes = (long)EqeDescriptor.LENGTH_BYTES << logSize;
        final long ring = logSize < 0 || logSize > MAX_LOG_EQ_SIZE ? -1 : deviceMemory.allocate(bytes);
        if (ring < 0)
        {
            callbacks.after(0, callback, DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        final EqeFlyweight eqe = new EqeFlyweight();
        for (long i = 0; i < 1L << logSize; i++)
        {
            eqe.wrap(deviceMemory.memory(), ring + i * EqeDescriptor.LENGTH_BYTES).initialise();
        }
        commands.command(CommandOpcode.CREATE_EQ, (m, pa) -> new CreateEqInputFlyweight().wrap(m, pa)
            .address(ring).logSize(logSize).msixVector(msixVector).eventMask(eventMask).uarIndex(0),
            commands.handleOutput(), (status, commandStatus, eqn) ->
            {
                if (status == DriverStatus.OK)
                {
                    eqs.put(eqn, new QueueMemory(eqn, ring, logSize, -1, -1));
                }
                else
                {
                    deviceMemory.free(ring, bytes);
                }
                callback.onDone(status, commandStatus, eqn);
            });
    }

    /** See {@link KernelDriver#eqDoorbell}. */
    void eqDoorbell(final int eqn, final int consumerIndex, final boolean arm)
    {
        mmio.eqDoorbell(eqn, consumerIndex, arm);
    }

    /** @return the memory of an EQ of this driver, or {@code null} */
    QueueMemory eq(final int eqn)
    {
        return eqs.get(eqn);
    }
}
