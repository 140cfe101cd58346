package org.sansim.provider.driver.kernel;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.sansim.host.AddressSpace;
import org.sansim.host.FrameAllocator;
import org.sansim.host.InterruptController;
import org.sansim.host.PageSize;
import org.sansim.host.PhysicalMemory;
import org.sansim.host.SimProcess;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.CommandHeaderFlyweight;
import org.sansim.hw.CommandOpcode;
import org.sansim.hw.CommandStatus;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CqeFlyweight;
import org.sansim.hw.CreateCqInputFlyweight;
import org.sansim.hw.CreateEqInputFlyweight;
import org.sansim.hw.EqDoorbell;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeFlyweight;
import org.sansim.hw.EqeType;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.hw.MadRecvEntryDescriptor;
import org.sansim.hw.MadRecvEntryFlyweight;
import org.sansim.hw.MadRingInputDescriptor;
import org.sansim.hw.MadRingInputFlyweight;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.ModifyQpInputDescriptor;
import org.sansim.hw.ModifyQpInputFlyweight;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MptEntryFlyweight;
import org.sansim.hw.MttEntryDescriptor;
import org.sansim.hw.MttEntryFlyweight;
import org.sansim.hw.ObjectHandleFlyweight;
import org.sansim.hw.QpContextDescriptor;
import org.sansim.hw.QpContextFlyweight;
import org.sansim.hw.QpState;
import org.sansim.hw.QueryDeviceOutputFlyweight;
import org.sansim.hw.SendMadInputDescriptor;
import org.sansim.hw.SendMadInputFlyweight;
import org.sansim.hw.UarLayout;
import org.sansim.hw.WqeLayout;
import org.sansim.pcie.PcieRootComplex;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The kernel-mode driver: brings the device up and owns its command interface, its MPT and MTT
 * tables and memory registration (HARDWARE.md 3, 5, 11). It reaches the NIC only through host
 * memory and MMIO writes through the {@link PcieRootComplex}.
 *
 * <p><b>Commands.</b> {@link #command} writes the input mailbox, then the header with {@code OWNER} =
 * 1 (owner byte last), then {@code CMD_DOORBELL}. The first commands of start-up are polled: the
 * driver reads the header's {@code OWNER} byte every {@link KernelDriverParams#pollIntervalPs()}
 * from the doorbell on. Right after {@code QUERY_DEVICE} it creates an EQ that takes
 * {@code COMMAND_COMPLETION} events, on an MSI-X vector of its own, and arms it; from then on each
 * command sets {@code EVENT} (with its slot as the token) and the driver waits for the interrupt.
 * Either way it calls back {@link KernelDriverParams#commandSyscallPs()} after seeing {@code OWNER} =
 * 0, reading the status and output then. Up to {@link KernelDriverParams#commandSlots()} commands are
 * in flight; more wait in order. Operations are event-driven with a {@link DriverCallback}; a
 * simulated host thread blocks on one with {@code SimThread.await}.
 *
 * <p><b>Registration</b> pins the pages of {@code [va, va + length)} (a walk of the process's page
 * table, one 4 KiB page at a time, {@link KernelDriverParams#pinPagePs()} each; the host model never
 * swaps, so pinning is bookkeeping), writes one MTT entry per page
 * ({@link KernelDriverParams#mttEntryWritePs()} each), then issues {@code CREATE_MKEY} once that CPU
 * time has passed. A page that is not mapped fails the registration with
 * {@link DriverStatus#PAGE_FAULT} before any MTT entry is written. The key's variant comes from a
 * per-device counter. The protection domain is the process's pid unless given.
 *
 * <p><b>Host memory.</b> Rings and tables are physically contiguous: a 4 KiB frame when they fit, a
 * 2 MiB frame otherwise (so a ring or table is at most 2 MiB). Doorbell records take 64-byte slots of
 * shared pages. CQE and EQE owner bits start at 1, CQE opcodes at {@code INVALID}; everything else
 * starts zeroed.
 *
 * <p><b>Interrupts</b> (HARDWARE.md 10.3). {@link #allocateVector} takes a free MSI-X vector, registers
 * its handler with the host's {@link InterruptController} (the root complex's) and programs the
 * vector's MSI-X table entry through BAR 0 as a real driver does: message address low and high
 * dwords (the MSI window's base), message data (the vector number), then vector control = 0, which
 * unmasks it; four 32-bit little-endian MMIO writes, which reach the NIC in order and before any
 * later command. {@link #eqDoorbell} updates an EQ's consumer index and re-arms it through UAR page 0.
 * The handler runs on the host's event loop; it is expected to drain its EQ and re-arm it.
 *
 * <p><b>Management datagrams</b> (HARDWARE.md 15). {@link #openMadChannel} sets up the MAD receive
 * ring and an EQ of its own for {@code MAD_RECEIVED} events, with a vector of its own, and arms that
 * EQ. On each interrupt it drains the EQ and for each event the ring (owner bit, then the entry),
 * hands each MAD to the {@link MadListener}, writes {@code MAD_RQ_CONSUMER}, then the EQ's consumer
 * index with the re-arm bit through UAR page 0. Nothing runs while no MAD arrives.
 * {@link #sendMad} is one {@code SEND_MAD} command. The CPU cost of the protocol above (the
 * communication manager) is its own.
 *
 * <p><b>Still polled:</b> the start-up commands up to the command EQ's creation (above), and the
 * device's readiness after {@code ENABLE} (a fixed wait: the model has no MMIO reads).
 *
 * <p>Runs on the host's partition.
 */
public final class KernelDriver
{
    /** {@link #allocateVector}: bring-up has not finished. */
    public static final int NOT_READY = -1;
    /** {@link #allocateVector}: every vector of the device is taken. */
    public static final int NO_VECTOR = -2;
    private static final int MAILBOX_PAIR_BYTES = 512;
    private static final int OUTPUT_OFFSET = 384;
    private static final int LOG_MAD_EQ = 6;
    /** Command completion EQ: at most 8 commands are in flight, so 16 entries never fill. */
    private static final int LOG_COMMAND_EQ = 4;
    private static final int DBR_SLOT_BYTES = 64;
    /**
     * log2 of the QP context table's entries the driver gives the NIC (HARDWARE.md 3, 5.8.1): 16384 QPs in
     * 2 MiB, above the NIC's default 1024 QP contexts; pages are zero until the firmware writes them.
     */
    private static final int LOG_QPC_ENTRIES = 14;
    private static final int LOG_PAGE = PhysicalMemory.PAGE_SHIFT;
    private static final long PAGE_BYTES = PhysicalMemory.PAGE_BYTES;

    private final String name;
    private final KernelDriverParams params;
    private final EventLoop loop;
    private final PcieRootComplex rc;
    private final PhysicalMemory memory;
    private final FrameAllocator frames;
    private final long bar0Address;
    private final long bar2Address;
    private final InterruptController interrupts;
    private final boolean[] vectorInUse = new boolean[InitSegmentLayout.MSIX_MAX_VECTORS];

    private final CommandHeaderFlyweight header = new CommandHeaderFlyweight();
    private final ObjectHandleFlyweight handle = new ObjectHandleFlyweight();
    private final MttEntryFlyweight mtt = new MttEntryFlyweight();

    private boolean initialising;
    private boolean ready;
    private long cmdqPa = -1;
    private long mailboxPa = -1;
    private long mptTablePa = -1;
    private int mptLogEntries;
    private long mttTablePa = -1;
    private long qpcTablePa = -1;
    private int mttLogEntries;
    private long[] mttUsed = new long[0];
    private int mttInUse;
    private DeviceCapabilities capabilities;

    private final Command[] slotCommand;
    private final ArrayDeque<Command> waiting = new ArrayDeque<>();
    private final ArrayDeque<Long> freeDoorbellRecords = new ArrayDeque<>();

    private final Map<Integer, QueueMemory> eqs = new HashMap<>();
    private final Map<Integer, QueueMemory> cqs = new HashMap<>();
    private final Map<Integer, QueueMemory> qps = new HashMap<>();
    private final Map<Integer, Long> qpRqBytes = new HashMap<>();
    private final Map<Integer, Registration> registrations = new HashMap<>();
    private int nextVariant;
    private long pinnedPages;

    private final Counter commandsIssued;
    private final Counter ownerPolls;
    private final Counter commandEvents;
    private final Counter commandsFailed;
    private final Counter registrationsDone;
    private final Counter registrationFaults;
    private final Counter pinnedPagesTotal;
    private final Counter madsSent;
    private final Counter madsReceived;
    private final Counter madInterrupts;

    // The MAD channel.
    private final EqeFlyweight madEqe = new EqeFlyweight();
    private final MadRecvEntryFlyweight madEntry = new MadRecvEntryFlyweight();
    private MadListener madListener;
    private boolean madChannelOpening;
    private int madEqn = -1;
    private long madEqPa;
    private int madEqConsumer;
    private final EqeFlyweight commandEqe = new EqeFlyweight();
    private int commandEqn = -1;
    private long commandEqPa;
    private int commandEqConsumer;
    private long madRingPa = -1;
    private int madRingLog;
    private int madRingConsumer;
    private int madVector = -1;

    /** A command in a slot or waiting for one. */
    private static final class Command
    {
        final CommandOpcode opcode;
        final MailboxWriter writer;
        final MailboxReader reader;
        final DriverCallback callback;
        int slot = -1;
        long issuePs;
        Event poll;

        Command(final CommandOpcode opcode, final MailboxWriter writer, final MailboxReader reader,
            final DriverCallback callback)
        {
            this.opcode = opcode;
            this.writer = writer;
            this.reader = reader;
            this.callback = callback;
        }
    }

    /** A registered region: its MTT range and the pinned frames. */
    private record Registration(int key, int mttBase, int mttCount, long[] pinnedPas)
    {
    }

    /**
     * @param name the component path, such as {@code "host0.kdriver"}; also its stats group
     * @param params the parameters, validated here
     * @param loop the host partition's event loop
     * @param rc the host's end of the NIC's PCIe link; its memory is the host memory
     * @param frames the host's frame allocator, for rings and tables
     * @param bar0Address bus address of the NIC's BAR 0
     * @param stats where the statistics go
     */
    public KernelDriver(final String name, final KernelDriverParams params, final EventLoop loop,
        final PcieRootComplex rc, final FrameAllocator frames, final long bar0Address, final StatsRegistry stats)
    {
        this(name, params, loop, rc, frames, bar0Address, -1, stats);
    }

    /**
     * @param name the component path, such as {@code "host0.kdriver"}; also its stats group
     * @param params the parameters, validated here
     * @param loop the host partition's event loop
     * @param rc the host's end of the NIC's PCIe link; its memory is the host memory
     * @param frames the host's frame allocator, for rings and tables
     * @param bar0Address bus address of the NIC's BAR 0
     * @param bar2Address bus address of the NIC's BAR 2, whose UAR page 0 the driver's own EQ doorbells
     *     use; -1 if unknown (then {@link #openMadChannel} fails)
     * @param stats where the statistics go
     */
    public KernelDriver(final String name, final KernelDriverParams params, final EventLoop loop,
        final PcieRootComplex rc, final FrameAllocator frames, final long bar0Address, final long bar2Address,
        final StatsRegistry stats)
    {
        params.validate();
        this.bar2Address = bar2Address;
        this.name = name;
        this.params = params;
        this.loop = loop;
        this.rc = rc;
        this.memory = rc.memory();
        this.frames = frames;
        this.bar0Address = bar0Address;
        this.interrupts = rc.interruptController();
        this.slotCommand = new Command[params.commandSlots()];
        final StatGroup group = stats.group(name);
        commandsIssued = group.counter("commandsIssued", "count", "commands rung");
        ownerPolls = group.counter("ownerPolls", "count", "reads of a command's OWNER byte that found it still set");
        commandEvents = group.counter("commandEvents", "count", "commands completed by event and interrupt");
        commandsFailed = group.counter("commandsFailed", "count", "commands the NIC failed");
        registrationsDone = group.counter("registrations", "count", "memory regions registered");
        registrationFaults = group.counter("registrationFaults", "count", "registrations failed by a page fault");
        pinnedPagesTotal = group.counter("pinnedPages", "count", "4 KiB pages pinned, cumulative");
        madsSent = group.counter("madsSent", "count", "management datagrams handed to the NIC with SEND_MAD");
        madsReceived = group.counter("madsReceived", "count", "management datagrams taken from the receive ring");
        madInterrupts = group.counter("madInterrupts", "count", "interrupts of the MAD channel's EQ handled");
    }

    // ---------------------------------------------------------------------------------------------
    // Bring-up

    /**
     * Brings the device up (HARDWARE.md 3): allocates and zeroes the command queue, the mailboxes and
     * the MPT and MTT tables, writes their registers, sets {@code ENABLE}, waits
     * {@link KernelDriverParams#readyWaitPs()} and issues {@code QUERY_DEVICE}.
     *
     * @param logMptEntries log2 of the MPT table's entries, 1 to 16 (at most 2 MiB)
     * @param logMttEntries log2 of the MTT table's entries, 1 to 18 (at most 2 MiB)
     * @param callback told when the device is ready (value 0)
     */
    public void initialise(final int logMptEntries, final int logMttEntries, final DriverCallback callback)
    {
        if (initialising || ready || logMptEntries < 1 || logMttEntries < 1
            || (long)MptEntryDescriptor.LENGTH_BYTES << logMptEntries > PageSize.SIZE_2M.bytes()
            || (long)MttEntryDescriptor.LENGTH_BYTES << logMttEntries > PageSize.SIZE_2M.bytes())
        {
            later(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        cmdqPa = allocate(InitSegmentLayout.CMDQ_SLOTS * InitSegmentLayout.CMDQ_SLOT_BYTES);
        mailboxPa = allocate(KernelDriverParams.MAX_COMMAND_SLOTS * MAILBOX_PAIR_BYTES);
        mptTablePa = allocate((long)MptEntryDescriptor.LENGTH_BYTES << logMptEntries);
        mttTablePa = allocate((long)MttEntryDescriptor.LENGTH_BYTES << logMttEntries);
        qpcTablePa = allocate((long)QpContextDescriptor.LENGTH_BYTES << LOG_QPC_ENTRIES);
        if (cmdqPa < 0 || mailboxPa < 0 || mptTablePa < 0 || mttTablePa < 0 || qpcTablePa < 0)
        {
            later(0, callback, DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        initialising = true;
        mptLogEntries = logMptEntries;
        mttLogEntries = logMttEntries;
        mttUsed = new long[Math.max(1, (1 << logMttEntries) / Long.SIZE)];
        writeRegister64(InitSegmentLayout.CMDQ_ADDRESS_HI_OFFSET, cmdqPa);
        writeRegister64(InitSegmentLayout.MPT_BASE_HI_OFFSET, mptTablePa);
        writeRegister(InitSegmentLayout.MPT_LOG_ENTRIES_OFFSET, logMptEntries);
        writeRegister64(InitSegmentLayout.MTT_BASE_HI_OFFSET, mttTablePa);
        writeRegister(InitSegmentLayout.MTT_LOG_ENTRIES_OFFSET, logMttEntries);
        writeRegister64(InitSegmentLayout.QPC_BASE_HI_OFFSET, qpcTablePa);
        writeRegister(InitSegmentLayout.QPC_LOG_ENTRIES_OFFSET, LOG_QPC_ENTRIES);
        writeRegister(InitSegmentLayout.DEVICE_CONTROL_OFFSET, InitSegmentLayout.DEVICE_CONTROL_ENABLE);
        final QueryDeviceOutputFlyweight out = new QueryDeviceOutputFlyweight();
        loop.scheduleAfter(Event.of(name + ".readyWait", Priority.DEFAULT, () ->
        {
            ready = true;
            command(CommandOpcode.QUERY_DEVICE, MailboxWriter.NONE, (m, pa) ->
            {
                out.wrap(m, pa);
                capabilities = new DeviceCapabilities(out.logMaxQp(), out.logMaxCq(), out.logMaxEq(),
                    out.logMaxMkey(), out.logMaxMtt(), out.logMaxCqes(), out.maxRdAtomic(), out.maxDestRdAtomic(),
                    out.maxInlineBytes(), out.maxPathMtu(), out.uarCount(), out.msixVectors(), out.blueflame());
                return 0;
            }, (status, commandStatus, value) ->
            {
                ready = status == DriverStatus.OK;
                if (!ready || bar2Address < 0)
                {
                    initialising = false;
                    callback.onDone(status, commandStatus, value);
                    return;
                }
                openCommandEq(() ->
                {
                    initialising = false;
                    callback.onDone(status, commandStatus, value);
                });
            });
        }), params.readyWaitPs());
    }

    /** Writes a 32-bit big-endian register: the CPU's little-endian store of the byte-swapped value. */
    private void writeRegister(final int offset, final int value)
    {
        rc.mmioWrite32(bar0Address + offset, Integer.reverseBytes(value));
    }

    /** Writes the {@code _HI} register at {@code hiOffset}, then the {@code _LO} one that latches. */
    private void writeRegister64(final int hiOffset, final long value)
    {
        writeRegister(hiOffset, (int)(value >>> Integer.SIZE));
        writeRegister(hiOffset + Integer.BYTES, (int)value);
    }

    /** Allocates zeroed contiguous host memory: a 4 KiB frame, or a 2 MiB one; -1 if none. */
    private long allocate(final long bytes)
    {
        final PageSize size = bytes <= PageSize.SIZE_4K.bytes() ? PageSize.SIZE_4K : PageSize.SIZE_2M;
        if (bytes > size.bytes())
        {
            return -1;
        }
        final long pa = frames.allocate(size);
        if (pa != FrameAllocator.NO_FRAME)
        {
            memory.fill(pa, size.bytes(), (byte)0);
        }
        return pa;
    }

    private void free(final long pa, final long bytes)
    {
        if (pa >= 0)
        {
            frames.free(pa, bytes <= PageSize.SIZE_4K.bytes() ? PageSize.SIZE_4K : PageSize.SIZE_2M);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The command interface

    /**
     * Issues one command (HARDWARE.md 5): takes a free slot (or waits for one), zeroes and fills the
     * input mailbox, writes the header with {@code OWNER} = 1 last, and rings {@code CMD_DOORBELL}.
     *
     * @param opcode the command
     * @param writer fills the input mailbox
     * @param reader reads the output mailbox of a successful command; its result is the callback's value
     * @param callback told the outcome, {@link KernelDriverParams#commandSyscallPs()} after the poll that
     *     saw the command done
     */
    public void command(final CommandOpcode opcode, final MailboxWriter writer, final MailboxReader reader,
        final DriverCallback callback)
    {
        if (!ready)
        {
            later(params.commandSyscallPs(), callback, DriverStatus.NOT_READY, null, 0);
            return;
        }
        final Command c = new Command(opcode, writer, reader, callback);
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

    private void ring(final Command c, final int slot)
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
        writeRegister(InitSegmentLayout.CMD_DOORBELL_OFFSET, slot);
        commandsIssued.increment();
        if (commandEqn < 0)
        {
            c.poll = Event.of(name + ".poll" + slot, Priority.DEFAULT, () -> poll(c));
            loop.scheduleAfter(c.poll, params.pollIntervalPs());
        }
    }

    /**
     * Creates the EQ of command completion events on a vector of its own and arms it; from then on
     * commands ask for an event and the driver waits for its interrupt instead of polling
     * {@code OWNER}. Falls back to polling if anything fails.
     */
    private void openCommandEq(final Runnable then)
    {
        final int vector = allocateVector(this::onCommandInterrupt);
        if (vector < 0)
        {
            then.run();
            return;
        }
        createEq(LOG_COMMAND_EQ, vector, EqeType.COMMAND_COMPLETION.maskBit(), (status, commandStatus, eqn) ->
        {
            if (status != DriverStatus.OK)
            {
                freeVector(vector);
                then.run();
                return;
            }
            commandEqPa = eqs.get(eqn).ringPa();
            commandEqn = eqn;
            eqDoorbell(eqn, commandEqConsumer, true);
            then.run();
        });
    }

    /** The command EQ's interrupt: completes each command whose event arrived, then re-arms. */
    private void onCommandInterrupt()
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
                final Command c = slot >= 0 && slot < slotCommand.length ? slotCommand[slot] : null;
                if (c != null && c.poll == null)
                {
                    commandEvents.increment();
                    poll(c);
                }
            }
        }
        eqDoorbell(commandEqn, commandEqConsumer, true);
    }

    /** @return whether commands complete by event and interrupt (after start-up) rather than by polling */
    public boolean commandEvents()
    {
        return commandEqn >= 0;
    }

    private void poll(final Command c)
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
        final Command next = waiting.pollFirst();
        if (next != null)
        {
            ring(next, c.slot);
        }
        later(params.commandSyscallPs(), c.callback,
            status == CommandStatus.OK ? DriverStatus.OK : DriverStatus.COMMAND_FAILED, status, value);
    }

    /** Calls {@code callback} {@code delayPs} from now. */
    private void later(final long delayPs, final DriverCallback callback, final DriverStatus status,
        final CommandStatus commandStatus, final int value)
    {
        loop.scheduleAfter(Event.of(name + ".callback", Priority.DEFAULT,
            () -> callback.onDone(status, commandStatus, value)), delayPs);
    }

    private static MailboxWriter handleInput(final int object)
    {
        return (m, pa) -> new ObjectHandleFlyweight().wrap(m, pa).object(object);
    }

    private final MailboxReader handleOutput = (m, pa) -> handle.wrap(m, pa).object();

    // ---------------------------------------------------------------------------------------------
    // Management datagrams

    /**
     * Opens the MAD channel (HARDWARE.md 15): allocates the receive ring with every owner bit 1 and an
     * MSI-X vector, creates an EQ for {@code MAD_RECEIVED} events only on that vector, issues
     * {@code SET_MAD_RING}, and arms the EQ; MADs are then taken on its interrupts.
     *
     * @param logRingEntries log2 of the ring's 512-byte entries, 0 to 12
     * @param listener told each MAD received
     * @param callback told the outcome (value: the EQN)
     */
    public void openMadChannel(final int logRingEntries, final MadListener listener, final DriverCallback callback)
    {
        if (bar2Address < 0 || madChannelOpening || madEqn >= 0 || logRingEntries < 0
            || logRingEntries > MadRingInputDescriptor.MAX_LOG_SIZE)
        {
            later(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        final long bytes = (long)MadRecvEntryDescriptor.LENGTH_BYTES << logRingEntries;
        final long ring = allocate(bytes);
        if (ring < 0)
        {
            later(0, callback, DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        final int vector = allocateVector(this::onMadInterrupt);
        if (vector < 0)
        {
            free(ring, bytes);
            later(0, callback, vector == NOT_READY ? DriverStatus.NOT_READY : DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        for (long i = 0; i < 1L << logRingEntries; i++)
        {
            madEntry.wrap(memory, ring + i * MadRecvEntryDescriptor.LENGTH_BYTES).initialise();
        }
        madChannelOpening = true;
        createEq(LOG_MAD_EQ, vector, EqeType.MAD_RECEIVED.maskBit(), (status, commandStatus, eqn) ->
        {
            if (status != DriverStatus.OK)
            {
                madChannelOpening = false;
                free(ring, bytes);
                freeVector(vector);
                callback.onDone(status, commandStatus, 0);
                return;
            }
            command(CommandOpcode.SET_MAD_RING, (m, pa) -> new MadRingInputFlyweight().wrap(m, pa)
                .address(ring).logSize(logRingEntries).eqn(eqn), MailboxReader.NONE, (s2, cs2, v) ->
                {
                    madChannelOpening = false;
                    if (s2 != DriverStatus.OK)
                    {
                        free(ring, bytes);
                        freeVector(vector);
                        callback.onDone(s2, cs2, 0);
                        return;
                    }
                    madListener = listener;
                    madEqn = eqn;
                    madEqPa = eqs.get(eqn).ringPa();
                    madRingPa = ring;
                    madRingLog = logRingEntries;
                    madVector = vector;
                    eqDoorbell(eqn, madEqConsumer, true);
                    callback.onDone(s2, cs2, eqn);
                });
        });
    }

    /**
     * Sends one management datagram ({@code SEND_MAD}, HARDWARE.md 5.12).
     *
     * @param dstMac the next hop's MAC address
     * @param dstIpv4 the destination's IPv4 address
     * @param remoteQpn the destination QP (1 for a peer's communication manager)
     * @param qKey the Q_Key (0x80010000 for QP1)
     * @param mad the 256 bytes, copied into the mailbox at once
     * @param callback told when the NIC has queued the packet, or why not
     */
    public void sendMad(final long dstMac, final int dstIpv4, final int remoteQpn, final int qKey, final byte[] mad,
        final DriverCallback callback)
    {
        if (mad.length != SendMadInputDescriptor.MAD_BYTES)
        {
            later(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        final byte[] copy = mad.clone();
        madsSent.increment();
        command(CommandOpcode.SEND_MAD, (m, pa) -> new SendMadInputFlyweight().wrap(m, pa)
            .dstMac(dstMac).dstIpv4(dstIpv4).remoteQpn(remoteQpn).qKey(qKey).writeMad(copy, 0),
            MailboxReader.NONE, callback);
    }

    /** The MAD channel's interrupt: drains its EQ (and the ring for each event), then re-arms it. */
    private void onMadInterrupt()
    {
        madInterrupts.increment();
        while (true)
        {
            madEqe.wrap(memory, madEqPa + (long)(madEqConsumer & ((1 << LOG_MAD_EQ) - 1)) * EqeDescriptor.LENGTH_BYTES);
            if (!madEqe.softwareOwned(madEqConsumer, LOG_MAD_EQ))
            {
                break;
            }
            madEqConsumer++;
            if (madEqe.eventType() == EqeType.MAD_RECEIVED.code())
            {
                drainMadRing();
            }
        }
        eqDoorbell(madEqn, madEqConsumer, true);
    }

    private void drainMadRing()
    {
        boolean consumed = false;
        while (true)
        {
            madEntry.wrap(memory, madRingPa
                + (long)(madRingConsumer & ((1 << madRingLog) - 1)) * MadRecvEntryDescriptor.LENGTH_BYTES);
            if (!madEntry.softwareOwned(madRingConsumer & 0xFFFF_FFFFL, madRingLog))
            {
                break;
            }
            final byte[] mad = new byte[SendMadInputDescriptor.MAD_BYTES];
            madEntry.readMad(mad, 0, Math.min(mad.length, madEntry.madLength()));
            final long srcMac = madEntry.srcMac();
            final int srcIpv4 = madEntry.srcIpv4();
            final int srcQp = madEntry.srcQp();
            madRingConsumer++;
            consumed = true;
            madsReceived.increment();
            madListener.onMad(mad, srcMac, srcIpv4, srcQp);
        }
        if (consumed)
        {
            writeRegister(InitSegmentLayout.MAD_RQ_CONSUMER_OFFSET, madRingConsumer);
        }
    }

    /** @return management datagrams taken from the receive ring */
    public long madsReceived()
    {
        return madsReceived.value();
    }

    /** @return management datagrams sent */
    public long madsSent()
    {
        return madsSent.value();
    }

    /** @return the EQ of the MAD channel, or -1 before {@link #openMadChannel} succeeded */
    public int madEqn()
    {
        return madEqn;
    }

    /** @return the MSI-X vector of the MAD channel, or -1 before {@link #openMadChannel} succeeded */
    public int madVector()
    {
        return madVector;
    }

    // ---------------------------------------------------------------------------------------------
    // Interrupts

    /**
     * Takes the lowest free MSI-X vector of the device, registers {@code handler} for it with the
     * host's interrupt controller and programs its MSI-X table entry (address in the MSI window,
     * data = the vector, unmasked) with four posted MMIO writes.
     *
     * @param handler run on the host's event loop for each interrupt of the vector
     * @return the vector; {@link #NOT_READY} before bring-up finished, {@link #NO_VECTOR} if every
     *     vector the device has is taken
     */
    public int allocateVector(final Runnable handler)
    {
        if (!ready)
        {
            return NOT_READY;
        }
        final int vectors = Math.min(Math.min(capabilities.msixVectors(), vectorInUse.length),
            InterruptController.VECTORS);
        for (int v = 0; v < vectors; v++)
        {
            if (!vectorInUse[v] && !interrupts.registered(v))
            {
                vectorInUse[v] = true;
                interrupts.register(v, handler);
                writeMsixEntry(v, InterruptController.MSI_WINDOW_BASE, v, false);
                return v;
            }
        }
        return NO_VECTOR;
    }

    /**
     * Masks a vector's MSI-X table entry and removes its handler; the vector may be taken again.
     *
     * @param vector a vector {@link #allocateVector} returned
     */
    public void freeVector(final int vector)
    {
        if (vector < 0 || vector >= vectorInUse.length || !vectorInUse[vector])
        {
            throw new IllegalArgumentException(name + ": vector " + vector + " is not allocated");
        }
        writeMsixEntry(vector, InterruptController.MSI_WINDOW_BASE, vector, true);
        interrupts.unregister(vector);
        vectorInUse[vector] = false;
    }

    /** Writes one MSI-X table entry (little-endian, PCI layout), vector control last. */
    private void writeMsixEntry(final int vector, final long address, final int data, final boolean masked)
    {
        final long entry = bar0Address + InitSegmentLayout.MSIX_TABLE_OFFSET
            + (long)vector * InitSegmentLayout.MSIX_ENTRY_BYTES;
        if (masked)
        {
            rc.mmioWrite32(entry + InitSegmentLayout.MSIX_ENTRY_VECTOR_CONTROL, 1);
        }
        rc.mmioWrite32(entry + InitSegmentLayout.MSIX_ENTRY_ADDRESS_LO, (int)address);
        rc.mmioWrite32(entry + InitSegmentLayout.MSIX_ENTRY_ADDRESS_HI, (int)(address >>> Integer.SIZE));
        rc.mmioWrite32(entry + InitSegmentLayout.MSIX_ENTRY_DATA, data);
        if (!masked)
        {
            rc.mmioWrite32(entry + InitSegmentLayout.MSIX_ENTRY_VECTOR_CONTROL, 0);
        }
    }

    /**
     * Rings an EQ's doorbell in UAR page 0 (HARDWARE.md 4.3): reports the consumer index and, with
     * {@code arm}, re-arms the EQ's interrupt (which fires at once if EQEs wait past the index).
     *
     * @param eqn an EQ of this driver
     * @param consumerIndex the driver's consumer index, free-running
     * @param arm whether to re-arm the interrupt
     */
    public void eqDoorbell(final int eqn, final int consumerIndex, final boolean arm)
    {
        if (bar2Address < 0)
        {
            throw new IllegalStateException(name + ": the address of BAR 2 is unknown");
        }
        rc.mmioWrite64(bar2Address + UarLayout.EQ_DOORBELL_OFFSET,
            Long.reverseBytes(EqDoorbell.encode(arm, consumerIndex, eqn)));
    }

    /** @return the host's interrupt controller, where this driver registers its handlers */
    public InterruptController interruptController()
    {
        return interrupts;
    }

    // ---------------------------------------------------------------------------------------------
    // Queues

    /**
     * Creates an EQ: allocates its ring with every EQE's owner bit 1, then {@code CREATE_EQ}.
     *
     * @param logSize log2 of the number of EQEs
     * @param msixVector the vector it raises
     * @param eventMask bit n: deliver {@code EqeType} code n
     * @param callback told the EQN
     */
    public void createEq(final int logSize, final int msixVector, final int eventMask, final DriverCallback callback)
    {
        final long bytes = (long)EqeDescriptor.LENGTH_BYTES << logSize;
        final long ring = logSize < 0 || logSize > 23 ? -1 : allocate(bytes);
        if (ring < 0)
        {
            later(0, callback, DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        final EqeFlyweight eqe = new EqeFlyweight();
        for (long i = 0; i < 1L << logSize; i++)
        {
            eqe.wrap(memory, ring + i * EqeDescriptor.LENGTH_BYTES).initialise();
        }
        command(CommandOpcode.CREATE_EQ, (m, pa) -> new CreateEqInputFlyweight().wrap(m, pa)
            .address(ring).logSize(logSize).msixVector(msixVector).eventMask(eventMask).uarIndex(0),
            handleOutput, (status, commandStatus, eqn) ->
            {
                if (status == DriverStatus.OK)
                {
                    eqs.put(eqn, new QueueMemory(eqn, ring, logSize, -1, -1));
                }
                else
                {
                    free(ring, bytes);
                }
                callback.onDone(status, commandStatus, eqn);
            });
    }

    /**
     * Creates a CQ: allocates its ring (owner bits 1, opcodes {@code INVALID}) and a zeroed doorbell
     * record, then {@code CREATE_CQ}.
     *
     * @param logSize log2 of the number of CQEs
     * @param eqn the EQ of its events
     * @param uarIndex the UAR page allowed to arm it
     * @param callback told the CQN
     */
    public void createCq(final int logSize, final int eqn, final int uarIndex, final DriverCallback callback)
    {
        final long bytes = (long)CqeDescriptor.LENGTH_BYTES << logSize;
        final long ring = logSize < 0 || logSize > 23 ? -1 : allocate(bytes);
        final long dbr = ring < 0 ? -1 : doorbellRecord();
        if (ring < 0 || dbr < 0)
        {
            free(ring, bytes);
            later(0, callback, DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        final CqeFlyweight cqe = new CqeFlyweight();
        for (long i = 0; i < 1L << logSize; i++)
        {
            cqe.wrap(memory, ring + i * CqeDescriptor.LENGTH_BYTES).initialise();
        }
        command(CommandOpcode.CREATE_CQ, (m, pa) -> new CreateCqInputFlyweight().wrap(m, pa)
            .address(ring).dbrAddress(dbr).logSize(logSize).eqn(eqn).uarIndex(uarIndex),
            handleOutput, (status, commandStatus, cqn) ->
            {
                if (status == DriverStatus.OK)
                {
                    cqs.put(cqn, new QueueMemory(cqn, ring, logSize, -1, dbr));
                }
                else
                {
                    free(ring, bytes);
                    freeDoorbellRecords.addLast(dbr);
                }
                callback.onDone(status, commandStatus, cqn);
            });
    }

    /**
     * Destroys a CQ ({@code DESTROY_CQ}) and frees its memory.
     *
     * @param cqn a CQ this driver created
     * @param callback told the outcome
     */
    public void destroyCq(final int cqn, final DriverCallback callback)
    {
        final QueueMemory q = cqs.get(cqn);
        if (q == null)
        {
            later(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        command(CommandOpcode.DESTROY_CQ, handleInput(cqn), MailboxReader.NONE, (status, commandStatus, v) ->
        {
            if (status == DriverStatus.OK)
            {
                cqs.remove(cqn);
                free(q.ringPa(), (long)CqeDescriptor.LENGTH_BYTES << q.logRingEntries());
                freeDoorbellRecords.addLast(q.doorbellRecordPa());
            }
            callback.onDone(status, commandStatus, v);
        });
    }

    /**
     * Creates a QP in {@code RESET}: allocates its zeroed SQ, RQ and doorbell record, then
     * {@code CREATE_QP} with the create attributes of {@code a}.
     *
     * @param a the attributes; {@code CREATE}'s are read
     * @param callback told the QPN
     */
    public void createQp(final QpAttributes a, final DriverCallback callback)
    {
        if (a.logSqSize < 0 || a.logSqSize > WqeLayout.MAX_LOG_RING_SIZE || a.logRqSize < 0
            || a.logRqStride < 0 || a.logRqSize + a.logRqStride > PageSize.SIZE_2M.shift())
        {
            later(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        final long sqBytes = (long)WqeLayout.BASIC_BLOCK_BYTES << a.logSqSize;
        final long rqBytes = 1L << (a.logRqSize + a.logRqStride);
        final long sq = allocate(sqBytes);
        final long rq = sq < 0 ? -1 : allocate(rqBytes);
        final long dbr = rq < 0 ? -1 : doorbellRecord();
        if (dbr < 0)
        {
            free(sq, sqBytes);
            free(rq, rqBytes);
            later(0, callback, DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        final int pd = a.pd;
        final int sendCqn = a.sendCqn;
        final int recvCqn = a.recvCqn;
        final int logSq = a.logSqSize;
        final int logRq = a.logRqSize;
        final int stride = a.logRqStride;
        final boolean signalAll = a.signalAll;
        final int uar = a.uarIndex;
        command(CommandOpcode.CREATE_QP, (m, pa) -> new QpContextFlyweight().wrap(m, pa)
            .pd(pd).sendCqn(sendCqn).recvCqn(recvCqn).logSqSize(logSq).logRqSize(logRq).logRqStride(stride)
            .signalAll(signalAll).uarIndex(uar).sqAddress(sq).rqAddress(rq).dbrAddress(dbr),
            handleOutput, (status, commandStatus, qpn) ->
            {
                if (status == DriverStatus.OK)
                {
                    qps.put(qpn, new QueueMemory(qpn, sq, logSq, rq, dbr));
                    qpRqBytes.put(qpn, rqBytes);
                }
                else
                {
                    free(sq, sqBytes);
                    free(rq, rqBytes);
                    freeDoorbellRecords.addLast(dbr);
                }
                callback.onDone(status, commandStatus, qpn);
            });
    }

    /**
     * Moves a QP from one state to another ({@code MODIFY_QP}), with the attributes the transition reads.
     *
     * @param qpn the QP
     * @param from the state the caller believes it is in, or {@code null} for any (only to ERROR or RESET)
     * @param to the state wanted
     * @param a the attributes
     * @param callback told the outcome
     */
    public void modifyQp(final int qpn, final QpState from, final QpState to, final QpAttributes a,
        final DriverCallback callback)
    {
        final QpAttributes copy = copy(a);
        command(CommandOpcode.MODIFY_QP, (m, pa) ->
        {
            final ModifyQpInputFlyweight in = new ModifyQpInputFlyweight().wrap(m, pa).qpn(qpn)
                .fromState(from == null ? ModifyQpInputDescriptor.FROM_ANY_STATE : from.code()).toState(to.code());
            writeContext(in.context(), copy);
        }, MailboxReader.NONE, callback);
    }

    /**
     * Reads a QP's context ({@code QUERY_QP}) into {@code out}.
     *
     * @param qpn the QP
     * @param out filled on success
     * @param callback told the state code
     */
    public void queryQp(final int qpn, final QpAttributes out, final DriverCallback callback)
    {
        command(CommandOpcode.QUERY_QP, handleInput(qpn), (m, pa) ->
        {
            final QpContextFlyweight c = new QpContextFlyweight().wrap(m, pa);
            out.state = c.state();
            out.port = c.port();
            out.pathMtu = c.pathMtu();
            out.access = c.access();
            out.pd = c.pd();
            out.remoteQpn = c.remoteQpn();
            out.sendPsn = c.sendPsn();
            out.recvPsn = c.recvPsn();
            out.retryCount = c.retryCount();
            out.rnrRetry = c.rnrRetry();
            out.minRnrTimer = c.minRnrTimer();
            out.timeout = c.timeout();
            out.maxRdAtomic = c.maxRdAtomic();
            out.maxDestRdAtomic = c.maxDestRdAtomic();
            out.signalAll = c.signalAll();
            out.sendCqn = c.sendCqn();
            out.recvCqn = c.recvCqn();
            out.logSqSize = c.logSqSize();
            out.logRqSize = c.logRqSize();
            out.logRqStride = c.logRqStride();
            out.uarIndex = c.uarIndex();
            out.destMac = c.destMac();
            out.destIpv4 = c.destIpv4();
            out.udpSourcePort = c.udpSourcePort();
            out.ttl = c.ttl();
            out.trafficClass = c.trafficClass();
            return c.state();
        }, callback);
    }

    /**
     * Destroys a QP ({@code DESTROY_QP}) and frees its memory.
     *
     * @param qpn a QP this driver created
     * @param callback told the outcome
     */
    public void destroyQp(final int qpn, final DriverCallback callback)
    {
        final QueueMemory q = qps.get(qpn);
        if (q == null)
        {
            later(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        command(CommandOpcode.DESTROY_QP, handleInput(qpn), MailboxReader.NONE, (status, commandStatus, v) ->
        {
            if (status == DriverStatus.OK)
            {
                qps.remove(qpn);
                free(q.ringPa(), (long)WqeLayout.BASIC_BLOCK_BYTES << q.logRingEntries());
                free(q.rqPa(), qpRqBytes.remove(qpn));
                freeDoorbellRecords.addLast(q.doorbellRecordPa());
            }
            callback.onDone(status, commandStatus, v);
        });
    }

    private static QpAttributes copy(final QpAttributes a)
    {
        final QpAttributes c = new QpAttributes();
        c.port = a.port;
        c.access = a.access;
        c.pathMtu = a.pathMtu;
        c.remoteQpn = a.remoteQpn;
        c.recvPsn = a.recvPsn;
        c.maxDestRdAtomic = a.maxDestRdAtomic;
        c.minRnrTimer = a.minRnrTimer;
        c.destMac = a.destMac;
        c.destIpv4 = a.destIpv4;
        c.udpSourcePort = a.udpSourcePort;
        c.ttl = a.ttl;
        c.trafficClass = a.trafficClass;
        c.sendPsn = a.sendPsn;
        c.retryCount = a.retryCount;
        c.rnrRetry = a.rnrRetry;
        c.timeout = a.timeout;
        c.maxRdAtomic = a.maxRdAtomic;
        return c;
    }

    private static void writeContext(final QpContextFlyweight c, final QpAttributes a)
    {
        c.port(a.port).access(a.access).pathMtu(a.pathMtu).remoteQpn(a.remoteQpn).recvPsn(a.recvPsn)
            .maxDestRdAtomic(a.maxDestRdAtomic).minRnrTimer(a.minRnrTimer).destMac(a.destMac).destIpv4(a.destIpv4)
            .udpSourcePort(a.udpSourcePort).ttl(a.ttl).trafficClass(a.trafficClass).sendPsn(a.sendPsn)
            .retryCount(a.retryCount).rnrRetry(a.rnrRetry).timeout(a.timeout).maxRdAtomic(a.maxRdAtomic);
    }

    /** A zeroed 8-byte doorbell record in its own 64-byte slot; -1 if no frame is left. */
    private long doorbellRecord()
    {
        Long pa = freeDoorbellRecords.pollFirst();
        if (pa == null)
        {
            final long page = allocate(PAGE_BYTES);
            if (page < 0)
            {
                return -1;
            }
            for (long at = page + DBR_SLOT_BYTES; at < page + PAGE_BYTES; at += DBR_SLOT_BYTES)
            {
                freeDoorbellRecords.addLast(at);
            }
            pa = page;
        }
        memory.fill(pa, DBR_SLOT_BYTES, (byte)0);
        return pa;
    }

    // ---------------------------------------------------------------------------------------------
    // Memory registration

    /**
     * Registers {@code [va, va + length)} of a process in its protection domain (its pid).
     *
     * @param process the owner of the buffer
     * @param va the first byte
     * @param length bytes, at least 1
     * @param access {@code AccessFlags} granted
     * @param callback told the key (lkey = rkey)
     */
    public void registerMemory(final SimProcess process, final long va, final long length, final int access,
        final DriverCallback callback)
    {
        registerMemory(process, va, length, access, process.pid(), callback);
    }

    /**
     * Registers {@code [va, va + length)} of a process: pins its pages, writes their MTT entries, then
     * {@code CREATE_MKEY}. Nothing stays registered or written if any step fails.
     *
     * @param process the owner of the buffer
     * @param va the first byte
     * @param length bytes, at least 1
     * @param access {@code AccessFlags} granted
     * @param pd the protection domain, 24 bits
     * @param callback told the key (lkey = rkey)
     */
    public void registerMemory(final SimProcess process, final long va, final long length, final int access,
        final int pd, final DriverCallback callback)
    {
        if (!ready)
        {
            later(params.commandSyscallPs(), callback, DriverStatus.NOT_READY, null, 0);
            return;
        }
        if (length < 1 || va < 0 || va > AddressSpace.VA_LIMIT - length || !AccessFlags.valid(access)
            || (pd & ~0xFF_FFFF) != 0)
        {
            later(params.commandSyscallPs(), callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        final long firstPage = va >>> LOG_PAGE;
        final long pageCount = ((va + length - 1) >>> LOG_PAGE) - firstPage + 1;
        if (pageCount > 1L << mttLogEntries)
        {
            later(params.commandSyscallPs(), callback, DriverStatus.OUT_OF_MTT, null, 0);
            return;
        }
        final int pages = (int)pageCount;
        final AddressSpace space = process.addressSpace();
        final long[] pinned = new long[pages];
        for (int i = 0; i < pages; i++)
        {
            final long pa = space.translate((firstPage + i) << LOG_PAGE, 0);
            if (pa == AddressSpace.FAULT)
            {
                registrationFaults.increment();
                later(params.commandSyscallPs() + (i + 1) * params.pinPagePs(), callback, DriverStatus.PAGE_FAULT,
                    null, 0);
                return;
            }
            pinned[i] = pa;
        }
        final int mttBase = allocateMtt(pages);
        if (mttBase < 0)
        {
            later(params.commandSyscallPs() + pages * params.pinPagePs(), callback, DriverStatus.OUT_OF_MTT, null, 0);
            return;
        }
        pinnedPages += pages;
        pinnedPagesTotal.add(pages);
        for (int i = 0; i < pages; i++)
        {
            mtt.wrap(memory, mttTablePa + (long)(mttBase + i) * MttEntryDescriptor.LENGTH_BYTES)
                .pageAddress(pinned[i] & ~(PAGE_BYTES - 1));
        }
        final int variant = nextVariant;
        nextVariant = MemoryKey.nextVariant(nextVariant);
        final long cpuPs = pages * (params.pinPagePs() + params.mttEntryWritePs());
        loop.scheduleAfter(Event.of(name + ".registerIssue", Priority.DEFAULT, () ->
            command(CommandOpcode.CREATE_MKEY, (m, pa) -> new MptEntryFlyweight().wrap(m, pa)
                .keyVariant(variant).logPageSize(LOG_PAGE).access(access).pd(pd).startVa(va).length(length)
                .mttBase(mttBase).mttCount(pages),
                handleOutput, (status, commandStatus, key) ->
                {
                    if (status == DriverStatus.OK)
                    {
                        registrations.put(key, new Registration(key, mttBase, pages, pinned));
                        registrationsDone.increment();
                    }
                    else
                    {
                        freeMtt(mttBase, pages);
                        pinnedPages -= pages;
                    }
                    callback.onDone(status, commandStatus, status == DriverStatus.OK ? key : 0);
                })), cpuPs);
    }

    /**
     * Deregisters a key: {@code DESTROY_MKEY}, then frees its MTT entries and unpins its pages.
     *
     * @param key a key this driver registered
     * @param callback told the outcome
     */
    public void deregisterMemory(final int key, final DriverCallback callback)
    {
        final Registration r = registrations.get(key);
        if (r == null)
        {
            later(params.commandSyscallPs(), callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        command(CommandOpcode.DESTROY_MKEY, handleInput(key), MailboxReader.NONE, (status, commandStatus, v) ->
        {
            if (status == DriverStatus.OK)
            {
                registrations.remove(key);
                freeMtt(r.mttBase(), r.mttCount());
                pinnedPages -= r.pinnedPas().length;
            }
            callback.onDone(status, commandStatus, v);
        });
    }

    /** First fit of {@code n} contiguous free MTT entries; -1 if none. */
    private int allocateMtt(final int n)
    {
        final int entries = 1 << mttLogEntries;
        int run = 0;
        for (int i = 0; i < entries; i++)
        {
            run = mttBit(i) ? 0 : run + 1;
            if (run == n)
            {
                final int base = i - n + 1;
                for (int j = base; j <= i; j++)
                {
                    mttUsed[j >>> 6] |= 1L << j;
                }
                mttInUse += n;
                return base;
            }
        }
        return -1;
    }

    private boolean mttBit(final int i)
    {
        return (mttUsed[i >>> 6] & 1L << i) != 0;
    }

    private void freeMtt(final int base, final int n)
    {
        for (int j = base; j < base + n; j++)
        {
            mttUsed[j >>> 6] &= ~(1L << j);
            mtt.wrap(memory, mttTablePa + (long)j * MttEntryDescriptor.LENGTH_BYTES).clear();
        }
        mttInUse -= n;
    }

    // ---------------------------------------------------------------------------------------------
    // Observation

    /** @return whether bring-up finished */
    public boolean ready()
    {
        return ready;
    }

    /** @return what QUERY_DEVICE reported, or {@code null} before bring-up */
    public DeviceCapabilities capabilities()
    {
        return capabilities;
    }

    /** @return the parameters */
    public KernelDriverParams params()
    {
        return params;
    }

    /** @return physical address of the command queue */
    public long commandQueuePa()
    {
        return cmdqPa;
    }

    /** @return physical address of the MPT table */
    public long mptTablePa()
    {
        return mptTablePa;
    }

    /** @return log2 of the MPT table's entries */
    public int mptLogEntries()
    {
        return mptLogEntries;
    }

    /** @return physical address of the MTT table */
    public long mttTablePa()
    {
        return mttTablePa;
    }

    /** @return MTT entries in use */
    public int mttEntriesInUse()
    {
        return mttInUse;
    }

    /** @return 4 KiB pages pinned now */
    public long pinnedPages()
    {
        return pinnedPages;
    }

    /** @return keys registered now */
    public int registrations()
    {
        return registrations.size();
    }

    /**
     * @param key a registered key
     * @return its first MTT entry, or -1 if it is not registered
     */
    public int mttBase(final int key)
    {
        final Registration r = registrations.get(key);
        return r == null ? -1 : r.mttBase();
    }

    /**
     * @param eqn an EQ of this driver
     * @return its memory, or {@code null}
     */
    public QueueMemory eq(final int eqn)
    {
        return eqs.get(eqn);
    }

    /**
     * @param cqn a CQ of this driver
     * @return its memory, or {@code null}
     */
    public QueueMemory cq(final int cqn)
    {
        return cqs.get(cqn);
    }

    /**
     * @param qpn a QP of this driver
     * @return its memory, or {@code null}
     */
    public QueueMemory qp(final int qpn)
    {
        return qps.get(qpn);
    }
}
