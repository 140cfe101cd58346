package org.sansim.nic.command;

import org.sansim.hw.CommandHeaderDescriptor;
import org.sansim.hw.CommandHeaderFlyweight;
import org.sansim.hw.CommandOpcode;
import org.sansim.hw.CommandStatus;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The command queue in host memory and the pipeline that runs its commands (HARDWARE.md 5), one at a
 * time in doorbell order, up to {@link InitSegmentLayout#CMDQ_SLOTS} doorbells pending:
 * <ol>
 *   <li>DMA-read the 64-byte header; a slot whose {@code OWNER} is 0 is ignored;</li>
 *   <li>check the opcode, lengths and mailboxes; a failure completes at once;</li>
 *   <li>DMA-read the opcode's input bytes;</li>
 *   <li>wait the opcode's firmware time, then {@link CommandExecutor#execute execute} it;</li>
 *   <li>DMA-write the output (only on success), then the header's last 8 bytes with the status and
 *       {@code OWNER} = 0; PCIe's posted-write order makes the output visible first;</li>
 *   <li>with {@code EVENT} set, post a {@code COMMAND_COMPLETION} event behind the status write.</li>
 * </ol>
 * Doorbells before {@code READY} are ignored, doorbells beyond the pending limit dropped; both are
 * counted. It owns the processor's statistics. Steady state allocates nothing.
 */
final class CommandQueue implements DmaReadCompletion
{
    private static final int PENDING_SLOTS = InitSegmentLayout.CMDQ_SLOTS;
    private static final long READ_HEADER = 1;
    private static final long READ_INPUT = 2;

    private final CommandProcessorParams params;
    private final EventLoop loop;
    private final PcieEndpoint endpoint;
    private final CompletionUnit completion;
    private final FirmwareMemory memory;
    private final InitSegment init;
    private final HostResources host;
    private final CommandExecutor executor;
    private final Event executeEvent;
    private final CommandHeaderFlyweight header = new CommandHeaderFlyweight();

    private final int[] pendingSlot = new int[PENDING_SLOTS];
    private int pendingHead;
    private int pendingCount;
    private boolean busy;
    private int slot;
    private long slotPa;
    private CommandOpcode opcode;
    private long startPs;
    private long lastDoorbellPs;
    private long lastHeaderReadPs;
    private long lastInputReadPs;
    private long lastExecutePs;
    private long lastStatusArrivalPs;

    private final Counter[] commands = new Counter[CommandOpcode.values().length];
    private final Counter failures;
    private final Counter badOpcodes;
    private final Counter busyPs;
    private final Counter ignoredDoorbells;
    private final Counter droppedDoorbells;
    private final Counter eventsNotPosted;

    /**
     * @param name the command processor's component path: its stats group, and the execute event is
     *     {@code name + ".execute"}
     * @param params the firmware time scale
     * @param loop the NIC partition's event loop
     * @param endpoint the NIC's PCIe endpoint, for the header, mailbox and status DMAs
     * @param completion where command completion events are posted
     * @param memory the firmware memory the header and mailboxes are copied to
     * @param init the initialisation registers: {@code READY} and the command queue's address
     * @param host the host memory mailboxes must lie in
     * @param executor what executes each command
     * @param stats where the statistics go
     */
    CommandQueue(final String name, final CommandProcessorParams params, final EventLoop loop,
        final PcieEndpoint endpoint, final CompletionUnit completion, final FirmwareMemory memory,
        final InitSegment init, final HostResources host, final CommandExecutor executor, final StatsRegistry stats)
    {
        this.params = params;
        this.loop = loop;
        this.endpoint = endpoint;
        this.completion = completion;
        this.memory = memory;
        this.init = init;
        this.host = host;
        this.executor = executor;
        this.executeEvent = Event.of(name + ".execute", Priority.DEFAULT, this::onExecute);
        final StatGroup group = stats.group(name);
        for (final CommandOpcode op : CommandOpcode.values())
        {
            commands[op.ordinal()] = group.counter("commands_" + op.name(), "count",
                op.name() + " commands completed, failures included");
        }
        failures = group.counter("failures", "count", "commands completed with a status other than OK");
        badOpcodes = group.counter("badOpcodes", "count", "commands with an unknown opcode");
        busyPs = group.counter("busyPs", "ps", "time spent on commands, from header read to status write");
        ignoredDoorbells = group.counter("ignoredDoorbells", "count",
            "command doorbells ignored: before READY, or for a slot the NIC does not own");
        droppedDoorbells = group.counter("droppedDoorbells", "count", "command doorbells beyond 64 pending");
        eventsNotPosted = group.counter("eventsNotPosted", "count",
            "commands with EVENT set completed without an event (no EQ takes command completions, or it is full)");
        group.formula("occupancy", "ratio", "fraction of time spent on commands since time zero",
            () -> loop.nowPs() == 0 ? 0.0 : (double)busyPs.value() / loop.nowPs());
    }

    /**
     * A write of {@code CMD_DOORBELL}: queues the slot, and starts it if no command is under way.
     *
     * @param doorbellSlot the slot rung, below {@link InitSegmentLayout#CMDQ_SLOTS}
     */
    void doorbell(final int doorbellSlot)
    {
        if (!init.ready())
        {
            ignoredDoorbells.increment();
            return;
        }
        if (pendingCount == PENDING_SLOTS)
        {
            droppedDoorbells.increment();
            return;
        }
        pendingSlot[(pendingHead + pendingCount) % PENDING_SLOTS] = doorbellSlot;
        pendingCount++;
        lastDoorbellPs = loop.nowPs();
        startNext();
    }

    private void startNext()
    {
        if (busy || pendingCount == 0)
        {
            return;
        }
        slot = pendingSlot[pendingHead];
        pendingHead = (pendingHead + 1) % PENDING_SLOTS;
        pendingCount--;
        busy = true;
        opcode = null;
        memory.clearSyndrome();
        startPs = loop.nowPs();
        slotPa = init.commandQueuePa() + (long)slot * InitSegmentLayout.CMDQ_SLOT_BYTES;
        endpoint.dmaRead(slotPa, CommandHeaderDescriptor.LENGTH_BYTES, memory.buffer, 0, this, READ_HEADER);
    }

    @Override
    public void dmaReadDone(final long cookie)
    {
        if (cookie == READ_HEADER)
        {
            lastHeaderReadPs = loop.nowPs();
            memory.sram.write(FirmwareMemory.HEADER_OFFSET, memory.buffer, 0, CommandHeaderDescriptor.LENGTH_BYTES);
            onHeader();
        }
        else
        {
            memory.sram.write(FirmwareMemory.INPUT_OFFSET, memory.buffer, 0, opcode.inputBytes());
            onInput();
        }
    }

    private void onHeader()
    {
        header.wrap(memory.sram, FirmwareMemory.HEADER_OFFSET);
        if (!header.owner())
        {
            ignoredDoorbells.increment();
            busy = false;
            startNext();
            return;
        }
        opcode = CommandOpcode.of(header.opcode());
        if (opcode == null)
        {
            badOpcodes.increment();
            finish(CommandStatus.BAD_OPCODE);
            return;
        }
        if (header.inputLength() < opcode.inputBytes())
        {
            finish(CommandStatus.BAD_INPUT_LENGTH);
            return;
        }
        if (header.outputLength() < opcode.outputBytes())
        {
            finish(CommandStatus.BAD_OUTPUT_LENGTH);
            return;
        }
        if (!mailboxOk(header.inputAddress(), opcode.inputBytes())
            || !mailboxOk(header.outputAddress(), opcode.outputBytes()))
        {
            finish(CommandStatus.BAD_MAILBOX);
            return;
        }
        if (opcode.inputBytes() > 0)
        {
            endpoint.dmaRead(header.inputAddress(), opcode.inputBytes(), memory.buffer, 0, this, READ_INPUT);
        }
        else
        {
            onInput();
        }
    }

    private boolean mailboxOk(final long pa, final int bytes)
    {
        return bytes == 0 || pa >= 0 && pa % CommandHeaderDescriptor.MAILBOX_ALIGNMENT_BYTES == 0
            && host.inHostMemory(pa, bytes);
    }

    private void onInput()
    {
        lastInputReadPs = loop.nowPs();
        loop.scheduleAfter(executeEvent, params.firmwarePs(opcode.defaultFirmwareNs()));
    }

    private void onExecute()
    {
        lastExecutePs = loop.nowPs();
        finish(executor.execute(opcode));
    }

    private void finish(final CommandStatus status)
    {
        header.wrap(memory.sram, FirmwareMemory.HEADER_OFFSET);
        if (status == CommandStatus.OK && opcode.outputBytes() > 0)
        {
            memory.sram.read(FirmwareMemory.OUTPUT_OFFSET, memory.buffer, 0, opcode.outputBytes());
            endpoint.dmaWrite(header.outputAddress(), memory.buffer, 0, opcode.outputBytes());
        }
        final boolean event = header.event();
        final int token = header.token();
        header.complete(status, status == CommandStatus.BAD_PARAM ? memory.syndrome() : 0);
        final int tail = CommandHeaderDescriptor.SYNDROME_OFFSET;
        memory.sram.read(FirmwareMemory.HEADER_OFFSET + tail, memory.buffer, 0, CommandHeaderDescriptor.LENGTH_BYTES - tail);
        lastStatusArrivalPs = endpoint.dmaWrite(slotPa + tail, memory.buffer, 0, CommandHeaderDescriptor.LENGTH_BYTES - tail);
        // The event goes up the link behind the status write, so a driver woken by it sees OWNER = 0.
        if (event && !completion.postCommandCompletion(slot, status.code(), token))
        {
            eventsNotPosted.increment();
        }
        if (opcode != null)
        {
            commands[opcode.ordinal()].increment();
        }
        if (status != CommandStatus.OK)
        {
            failures.increment();
        }
        busyPs.add(loop.nowPs() - startPs);
        busy = false;
        startNext();
    }

    /** @return whether a command is under way */
    boolean busy()
    {
        return busy;
    }

    /**
     * @param op an opcode
     * @return commands of that opcode completed, failures included
     */
    long commands(final CommandOpcode op)
    {
        return commands[op.ordinal()].value();
    }

    /** @return commands completed with a status other than OK */
    long failures()
    {
        return failures.value();
    }

    /** @return time spent on commands, in picoseconds */
    long busyPs()
    {
        return busyPs.value();
    }

    /** @return command doorbells ignored */
    long ignoredDoorbells()
    {
        return ignoredDoorbells.value();
    }

    /** @return when the last command doorbell reached the processor (after the register decode) */
    long lastDoorbellPs()
    {
        return lastDoorbellPs;
    }

    /** @return when the last command header's DMA read finished */
    long lastHeaderReadPs()
    {
        return lastHeaderReadPs;
    }

    /** @return when the last command input's DMA read finished (or, with no input, the header's) */
    long lastInputReadPs()
    {
        return lastInputReadPs;
    }

    /** @return when the last command executed, at the end of its firmware time */
    long lastExecutePs()
    {
        return lastExecutePs;
    }

    /** @return when the last command's status write arrives in host memory */
    long lastStatusArrivalPs()
    {
        return lastStatusArrivalPs;
    }
}
