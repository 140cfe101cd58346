package org.sansim.provider.driver.kernel;

import java.util.ArrayDeque;
import org.sansim.host.PhysicalMemory;
import org.sansim.hw.CommandHeaderFlyweight;
import org.sansim.hw.CommandOpcode;
import org.sansim.hw.CommandStatus;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeFlyweight;
import org.sansim.hw.EqeType;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.hw.ObjectHandleFlyweight;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;

/**
 * The driver's half of the command interface (HARDWARE.md 5): the command queue's slots, their
 * mailboxes, and how a command's completion is seen.
 *
 * <p>A command takes the lowest free slot, or waits in order for one. Its input mailbox is zeroed and
 * filled, then its header is written with {@code OWNER} = 1 (owner byte last), then
 * {@code CMD_DOORBELL} is rung with the slot. Until {@link #completeByEvent} the driver polls the
 * header's {@code OWNER} byte every {@link KernelDriverParams#pollIntervalPs()}; afterwards each
 * command asks for an event (its slot as the token) and {@link #onCompletionInterrupt} completes it.
 * Either way the callback is told {@link KernelDriverParams#commandSyscallPs()} after {@code OWNER}
 * was seen 0, with the output mailbox read then; the freed slot goes at once to the first waiting
 * command.
 *
 * <p>Memory layout: slot {@code s}'s header is at {@code cmdq + s * CMDQ_SLOT_BYTES}; its mailbox
 * pair at {@code mailboxes + s * 512}:
 * <pre>
 *  0                               384                 512
 *  +-------------------------------+-------------------+
 *  | input mailbox (384 bytes)     | output (128 bytes)|
 *  +-------------------------------+-------------------+
 * </pre>
 *
 * <p>Invariants: a slot holds at most one command; a command is completed once; commands are refused
 * ({@link DriverStatus#NOT_READY}) while the interface is not {@link #enabled()}.
 */
final class CommandInterface
{
    /** Command completion EQ: at most 8 commands are in flight, so 16 entries never fill. */
    static final int LOG_COMMAND_EQ = 4;
    private static final int MAILBOX_PAIR_BYTES = 512;
    private static final int OUTPUT_OFFSET = 384;

    private final String name;
    private final KernelDriverParams params;
    private final EventLoop loop;
    private final PhysicalMemory memory;
    private final DeviceMmio mmio;
    private final DeferredCallbacks callbacks;
    private final CommandHeaderFlyweight header = new CommandHeaderFlyweight();
    private final ObjectHandleFlyweight handle = new ObjectHandleFlyweight();
    private final MailboxReader handleOutput = (m, pa) -> handle.wrap(m, pa).object();
    private final PendingCommand[] slotCommand;
    private final ArrayDeque<PendingCommand> waiting = new ArrayDeque<>();

    private boolean enabled;
    private long cmdqPa = -1;
    private long mailboxPa = -1;
    private final EqeFlyweight commandEqe = new EqeFlyweight();
    private int commandEqn = -1;
    private long commandEqPa;
    private int commandEqConsumer;

    private final Counter commandsIssued;
    private final Counter ownerPolls;
    private final Counter commandEvents;
    private final Counter commandsFailed;

    /**
     * @param name the driver's component path; its events are named after it
     * @param params the driver's parameters
     * @param loop the host partition's event loop
     * @param memory the host memory
     * @param mmio the driver's MMIO writes
     * @param callbacks delivers outcomes
     * @param group the driver's stats group, where this registers its counters
     */
    CommandInterface(final String name, final KernelDriverParams params, final EventLoop loop,
        final PhysicalMemory memory, final DeviceMmio mmio, final DeferredCallbacks callbacks, final StatGroup group)
    {
        this.name = name;
        this.params = params;
        this.loop = loop;
        this.memory = memory;
        this.mmio = mmio;
        this.callbacks = callbacks;
        this.slotCommand = new PendingCommand[params.commandSlots()];
        commandsIssued = group.counter("commandsIssued", "count", "commands rung");
        ownerPolls = group.counter("ownerPolls", "count", "reads of a command's OWNER byte that found it still set");
        commandEvents = group.counter("commandEvents", "count", "commands completed by event and interrupt");
        commandsFailed = group.counter("commandsFailed", "count", "commands the NIC failed");
    }

    /** @return bytes of host memory the mailboxes of every possible slot take */
    static long mailboxBytes()
    {
        return (long)KernelDriverParams.MAX_COMMAND_SLOTS * MAILBOX_PAIR_BYTES;
    }

    /**
     * Places the command queue and the mailboxes; commands are still refused until {@link #enable}.
     *
     * @param commandQueuePa the command queue's headers, as written to {@code CMDQ_ADDRESS}
     * @param mailboxesPa {@link #mailboxBytes()} of zeroed memory
     */
    void place(final long commandQueuePa, final long mailboxesPa)
    {
        this.cmdqPa = commandQueuePa;
        this.mailboxPa = mailboxesPa;
    }

    /** Accepts commands (with {@code true}) or refuses them with {@link DriverStatus#NOT_READY}. */
    void enable(final boolean accept)
    {
        this.enabled = accept;
    }

    /** @return whether commands are accepted */
    boolean enabled()
    {
        return enabled;
    }

    /** @return physical address of the command queue, -1 before {@link #place} */
    long commandQueuePa()
    {
        return cmdqPa;
    }

    /** @return whether commands complete by event and interrupt rather than by polling */
    boolean completesByEvent()
    {
        return commandEqn >= 0;
    }

    /**
     * Issues one command; see the class comment.
     *
     * @param opcode the command
     * @param writer fills the input mailbox
     * @param reader reads the output mailbox of a successful command; its result is the callback's value
     * @param callback told the outcome
     */
    void command(final CommandOpcode opcode, final MailboxWriter writer, final MailboxReader reader,
        final DriverCallback callback)
    {
        if (!enabled)
        {
            callbacks.after(params.commandSyscallPs(), callback, DriverStatus.NOT_READY, null, 0);
            return;
        }
        final PendingCommand c = new PendingCommand(opcode, writer, reader, callback);
        for (int s = 0; s < slotCommand.length; s++)
        {
            if (slotCommand[s] == null)
            {
                ring(c, s);
                return;
            }
        }
        waiting.addLast(c);
    }

    /** @return a mailbox writer that puts {@code object} in an object-handle input */
    static MailboxWriter handleInput(final int object)
    {
        return (m, pa) -> new ObjectHandleFlyweight().wrap(m, pa).object(object);
    }

    /** @return the mailbox reader of an object-handle output: the object number created */
    MailboxReader handleOutput()
    {
        return handleOutput;
    }

    /**
     * From now on commands ask for an event on {@code eqn}, whose ring is at {@code eqRingPa} and whose
     * vector runs {@link #onCompletionInterrupt}; arms the EQ.
     */
    void completeByEvent(final int eqn, final long eqRingPa)
    {
        commandEqPa = eqRingPa;
        commandEqn = eqn;
        mmio.eqDoorbell(eqn, commandEqConsumer, true);
    }

    /** The command EQ's interrupt: completes each command whose event arrived, then re-arms. */
    void onCompletionInterrupt()
    {
        while (true)
        {
            commandEqe.wrap(memory, commandEqPa
                + (long)(commandEqConsumer & ((1 << LOG_COMMAND_EQ) - 1)) * EqeDescriptor.LENGTH_BYTES);
            if (!commandEqe.softwareOwned(commandEqConsumer, LOG_COMMAND_EQ))
            {
                break;
            }
            commandEqConsumer++;
            if (commandEqe.eventType() == EqeType.COMMAND_COMPLETION.code())
            {
                final int slot = commandEqe.object();
                final PendingCommand c = slot >= 0 && slot < slotCommand.length ? slotCommand[slot] : null;
                if (c != null && c.poll == null)
                {
                    commandEvents.increment();
                    poll(c);
                }
            }
        }
        mmio.eqDoorbell(commandEqn, commandEqConsumer, true);
    }

    private long inputPa(final int slot)
    {
        return mailboxPa + (long)slot * MAILBOX_PAIR_BYTES;
    }

    private long outputPa(final int slot)
    {
        return inputPa(slot) + OUTPUT_OFFSET;
    }

    private long headerPa(final int slot)
    {
        return cmdqPa + (long)slot * InitSegmentLayout.CMDQ_SLOT_BYTES;
    }

    private void ring(final PendingCommand c, final int slot)
    {
        slotCommand[slot] = c;
        c.slot = slot;
        c.issuePs = loop.nowPs();
        memory.fill(inputPa(slot), MAILBOX_PAIR_BYTES, (byte)0);
        c.writer.write(memory, inputPa(slot));
        header.wrap(memory, headerPa(slot)).clear()
            .opcode(c.opcode)
            .inputLength(OUTPUT_OFFSET)
            .inputAddress(inputPa(slot))
            .outputAddress(outputPa(slot))
            .outputLength(MAILBOX_PAIR_BYTES - OUTPUT_OFFSET)
            .event(commandEqn >= 0)
            .token(slot)
            .owner(true);
        mmio.writeRegister(InitSegmentLayout.CMD_DOORBELL_OFFSET, slot);
        commandsIssued.increment();
        if (commandEqn < 0)
        {
            c.poll = Event.of(name + ".poll" + slot, Priority.DEFAULT, () -> poll(c));
            loop.scheduleAfter(c.poll, params.pollIntervalPs());
        }
    }

    private void poll(final PendingCommand c)
    {
        header.wrap(memory, headerPa(c.slot));
        if (header.owner())
        {
            ownerPolls.increment();
            if (c.poll == null)
            {
                c.poll = Event.of(name + ".poll" + c.slot, Priority.DEFAULT, () -> poll(c));
            }
            loop.scheduleAfter(c.poll, params.pollIntervalPs());
            return;
        }
        final CommandStatus status = CommandStatus.of(header.status());
        int value = 0;
        if (status == CommandStatus.OK)
        {
            value = c.reader.read(memory, outputPa(c.slot));
        }
        else
        {
            commandsFailed.increment();
        }
        slotCommand[c.slot] = null;
        final PendingCommand next = waiting.pollFirst();
        if (next != null)
        {
            ring(next, c.slot);
        }
        callbacks.after(params.commandSyscallPs(), c.callback,
            status == CommandStatus.OK ? DriverStatus.OK : DriverStatus.COMMAND_FAILED, status, value);
    }
}
