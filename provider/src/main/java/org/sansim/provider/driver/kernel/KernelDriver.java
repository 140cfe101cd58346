package org.sansim.provider.driver.kernel;

import org.sansim.host.FrameAllocator;
import org.sansim.host.InterruptController;
import org.sansim.host.PageSize;
import org.sansim.host.PhysicalMemory;
import org.sansim.host.SimProcess;
import org.sansim.hw.CommandOpcode;
import org.sansim.hw.EqeType;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MttEntryDescriptor;
import org.sansim.hw.QpContextDescriptor;
import org.sansim.hw.QpState;
import org.sansim.hw.QueryDeviceOutputFlyweight;
import org.sansim.pcie.PcieRootComplex;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
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
 * <p><b>Structure</b> (one concept a class, as a Linux driver splits its core): this class brings the
 * device up and is the one entry point; {@code CommandInterface} owns the command slots and their
 * completion, {@code EventQueues} the EQs and MSI-X vectors, {@code MttTable} and
 * {@code MemoryRegistrar} registration, {@code QpCqResources} the CQs and QPs, {@code MadChannel} the
 * GSI's datagrams; {@code DeviceMemory} gives them host memory, {@code DeviceMmio} writes the NIC's
 * registers and {@code DeferredCallbacks} delivers every outcome on the event loop.
 *
 * <p>Runs on the host's partition.
 */
public final class KernelDriver
{
    /** {@link #allocateVector}: bring-up has not finished. */
    public static final int NOT_READY = -1;
    /** {@link #allocateVector}: every vector of the device is taken. */
    public static final int NO_VECTOR = -2;
    /**
     * log2 of the QP context table's entries the driver gives the NIC (HARDWARE.md 3, 5.8.1): 16384 QPs in
     * 2 MiB, above the NIC's default 1024 QP contexts; pages are zero until the firmware writes them.
     */
    private static final int LOG_QPC_ENTRIES = 14;

    private final String name;
    private final KernelDriverParams params;
    private final EventLoop loop;
    private final DeviceMemory deviceMemory;
    private final DeviceMmio mmio;
    private final DeferredCallbacks callbacks;
    private final CommandInterface commands;
    private final EventQueues eventQueues;
    private final MttTable mtt;
    private final MemoryRegistrar registrar;
    private final QpCqResources resources;
    private final MadChannel madChannel;

    private boolean initialising;
    private long mptTablePa = -1;
    private int mptLogEntries;
    private long qpcTablePa = -1;
    private DeviceCapabilities capabilities;

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
        this.name = name;
        this.params = params;
        this.loop = loop;
        final PhysicalMemory memory = rc.memory();
        this.deviceMemory = new DeviceMemory(memory, frames);
        this.mmio = new DeviceMmio(name, rc, bar0Address, bar2Address);
        this.callbacks = new DeferredCallbacks(name, loop);
        final StatGroup group = stats.group(name);
        this.commands = new CommandInterface(name, params, loop, memory, mmio, callbacks, group);
        this.eventQueues = new EventQueues(name, deviceMemory, mmio, commands, callbacks, rc.interruptController());
        this.mtt = new MttTable(memory);
        this.registrar = new MemoryRegistrar(name, params, loop, commands, callbacks, mtt, group);
        this.resources = new QpCqResources(deviceMemory, commands, callbacks);
        this.madChannel = new MadChannel(deviceMemory, mmio, commands, eventQueues, callbacks, group);
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
        if (initialising || commands.enabled() || logMptEntries < 1 || logMttEntries < 1
            || (long)MptEntryDescriptor.LENGTH_BYTES << logMptEntries > PageSize.SIZE_2M.bytes()
            || (long)MttEntryDescriptor.LENGTH_BYTES << logMttEntries > PageSize.SIZE_2M.bytes())
        {
            callbacks.after(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        final long cmdqPa = deviceMemory.allocate(InitSegmentLayout.CMDQ_SLOTS * InitSegmentLayout.CMDQ_SLOT_BYTES);
        final long mailboxPa = deviceMemory.allocate(CommandInterface.mailboxBytes());
        mptTablePa = deviceMemory.allocate((long)MptEntryDescriptor.LENGTH_BYTES << logMptEntries);
        final long mttTablePa = deviceMemory.allocate((long)MttEntryDescriptor.LENGTH_BYTES << logMttEntries);
        qpcTablePa = deviceMemory.allocate((long)QpContextDescriptor.LENGTH_BYTES << LOG_QPC_ENTRIES);
        commands.place(cmdqPa, mailboxPa);
        mtt.place(mttTablePa, logMttEntries);
        if (cmdqPa < 0 || mailboxPa < 0 || mptTablePa < 0 || mttTablePa < 0 || qpcTablePa < 0)
        {
            callbacks.after(0, callback, DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        initialising = true;
        mptLogEntries = logMptEntries;
        mmio.writeRegister64(InitSegmentLayout.CMDQ_ADDRESS_HI_OFFSET, cmdqPa);
        mmio.writeRegister64(InitSegmentLayout.MPT_BASE_HI_OFFSET, mptTablePa);
        mmio.writeRegister(InitSegmentLayout.MPT_LOG_ENTRIES_OFFSET, logMptEntries);
        mmio.writeRegister64(InitSegmentLayout.MTT_BASE_HI_OFFSET, mttTablePa);
        mmio.writeRegister(InitSegmentLayout.MTT_LOG_ENTRIES_OFFSET, logMttEntries);
        mmio.writeRegister64(InitSegmentLayout.QPC_BASE_HI_OFFSET, qpcTablePa);
        mmio.writeRegister(InitSegmentLayout.QPC_LOG_ENTRIES_OFFSET, LOG_QPC_ENTRIES);
        mmio.writeRegister(InitSegmentLayout.DEVICE_CONTROL_OFFSET, InitSegmentLayout.DEVICE_CONTROL_ENABLE);
        final QueryDeviceOutputFlyweight out = new QueryDeviceOutputFlyweight();
        loop.scheduleAfter(Event.of(name + ".readyWait", Priority.DEFAULT, () ->
        {
            commands.enable(true);
            commands.command(CommandOpcode.QUERY_DEVICE, MailboxWriter.NONE, (m, pa) ->
            {
                out.wrap(m, pa);
                capabilities = new DeviceCapabilities(out.logMaxQp(), out.logMaxCq(), out.logMaxEq(),
                    out.logMaxMkey(), out.logMaxMtt(), out.logMaxCqes(), out.maxRdAtomic(), out.maxDestRdAtomic(),
                    out.maxInlineBytes(), out.maxPathMtu(), out.uarCount(), out.msixVectors(), out.blueflame());
                return 0;
            }, (status, commandStatus, value) ->
            {
                commands.enable(status == DriverStatus.OK);
                if (status == DriverStatus.OK)
                {
                    eventQueues.deviceVectors(capabilities.msixVectors());
                }
                if (status != DriverStatus.OK || !mmio.uarKnown())
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

    /**
     * Creates the EQ of command completion events on a vector of its own and arms it; from then on
     * commands ask for an event and the driver waits for its interrupt instead of polling
     * {@code OWNER}. Falls back to polling if anything fails.
     */
    private void openCommandEq(final Runnable then)
    {
        final int vector = eventQueues.allocateVector(commands::onCompletionInterrupt);
        if (vector < 0)
        {
            then.run();
            return;
        }
        eventQueues.createEq(CommandInterface.LOG_COMMAND_EQ, vector, EqeType.COMMAND_COMPLETION.maskBit(),
            (status, commandStatus, eqn) ->
            {
                if (status != DriverStatus.OK)
                {
                    eventQueues.freeVector(vector);
                    then.run();
                    return;
                }
                commands.completeByEvent(eqn, eventQueues.eq(eqn).ringPa());
                then.run();
            });
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
        commands.command(opcode, writer, reader, callback);
    }

    /** @return whether commands complete by event and interrupt (after start-up) rather than by polling */
    public boolean commandEvents()
    {
        return commands.completesByEvent();
    }

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
        madChannel.open(logRingEntries, listener, callback);
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
        madChannel.send(dstMac, dstIpv4, remoteQpn, qKey, mad, callback);
    }

    /** @return management datagrams taken from the receive ring */
    public long madsReceived()
    {
        return madChannel.madsReceived();
    }

    /** @return management datagrams sent */
    public long madsSent()
    {
        return madChannel.madsSent();
    }

    /** @return the EQ of the MAD channel, or -1 before {@link #openMadChannel} succeeded */
    public int madEqn()
    {
        return madChannel.eqn();
    }

    /** @return the MSI-X vector of the MAD channel, or -1 before {@link #openMadChannel} succeeded */
    public int madVector()
    {
        return madChannel.vector();
    }

    // ---------------------------------------------------------------------------------------------
    // Interrupts and event queues

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
        return eventQueues.allocateVector(handler);
    }

    /**
     * Masks a vector's MSI-X table entry and removes its handler; the vector may be taken again.
     *
     * @param vector a vector {@link #allocateVector} returned
     * @throws IllegalArgumentException if the vector is not allocated
     */
    public void freeVector(final int vector)
    {
        eventQueues.freeVector(vector);
    }

    /**
     * Rings an EQ's doorbell in UAR page 0 (HARDWARE.md 4.3): reports the consumer index and, with
     * {@code arm}, re-arms the EQ's interrupt (which fires at once if EQEs wait past the index).
     *
     * @param eqn an EQ of this driver
     * @param consumerIndex the driver's consumer index, free-running
     * @param arm whether to re-arm the interrupt
     * @throws IllegalStateException if the address of BAR 2 is unknown
     */
    public void eqDoorbell(final int eqn, final int consumerIndex, final boolean arm)
    {
        eventQueues.eqDoorbell(eqn, consumerIndex, arm);
    }

    /** @return the host's interrupt controller, where this driver registers its handlers */
    public InterruptController interruptController()
    {
        return eventQueues.interruptController();
    }

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
        eventQueues.createEq(logSize, msixVector, eventMask, callback);
    }

    // ---------------------------------------------------------------------------------------------
    // CQs and QPs

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
        resources.createCq(logSize, eqn, uarIndex, callback);
    }

    /**
     * Destroys a CQ ({@code DESTROY_CQ}) and frees its memory.
     *
     * @param cqn a CQ this driver created
     * @param callback told the outcome
     */
    public void destroyCq(final int cqn, final DriverCallback callback)
    {
        resources.destroyCq(cqn, callback);
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
        resources.createQp(a, callback);
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
        resources.modifyQp(qpn, from, to, a, callback);
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
        resources.queryQp(qpn, out, callback);
    }

    /**
     * Destroys a QP ({@code DESTROY_QP}) and frees its memory.
     *
     * @param qpn a QP this driver created
     * @param callback told the outcome
     */
    public void destroyQp(final int qpn, final DriverCallback callback)
    {
        resources.destroyQp(qpn, callback);
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
        registrar.register(process, va, length, access, pd, callback);
    }

    /**
     * Deregisters a key: {@code DESTROY_MKEY}, then frees its MTT entries and unpins its pages.
     *
     * @param key a key this driver registered
     * @param callback told the outcome
     */
    public void deregisterMemory(final int key, final DriverCallback callback)
    {
        registrar.deregister(key, callback);
    }

    // ---------------------------------------------------------------------------------------------
    // Observation

    /** @return whether bring-up finished */
    public boolean ready()
    {
        return commands.enabled();
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
        return commands.commandQueuePa();
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
        return mtt.tablePa();
    }

    /** @return MTT entries in use */
    public int mttEntriesInUse()
    {
        return mtt.entriesInUse();
    }

    /** @return 4 KiB pages pinned now */
    public long pinnedPages()
    {
        return registrar.pinnedPages();
    }

    /** @return keys registered now */
    public int registrations()
    {
        return registrar.registrations();
    }

    /**
     * @param key a registered key
     * @return its first MTT entry, or -1 if it is not registered
     */
    public int mttBase(final int key)
    {
        return registrar.mttBase(key);
    }

    /**
     * @param eqn an EQ of this driver
     * @return its memory, or {@code null}
     */
    public QueueMemory eq(final int eqn)
    {
        return eventQueues.eq(eqn);
    }

    /**
     * @param cqn a CQ of this driver
     * @return its memory, or {@code null}
     */
    public QueueMemory cq(final int cqn)
    {
        return resources.cq(cqn);
    }

    /**
     * @param qpn a QP of this driver
     * @return its memory, or {@code null}
     */
    public QueueMemory qp(final int qpn)
    {
        return resources.qp(qpn);
    }
}
