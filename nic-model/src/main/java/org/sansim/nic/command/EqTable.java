package org.sansim.nic.command;

import org.sansim.hw.CommandStatus;
import org.sansim.hw.CreateEqInputDescriptor;
import org.sansim.hw.CreateEqInputFlyweight;
import org.sansim.hw.EqeDescriptor;
import org.sansim.nic.completion.CompletionUnit;

/**
 * The firmware's table of event queues and the {@code CREATE_EQ} and {@code DESTROY_EQ} commands
 * (HARDWARE.md 5). The EQ itself lives in the {@link CompletionUnit}; the firmware keeps which EQNs
 * exist, the UAR page each was created on and how many CQs report to each.
 *
 * <p>Invariants: an EQ with CQs cannot be destroyed; a destroyed EQN is retired, never handed out
 * again (the completion unit cannot destroy an EQ yet); a failed command changes nothing.
 */
final class EqTable
{

    private final FirmwareMemory memory;
    private final HostResources host;
    private final CompletionUnit completion;
    private final CreateEqInputFlyweight eqIn = new CreateEqInputFlyweight();
    /** EQNs; a reference is a CQ reporting to the EQ. */
    private final QueueSlots slots;

    /**
     * @param memory the firmware memory holding the command's mailboxes
     * @param host the host resources a command's addresses and UAR index are checked against
     * @param completion the completion unit, where EQs are created; its {@code maxEqs} sizes the table
     */
    EqTable(final FirmwareMemory memory, final HostResources host, final CompletionUnit completion)
    {
        this.memory = memory;
        this.host = host;
        this.completion = completion;
        slots = new QueueSlots(completion.params().maxEqs());
    }

    /** @return the status of {@code CREATE_EQ} on the input mailbox; on success the output names the EQN */
    CommandStatus create()
    {
        final CreateEqInputFlyweight in = eqIn.wrap(memory.sram, FirmwareMemory.INPUT_OFFSET);
        if (in.logSize() > completion.params().maxLogEqSize())
        {
            return memory.badParam(CreateEqInputDescriptor.LOG_SIZE_OFFSET);
        }
        if (in.address() % HostResources.PAGE_BYTES != 0
            || !host.inHostMemory(in.address(), (long)EqeDescriptor.LENGTH_BYTES << in.logSize()))
        {
            return memory.badParam(CreateEqInputDescriptor.ADDRESS_OFFSET);
        }
        if (in.msixVector() >= completion.params().msixVectors())
        {
            return memory.badParam(CreateEqInputDescriptor.MSIX_VECTOR_OFFSET);
        }
        if (!host.uarExists(in.uarIndex()))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        final int eqn = slots.lowestFree();
        if (eqn < 0)
        {
            return CommandStatus.EXCEED_LIMIT;
        }
        completion.createEq(eqn, in.address(), in.logSize(), in.msixVector(), in.eventMask());
        slots.claim(eqn, in.uarIndex());
        return memory.created(eqn);
    }

    /** @return the status of {@code DESTROY_EQ} on the input mailbox's handle */
    CommandStatus destroy()
    {
        final int eqn = memory.handle();
        if (!slots.exists(eqn))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        if (slots.referenced(eqn))
        {
            return CommandStatus.RESOURCE_BUSY;
        }
        slots.retire(eqn);
        return CommandStatus.OK;
    }

    /**
     * @param eqn an EQ number
     * @return whether that EQ exists now
     */
    boolean exists(final int eqn)
    {
        return slots.exists(eqn);
    }

    /**
     * @param eqn an EQ number
     * @return the UAR page that EQ was created on, or {@code fallback} if it does not exist
     */
    int uarOf(final int eqn, final int fallback)
    {
        return slots.uarOf(eqn, fallback);
    }

    /** @param eqn an existing EQ that a new CQ reports to */
    void addCq(final int eqn)
    {
        slots.addRef(eqn);
    }

    /** @param eqn the EQ a destroyed CQ reported to */
    void removeCq(final int eqn)
    {
        slots.removeRef(eqn);
    }
}
