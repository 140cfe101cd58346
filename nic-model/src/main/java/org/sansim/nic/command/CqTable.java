package org.sansim.nic.command;

import org.sansim.hw.CommandStatus;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CreateCqInputDescriptor;
import org.sansim.hw.CreateCqInputFlyweight;
import org.sansim.nic.completion.CompletionUnit;

/**
 * The firmware's table of completion queues and the {@code CREATE_CQ} and {@code DESTROY_CQ}
 * commands (HARDWARE.md 5). The CQ itself lives in the {@link CompletionUnit}; the firmware keeps
 * which CQNs exist, the UAR page and EQ of each and how many QPs use each.
 *
 * <p>Invariants: a CQ used by a QP cannot be destroyed; each live CQ counts once in its EQ's CQ
 * references ({@link EqTable#addCq}); the lowest free CQN is handed out; a failed command changes
 * nothing.
 */
final class CqTable
{
    private static final long PS_PER_US = 1_000_000L;

    private final FirmwareMemory memory;
    private final HostResources host;
    private final CompletionUnit completion;
    private final EqTable eqs;
    private final CreateCqInputFlyweight cqIn = new CreateCqInputFlyweight();
    /** CQNs; a reference is a QP using the CQ for its sends or receives. */
    private final QueueSlots slots;
    /** The EQ each CQ reports to. */
    private final int[] eqn;

    /**
     * @param memory the firmware memory holding the command's mailboxes
     * @param host the host resources a command's addresses and UAR index are checked against
     * @param completion the completion unit, where CQs are created; its {@code maxCqs} sizes the table
     * @param eqs the EQs a CQ may report to
     */
    CqTable(final FirmwareMemory memory, final HostResources host, final CompletionUnit completion, final EqTable eqs)
    {
        this.memory = memory;
        this.host = host;
        this.completion = completion;
        this.eqs = eqs;
        slots = new QueueSlots(completion.params().maxCqs());
        eqn = new int[completion.params().maxCqs()];
    }

    /** @return the status of {@code CREATE_CQ} on the input mailbox; on success the output names the CQN */
    CommandStatus create()
    {
        final CreateCqInputFlyweight in = cqIn.wrap(memory.sram, FirmwareMemory.INPUT_OFFSET);
        if (in.logSize() > completion.params().maxLogCqSize())
        {
            return memory.badParam(CreateCqInputDescriptor.LOG_SIZE_OFFSET);
        }
        if (in.address() % HostResources.PAGE_BYTES != 0
            || !host.inHostMemory(in.address(), (long)CqeDescriptor.LENGTH_BYTES << in.logSize()))
        {
            return memory.badParam(CreateCqInputDescriptor.ADDRESS_OFFSET);
        }
        if (in.dbrAddress() % Long.BYTES != 0 || !host.inHostMemory(in.dbrAddress(), Long.BYTES))
        {
            return memory.badParam(CreateCqInputDescriptor.DBR_ADDRESS_OFFSET);
        }
        final int eq = in.eqn();
        if (!eqs.exists(eq) || !host.uarExists(in.uarIndex()))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        final int cqn = slots.lowestFree();
        if (cqn < 0)
        {
            return CommandStatus.EXCEED_LIMIT;
        }
        completion.createCq(cqn, in.address(), in.logSize(), eq, in.dbrAddress(), in.moderationCount(),
            in.moderationPeriod() * PS_PER_US);
        slots.claim(cqn, in.uarIndex());
        eqn[cqn] = eq;
        eqs.addCq(eq);
        return memory.created(cqn);
    }

    /** @return the status of {@code DESTROY_CQ} on the input mailbox's handle */
    CommandStatus destroy()
    {
        final int cqn = memory.handle();
        if (!slots.exists(cqn))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        if (slots.referenced(cqn))
        {
            return CommandStatus.RESOURCE_BUSY;
        }
        completion.destroyCq(cqn);
        slots.release(cqn);
        eqs.removeCq(eqn[cqn]);
        return CommandStatus.OK;
    }

    /**
     * @param cqn a CQ number
     * @return whether that CQ exists now
     */
    boolean exists(final int cqn)
    {
        return slots.exists(cqn);
    }

    /**
     * @param cqn a CQ number
     * @return the UAR page that CQ was created on, or {@code fallback} if it does not exist
     */
    int uarOf(final int cqn, final int fallback)
    {
        return slots.uarOf(cqn, fallback);
    }

    /** @param cqn an existing CQ that a new QP uses */
    void addQp(final int cqn)
    {
        slots.addRef(cqn);
    }

    /** @param cqn a CQ that a destroyed QP used */
    void removeQp(final int cqn)
    {
        slots.removeRef(cqn);
    }
}
